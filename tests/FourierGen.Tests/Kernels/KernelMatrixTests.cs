using FourierGen.Features;
using FourierGen.Kernels;
using FourierGen.Tests.Numerics;
using Xunit;

namespace FourierGen.Tests.Kernels;

/// <summary>The Gram GEMM, the matrix driver's paths, the arccos, stationarity and the stationary form.</summary>
public sealed class KernelMatrixTests
{
    private static FeatureMap GaussianMap(int inputs, int size, double scale, int seed)
    {
        var rng = new Random(seed);
        var b = new float[size * inputs];
        for (int k = 0; k < b.Length; k++)
        {
            b[k] = (float)(scale * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        }

        var a = new float[size];
        for (int j = 0; j < size; j++)
        {
            a[j] = (float)(0.5 + rng.NextDouble());
        }

        return FeatureMap.Explicit(inputs, b, a, normalize: true, null, default);
    }

    private static float[] Points(int n, int inputs, int seed, int grid = 0)
    {
        var rng = new Random(seed);
        var x = new float[n * inputs];
        for (int k = 0; k < x.Length; k++)
        {
            // grid > 0: multiples of 1/grid, so that shifts by such multiples are exact in float.
            x[k] = grid > 0 ? rng.Next(grid) / (float)grid : (float)rng.NextDouble();
        }

        return x;
    }

    /// <summary>
    /// θ = arccos c and sin θ, as the ReLU step computes them (sin θ from the arccos's own argument, not a square root of
    /// its own), against Math.Acos and √((1 − c)(1 + c)) (each within about an ulp).
    /// </summary>
    [Fact]
    public void ArcCosAndSineAreAccurateToAFewUlp()
    {
        // Lane-wise arithmetic only: one lane of the scalar width gives the same bits as any vector lane
        // (EveryWidthGivesTheSameKernelMatrix checks the matrices).
        double worst = 0, worstSine = 0;
        void Check(double c)
        {
            double expected = Math.Acos(c), expectedSine = Math.Sqrt((1 - c) * (1 + c));
            double actual = KernelRecursion.ArcCosAndSine(new FourierGen.Numerics.SimdScalar<double>(c), out var sine).Value;
            if (expected != 0)
            {
                worst = Math.Max(worst, Math.Abs(actual - expected) / expected);
            }
            else
            {
                Assert.Equal(0.0, actual);
            }

            if (expectedSine != 0)
            {
                worstSine = Math.Max(worstSine, Math.Abs(sine.Value - expectedSine) / expectedSine);
            }
            else
            {
                Assert.Equal(0.0, sine.Value); // c = ±1: exactly 0, so the diagonal's closed form holds
            }
        }

        for (int i = -200_000; i <= 200_000; i++)
        {
            Check(i == 200_000 ? 1 : i / 200_000.0);
        }

        // Points just below 1, where θ ≈ √(2(1 − c)) is tiny.
        for (int u = 1; u < 2000; u++)
        {
            Check(1 - u * Math.Pow(2, -53));
        }

        Assert.True(worst < 1e-15, $"worst relative error of arccos {worst:E2}");
        Assert.True(worstSine < 1e-15, $"worst relative error of the sine {worstSine:E2}");
    }

    [Fact]
    public void ReluStepMatchesTheScalarArcCosineFormula()
    {
        var rng = new Random(21);
        int n = 4001;
        var sigma = new double[n];
        var theta = new double[n];
        var columnVariances = new double[n];
        var expectedSigma = new double[n];
        var expectedTheta = new double[n];
        double rowVariance = 1.7;
        for (int i = 0; i < n; i++)
        {
            double v2 = 0.2 + 3 * rng.NextDouble();
            double c = i < n - 3 ? -1 + 2.0 * i / (n - 4) : (i == n - 3 ? 1 : i == n - 2 ? -1 : 0.999999999);
            double q = Math.Sqrt(rowVariance * v2);
            columnVariances[i] = v2;
            sigma[i] = c * q;
            theta[i] = 1 + rng.NextDouble();
            double cc = Math.Clamp(sigma[i] / q, -1, 1), t = Math.Acos(cc);
            expectedSigma[i] = q * (Math.Sin(t) + (Math.PI - t) * cc) / (2 * Math.PI);
            expectedTheta[i] = theta[i] * (Math.PI - t) / (2 * Math.PI);
        }

        KernelRecursion.Relu(sigma, theta, rowVariance, columnVariances, Array.ConvertAll(columnVariances, KernelRecursion.InverseRoot));
        for (int i = 0; i < n; i++)
        {
            double scale = Math.Sqrt(rowVariance * columnVariances[i]);
            Assert.True(Math.Abs(sigma[i] - expectedSigma[i]) <= 2e-15 * scale, $"Σ[{i}] {sigma[i]:R} vs {expectedSigma[i]:R}");
            Assert.True(Math.Abs(theta[i] - expectedTheta[i]) <= 2e-15 * theta[i] + 1e-15, $"Θ[{i}] {theta[i]:R} vs {expectedTheta[i]:R}");
        }
    }

    /// <summary>
    /// ReLU takes cos θ from the per-point inverse roots up to |c| = 0.75 and by division above it, choosing per entry:
    /// entries on both sides of the limit, mixed within every vector and at every offset, give the bits of the same entry
    /// alone (<see cref="KernelRecursion.ApplyPair"/>) at every width, and identical points keep cos θ = 1 exactly.
    /// </summary>
    [Fact]
    public void ReluChoosesTheProductOrTheDivisionPerEntry()
    {
        var rng = new Random(5);
        const int n = 203;
        double rowVariance = 0.83;
        var columnVariances = new double[n];
        var sigma0 = new double[n];
        for (int i = 0; i < n; i++)
        {
            columnVariances[i] = i % 11 == 0 ? rowVariance : 0.3 + rng.NextDouble();
            double limit = KernelRecursion.ProductCorrelationLimit;
            double c = (i % 4) switch
            {
                0 => limit * (1 + (rng.NextDouble() - 0.5) * 1e-15), // within an ulp or two of the limit
                1 => 0.99,
                2 => rng.NextDouble() * 2 - 1,
                _ => -limit,
            };
            sigma0[i] = i % 11 == 0 ? rowVariance : c * Math.Sqrt(rowVariance * columnVariances[i]);
        }

        double[] inverseRoots = Array.ConvertAll(columnVariances, KernelRecursion.InverseRoot);
        foreach (FourierGen.VectorWidth width in FourierGen.Tests.Numerics.NumericsReference.VectorWidths)
        {
            for (int offset = 0; offset < 9; offset++)
            {
                double[] sigma = sigma0[offset..], theta = Enumerable.Repeat(1.0, n - offset).ToArray();
                KernelRecursion.ApplyAt(width, LayerStep.Relu, sigma, theta, rowVariance, columnVariances.AsSpan(offset), inverseRoots.AsSpan(offset));
                for (int i = 0; i < sigma.Length; i++)
                {
                    double s = sigma0[offset + i], t = 1.0;
                    KernelRecursion.ApplyPair(LayerStep.Relu, ref s, ref t, rowVariance, columnVariances[offset + i]);
                    Assert.Equal(s, sigma[i]);
                    Assert.Equal(t, theta[i]);
                    if ((offset + i) % 11 == 0)
                    {
                        Assert.Equal(rowVariance * 0.5, sigma[i]); // θ = 0: Σ₁₂ = Σ/2, the closed form of the variance
                        Assert.Equal(0.5, theta[i]);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(13, 29, 37)]
    [InlineData(101, 263, 300)] // crosses the 256-deep slab and the 256-column block
    [InlineData(200, 7, 2)]
    public void GramMatchesTheNaiveProduct(int n1, int n2, int d)
    {
        var rng = new Random(n1 * 1000 + n2);
        double[] f1 = UniformFeatures(rng, n1 * d);
        double[] f2 = UniformFeatures(rng, n2 * d);
        var g = new double[n1 * n2];
        AnalyticKernel.Gram(f1, n1, f2, n2, d, g);
        for (int i = 0; i < n1; i++)
        {
            for (int j = 0; j < n2; j++)
            {
                double s = 0;
                for (int k = 0; k < d; k++)
                {
                    s = NumericsReference.MultiplyAdd(f1[i * d + k], f2[j * d + k], s);
                }

                Assert.Equal(s * (1.0 / d), g[i * n2 + j]); // the same multiply-add chain, bit for bit
            }
        }
    }

    [Theory]
    [InlineData(Parameterization.Ntk, 1)]
    [InlineData(Parameterization.Standard, 133)]
    [InlineData(Parameterization.Standard, 300)]
    public void SymmetricPathEqualsTheGeneralPathAndIsPositiveDefinite(Parameterization parameterization, int n)
    {
        FeatureMap map = GaussianMap(2, 64, 10, seed: 3);
        LayerStep[] steps = LayerStep.Network(parameterization, 128, [256, 256, 256], Activation.Relu, 1.4, 0.1);
        float[] x = Points(n, 2, seed: 4);
        float[] copy = (float[])x.Clone();
        var nngpSym = new double[n * n];
        var ntkSym = new double[n * n];
        var nngp = new double[n * n];
        var ntk = new double[n * n];
        AnalyticKernel.Matrix(map, 2, x, x, steps, nngpSym, ntkSym);
        AnalyticKernel.Matrix(map, 2, x, copy, steps, nngp, ntk);
        Assert.Equal(nngp, nngpSym);
        Assert.Equal(ntk, ntkSym);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                Assert.Equal(ntk[j * n + i], ntk[i * n + j]);
                Assert.Equal(nngp[j * n + i], nngp[i * n + j]);
            }
        }

        // Positive definite: the Cholesky factorisation succeeds and the spectrum is positive.
        Cholesky.Factor((double[])ntk.Clone(), n);
        Cholesky.Factor((double[])nngp.Clone(), n);
        var lambda = new double[n];
        SymmetricEigen.Eigenvalues(ntk, n, lambda);
        Assert.True(lambda[^1] > 0, $"smallest NTK eigenvalue {lambda[^1]}");
    }

    /// <summary>
    /// Each Gram entry is one multiply-add chain in k order and the recursion is lane-wise, so every vector
    /// width the machine accelerates gives the same matrices bit for bit (the symmetric and the general path).
    /// </summary>
    [Fact]
    public void EveryWidthGivesTheSameKernelMatrix()
    {
        const int n1 = 37, n2 = 45, d = 70;
        var rng = new Random(11);
        double[] f1 = UniformFeatures(rng, n1 * d);
        double[] f2 = UniformFeatures(rng, n2 * d);
        LayerStep[] steps = LayerStep.Network(Parameterization.Standard, d, [32, 32], Activation.Relu, 1.4, 0.1);
        double[] expectedK = new double[n1 * n2], expectedT = new double[n1 * n2], expectedSym = new double[n1 * n1];
        AnalyticKernel.Matrix(f1, n1, f2, n2, d, steps, expectedK, expectedT);
        AnalyticKernel.Matrix(f1, n1, f1, n1, d, steps, default, expectedSym);
        foreach (FourierGen.VectorWidth width in FourierGen.Tests.Numerics.NumericsReference.VectorWidths)
        {
            double[] k = new double[n1 * n2], t = new double[n1 * n2], sym = new double[n1 * n1];
            AnalyticKernel.MatrixAt(width, f1, n1, f2, n2, d, steps, k, t);
            AnalyticKernel.MatrixAt(width, f1, n1, f1, n1, d, steps, default, sym);
            Assert.Equal(expectedK, k);
            Assert.Equal(expectedT, t);
            Assert.Equal(expectedSym, sym);
        }
    }

    /// <summary>
    /// Blocks write their rows and mirror images with streaming stores from the first cache-line boundary on: destinations
    /// at every offset within a line get the same matrices (several blocks, the symmetric and the general path, every
    /// width), and nothing outside the n₁ × n₂ entries is written.
    /// </summary>
    [Fact]
    public void MatricesDoNotDependOnTheDestinationsAlignment()
    {
        const int n = 300, n2 = 263, d = 24;
        var rng = new Random(17);
        double[] f1 = UniformFeatures(rng, n * d);
        double[] f2 = UniformFeatures(rng, n2 * d);
        LayerStep[] steps = LayerStep.Network(Parameterization.Standard, d, [32, 32], Activation.Relu, 1.4, 0.1);
        double[] expectedK = new double[n * n], expectedT = new double[n * n], expectedGeneral = new double[n * n2];
        AnalyticKernel.Matrix(f1, n, f1, n, d, steps, expectedK, expectedT);
        AnalyticKernel.Matrix(f1, n, f2, n2, d, steps, default, expectedGeneral);
        foreach (FourierGen.VectorWidth width in FourierGen.Tests.Numerics.NumericsReference.VectorWidths)
        {
            foreach (int offset in new[] { 1, 3, 7, 8 })
            {
                double[] k = Sentinels(n * n + 16), t = Sentinels(n * n + 16), general = Sentinels(n * n2 + 16);
                AnalyticKernel.MatrixAt(width, f1, n, f1, n, d, steps, k.AsSpan(offset, n * n), t.AsSpan(offset, n * n));
                AnalyticKernel.MatrixAt(width, f1, n, f2, n2, d, steps, default, general.AsSpan(offset, n * n2));
                Check(expectedK, k, offset);
                Check(expectedT, t, offset);
                Check(expectedGeneral, general, offset);
            }
        }

        static double[] Sentinels(int length) => Enumerable.Repeat(double.NaN, length).ToArray();

        static void Check(double[] expected, double[] actual, int offset)
        {
            Assert.Equal(expected, actual.AsSpan(offset, expected.Length).ToArray());
            Assert.All(actual[..offset], v => Assert.True(double.IsNaN(v)));
            Assert.All(actual[(offset + expected.Length)..], v => Assert.True(double.IsNaN(v)));
        }
    }

    [Fact]
    public void PairMatchesTheMatrixBitForBit()
    {
        FeatureMap map = GaussianMap(3, 40, 5, seed: 5);
        LayerStep[] steps = LayerStep.Network(Parameterization.Ntk, 80, [64, 64], Activation.Relu, 1.3, 0.2, bias: false);
        float[] x1 = Points(9, 3, seed: 6), x2 = Points(11, 3, seed: 7);
        var nngp = new double[99];
        var ntk = new double[99];
        AnalyticKernel.Matrix(map, 3, x1, x2, steps, nngp, ntk);
        for (int i = 0; i < 9; i++)
        {
            for (int j = 0; j < 11; j++)
            {
                AnalyticKernel.Pair(map, 3, x1.AsSpan(i * 3, 3), x2.AsSpan(j * 3, 3), steps, out double k, out double t);
                Assert.Equal(nngp[i * 11 + j], k);
                Assert.Equal(ntk[i * 11 + j], t);
            }
        }
    }

    [Fact]
    public void IdentityActivationIsALinearKernel()
    {
        // Identity hidden layers, NTK parameterisation, no bias: Σ = σ_w^(2L)·x·x′/d.
        LayerStep[] steps = LayerStep.Network(Parameterization.Ntk, 2, [8, 8], Activation.Identity, 1.5, 0, bias: false);
        AnalyticKernel.Pair([1.0, 2.0], [3.0, -1.0], steps, out double nngp, out double ntk);
        double s0 = (3.0 - 2.0) / 2, w = 2.25;
        Assert.Equal(w * w * w * s0, nngp, 14);
        Assert.Equal(3 * w * w * w * s0, ntk, 14); // Θ_L = L·σ_w^(2L)·Σ₀ for a deep linear net
    }

    [Fact]
    public void StandardDenseWithoutBiasDropsBothBiasTerms()
    {
        // Raw x = (1, 0), x′ = (0, 1): Σ₀ = 0, Σᵢᵢ = ½. Dense(std, n_in 2, σ_w² 2, no bias; σ_b 0.3 ignored):
        // Θ = 2·0 = 0, Σ = 0, Σᵢᵢ = 1. ReLU at cos θ = 0: Σ = 1/2π, Θ = 0, Σᵢᵢ = ½.
        // Readout (n_in 16): Θ = 16/2π = 8/π, Σ = 2/2π = 1/π. Diagonal: Θ: 1 → ½ → 16·½ + 2·½ = 9; Σ: 1 → ½ → 1.
        LayerStep[] steps = LayerStep.Network(Parameterization.Standard, 2, [16], Activation.Relu, Math.Sqrt(2), 0.3, bias: false);
        Assert.Equal(0.0, steps[0].BiasVariance);
        Assert.Equal(0.0, steps[0].NtkBiasTerm);
        AnalyticKernel.Pair([1.0, 0.0], [0.0, 1.0], steps, out double nngp, out double ntk);
        Assert.Equal(1 / Math.PI, nngp, 15);
        Assert.Equal(8 / Math.PI, ntk, 14);
        AnalyticKernel.Pair([1.0, 0.0], [1.0, 0.0], steps, out double nngp11, out double ntk11);
        Assert.Equal(1.0, nngp11, 15);
        Assert.Equal(9.0, ntk11, 14);

        // With a bias (σ_b = 0.3) the Standard NTK gains +1 per layer and Σ gains σ_b².
        LayerStep[] biased = LayerStep.Network(Parameterization.Standard, 2, [16], Activation.Relu, Math.Sqrt(2), 0.3);
        AnalyticKernel.Pair([1.0, 0.0], [1.0, 0.0], biased, out double nngpB, out double ntkB);
        double s1 = 2 * 0.5 + 0.09, t1 = 2 * 0.5 + 1;             // first Dense
        double s2 = 2 * (s1 / 2) + 0.09, t2 = 16 * (s1 / 2) + 2 * (t1 / 2) + 1; // ReLU, readout
        Assert.Equal(s2, nngpB, 14);
        Assert.Equal(t2, ntkB, 13);
    }

    [Fact]
    public void KernelsOfFourierFeaturesAreStationary()
    {
        FeatureMap map = GaussianMap(2, 128, 10, seed: 8);
        LayerStep[] steps = LayerStep.Network(Parameterization.Standard, 256, [256, 256, 256], Activation.Relu, 1, 0.05);
        int n = 40;
        float[] x = Points(n, 2, seed: 9, grid: 1024);
        float[] shifted = new float[x.Length];
        for (int i = 0; i < n; i++)
        {
            shifted[2 * i] = x[2 * i] + 0.375f;       // exact: multiples of 1/1024 below 2
            shifted[2 * i + 1] = x[2 * i + 1] - 0.25f;
        }

        var ntk = new double[n * n];
        var ntkShifted = new double[n * n];
        var nngp = new double[n * n];
        var nngpShifted = new double[n * n];
        AnalyticKernel.Matrix(map, 2, x, x, steps, nngp, ntk);
        AnalyticKernel.Matrix(map, 2, shifted, shifted, steps, nngpShifted, ntkShifted);
        double scaleNtk = ntk.Max(Math.Abs), scaleNngp = nngp.Max(Math.Abs);
        for (int k = 0; k < n * n; k++)
        {
            Assert.True(Math.Abs(ntk[k] - ntkShifted[k]) <= 1e-11 * scaleNtk, $"ntk[{k}]: {ntk[k]:R} vs {ntkShifted[k]:R}");
            Assert.True(Math.Abs(nngp[k] - nngpShifted[k]) <= 1e-11 * scaleNngp, $"nngp[{k}]: {nngp[k]:R} vs {nngpShifted[k]:R}");
        }
    }

    [Theory]
    [InlineData(Parameterization.Ntk)]
    [InlineData(Parameterization.Standard)]
    public void KernelOfDifferenceEqualsTheGramPath(Parameterization parameterization)
    {
        FeatureMap map = GaussianMap(2, 96, 12, seed: 10);
        LayerStep[] steps = LayerStep.Network(parameterization, 192, [128, 128, 128], Activation.Relu, 1.4142135623730951, 0.7);
        int n1 = 17, n2 = 23;
        float[] x1 = Points(n1, 2, seed: 11), x2 = Points(n2, 2, seed: 12);
        var nngp = new double[n1 * n2];
        var ntk = new double[n1 * n2];
        AnalyticKernel.Matrix(map, 2, x1, x2, steps, nngp, ntk);
        var deltas = new double[n1 * n2 * 2];
        for (int i = 0; i < n1; i++)
        {
            for (int j = 0; j < n2; j++)
            {
                deltas[(i * n2 + j) * 2] = (double)x1[2 * i] - x2[2 * j];
                deltas[(i * n2 + j) * 2 + 1] = (double)x1[2 * i + 1] - x2[2 * j + 1];
            }
        }

        var nngpD = new double[n1 * n2];
        var ntkD = new double[n1 * n2];
        StationaryKernel.KernelOfDifferences(map, deltas, steps, nngpD, ntkD);
        for (int k = 0; k < n1 * n2; k++)
        {
            Assert.True(Math.Abs(ntk[k] - ntkD[k]) <= 1e-12 * Math.Abs(ntk[k]), $"ntk[{k}]: {ntk[k]:R} vs {ntkD[k]:R}");
            Assert.True(Math.Abs(nngp[k] - nngpD[k]) <= 1e-12 * Math.Abs(nngp[k]), $"nngp[{k}]: {nngp[k]:R} vs {nngpD[k]:R}");
            StationaryKernel.KernelOfDifference(map, deltas.AsSpan(2 * k, 2), steps, out double one, out double oneNtk);
            Assert.Equal(nngpD[k], one, 15);
            Assert.Equal(ntkD[k], oneNtk, 13);
        }

        StationaryKernel.KernelOfDifference(map, [0.0, 0.0], steps, out double k0, out double t0);
        AnalyticKernel.Pair(map, 2, x1.AsSpan(0, 2), x1.AsSpan(0, 2), steps, out double kd, out double td);
        Assert.True(Math.Abs(k0 - kd) <= 1e-13 * kd && Math.Abs(t0 - td) <= 1e-13 * td);
    }

    private static double[] UniformFeatures(Random rng, int count) => Enumerable.Range(0, count).Select(_ => rng.NextDouble() - 0.5).ToArray();
}
