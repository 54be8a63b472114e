using FourierGen.Kernels;
using Xunit;

namespace FourierGen.Tests.Kernels;

/// <summary>Cholesky and the symmetric eigendecomposition.</summary>
public sealed class LinearAlgebraTests
{
    internal static double[] RandomSpd(int n, int seed, double shift = 1)
    {
        var rng = new Random(seed);
        int d = n + 5;
        double[] f = Enumerable.Range(0, n * d).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var a = new double[n * n];
        AnalyticKernel.Gram(f, n, f, n, d, a);
        for (int i = 0; i < n; i++)
        {
            a[i * n + i] += shift;
        }

        return a;
    }

    /// <summary>Sizes around the leaves and split sizes, at every vector width the machine accelerates.</summary>
    public static TheoryData<int, FourierGen.VectorWidth> CholeskyCases()
    {
        var data = new TheoryData<int, FourierGen.VectorWidth>();
        foreach (FourierGen.VectorWidth width in FourierGen.Tests.Numerics.NumericsReference.VectorWidths)
        {
            foreach (int n in new[] { 1, 7, 96, 97, 250, 509, 1030 }) // 1030: the upper triangle cleared in parallel
            {
                data.Add(n, width);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CholeskyCases))]
    public void CholeskyReproducesTheMatrix(int n, FourierGen.VectorWidth width)
    {
        double[] a = RandomSpd(n, seed: n);
        double[] l = (double[])a.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                l[i * n + j] = double.NaN; // the upper triangle must not be read
            }
        }

        Cholesky.FactorAt(width, l, n);
        for (int i = 0; i < n; i++)
        {
            Assert.True(l[i * n + i] > 0);
            for (int j = 0; j < n; j++)
            {
                if (j > i)
                {
                    Assert.Equal(0.0, l[i * n + j]);
                    continue;
                }

                double s = 0;
                for (int k = 0; k <= j; k++)
                {
                    s += l[i * n + k] * l[j * n + k];
                }

                Assert.True(Math.Abs(s - a[i * n + j]) <= 1e-13 * (1 + Math.Abs(a[i * n + i])), $"({i},{j}): {s} vs {a[i * n + j]}");
            }
        }

        // Solve: A x = b.
        var rng = new Random(1);
        double[] b = Enumerable.Range(0, n * 2).Select(_ => rng.NextDouble()).ToArray();
        double[] x = (double[])b.Clone();
        Cholesky.Solve(l, n, x, 2);
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 2; c++)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                {
                    s += a[i * n + k] * x[k * 2 + c];
                }

                Assert.Equal(b[i * 2 + c], s, 10);
            }
        }
    }

    /// <summary>Leaf shapes: rows around the chunk of eight vectors, columns around the register tile's rows, up to the leaf.</summary>
    public static TheoryData<int, int, FourierGen.VectorWidth> TriangularSolveLeafCases()
    {
        var data = new TheoryData<int, int, FourierGen.VectorWidth>();
        foreach (FourierGen.VectorWidth width in FourierGen.Tests.Numerics.NumericsReference.VectorWidths)
        {
            foreach ((int m, int k) in new[] { (1, 1), (13, 7), (64, 48), (70, 50), (269, Cholesky.TrsmLeaf) })
            {
                data.Add(m, k, width);
            }
        }

        return data;
    }

    /// <summary>
    /// The triangular-solve leaf (chunks transposed, register tiles, then each block's triangle) gives exactly the
    /// bits of plain column-by-column substitution: x_ij = (b_ij − Σ_l L_jl·x_il in increasing l, one multiply-add each)
    /// · (1/L_jj). The Cholesky's results then do not depend on how rows are split into chunks or across threads.
    /// </summary>
    [Theory]
    [MemberData(nameof(TriangularSolveLeafCases))]
    public unsafe void TriangularSolveLeafIsColumnByColumnSubstitutionBitForBit(int m, int k, FourierGen.VectorWidth width)
    {
        const int ld = 301; // a stride wider than both blocks, as inside the factor
        var rng = new Random(m * 1000 + k);
        double[] l = new double[k * ld];
        for (int j = 0; j < k; j++)
        {
            for (int i = 0; i < j; i++)
            {
                l[j * ld + i] = rng.NextDouble() - 0.5;
            }

            l[j * ld + j] = 1 + rng.NextDouble();
        }

        double[] b = Enumerable.Range(0, m * ld).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] expected = (double[])b.Clone();
        for (int r = 0; r < m; r++)
        {
            for (int j = 0; j < k; j++)
            {
                double sum = expected[r * ld + j];
                for (int i = 0; i < j; i++)
                {
                    sum = FourierGen.Tests.Numerics.NumericsReference.MultiplyAdd(-l[j * ld + i], expected[r * ld + i], sum);
                }

                expected[r * ld + j] = sum * (1.0 / l[j * ld + j]);
            }
        }

        fixed (double* pb = b, pl = l)
        {
            switch (width)
            {
                case FourierGen.VectorWidth.Vector512: Cholesky.TrsmLeafSolve<FourierGen.Numerics.Simd512<double>>(pb, m, k, pl, ld); break;
                case FourierGen.VectorWidth.Vector256: Cholesky.TrsmLeafSolve<FourierGen.Numerics.Simd256<double>>(pb, m, k, pl, ld); break;
                case FourierGen.VectorWidth.Vector128: Cholesky.TrsmLeafSolve<FourierGen.Numerics.Simd128<double>>(pb, m, k, pl, ld); break;
                default: Cholesky.TrsmLeafSolve<FourierGen.Numerics.SimdScalar<double>>(pb, m, k, pl, ld); break;
            }
        }

        for (int i = 0; i < b.Length; i++)
        {
            Assert.True(expected[i].Equals(b[i]), $"row {i / ld}, column {i % ld}: {b[i]:R}, expected {expected[i]:R}"); // columns ≥ k untouched
        }
    }

    [Fact]
    public void CholeskyNamesTheFailingPivotAndSuggestsDiagReg()
    {
        // Row/column 120 duplicates 119 with a diagonal 1e-3 smaller: the Schur complement at pivot 120 is −1e-3.
        int n = 150;
        double[] a = RandomSpd(n, seed: 2);
        for (int j = 0; j < n; j++)
        {
            a[120 * n + j] = a[119 * n + j];
            a[j * n + 120] = a[j * n + 119];
        }

        a[120 * n + 120] = a[119 * n + 119] - 1e-3;
        a[120 * n + 119] = a[119 * n + 120] = a[119 * n + 119];
        var e = Assert.Throws<MatrixNotPositiveDefiniteException>(() => Cholesky.Factor(a, n));
        Assert.Equal(120, e.PivotIndex);
        Assert.Equal(-1e-3, e.PivotValue, 9);
        Assert.Contains("pivot 120", e.Message);
        Assert.Contains("diagReg", e.Message);

        double[] negative = [1, 0, 0, -2];
        var e2 = Assert.Throws<MatrixNotPositiveDefiniteException>(() => Cholesky.Factor(negative, 2));
        Assert.Equal(1, e2.PivotIndex);
        Assert.Equal(-2, e2.PivotValue);
        Assert.Contains("-2", e2.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(60)]
    [InlineData(257)]
    public void EigendecompositionDiagonalisesTheMatrix(int n)
    {
        var rng = new Random(n);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                a[i * n + j] = a[j * n + i] = rng.NextDouble() - 0.5;
            }
        }

        var lambda = new double[n];
        var v = new double[n * n];
        SymmetricEigen.Decompose(a, n, lambda, v);
        double trace = 0;
        for (int i = 0; i < n; i++)
        {
            trace += a[i * n + i];
        }

        Assert.Equal(trace, lambda.Sum(), 10);
        for (int k = 0; k < n; k++)
        {
            if (k > 0)
            {
                Assert.True(lambda[k] <= lambda[k - 1]);
            }

            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++)
                {
                    s += a[i * n + j] * v[k * n + j];
                }

                Assert.True(Math.Abs(s - lambda[k] * v[k * n + i]) < 1e-12 * n, $"A v_{k} at {i}");
            }

            for (int k2 = 0; k2 <= k; k2++)
            {
                double dot = 0;
                for (int j = 0; j < n; j++)
                {
                    dot += v[k * n + j] * v[k2 * n + j];
                }

                Assert.Equal(k == k2 ? 1.0 : 0.0, dot, 12);
            }
        }

        var values = new double[n];
        SymmetricEigen.Eigenvalues(a, n, values);
        for (int k = 0; k < n; k++)
        {
            Assert.Equal(lambda[k], values[k], 12);
        }
    }

    [Fact]
    public void EigendecompositionHandlesRepeatedEigenvalues()
    {
        // Identity plus a rank-one term: n − 1 eigenvalues equal to 1.
        int n = 40;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i * n + j] = (i == j ? 1 : 0) + 0.5;
            }
        }

        var lambda = new double[n];
        var v = new double[n * n];
        SymmetricEigen.Decompose(a, n, lambda, v);
        Assert.Equal(1 + 0.5 * n, lambda[0], 12);
        for (int k = 1; k < n; k++)
        {
            Assert.Equal(1.0, lambda[k], 12);
        }
    }
}
