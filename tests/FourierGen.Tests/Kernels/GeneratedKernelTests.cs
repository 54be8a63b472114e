using System.Text.Json;
using FourierGen.Tests.Support;

namespace FourierGen.Tests.Kernels;

/// <summary>The generated Nngp/Ntk members of declared networks.</summary>
public class GeneratedKernelTests
{
    [Theory]
    [InlineData("raw-2d-ntk")]
    [InlineData("raw-2d-standard")]
    [InlineData("gauss-2d-ntk")]
    [InlineData("gauss-2d-standard")]
    [InlineData("powerlaw-1d-p1.0")]
    [InlineData("powerlaw-1d-p0.0")]
    public void DeclaredNetworksReproduceTheReferenceKernels(string name)
    {
        using JsonDocument document = TestData.Load("ntk-cases.json");
        JsonElement c = document.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        float[] b = c.GetProperty("mapping") is { ValueKind: JsonValueKind.Object } mapping ? TestData.FloatRows(mapping.GetProperty("B")) : [];
        switch (name)
        {
            case "raw-2d-ntk": Check(new RawNtkCaseNet(), c); break;
            case "raw-2d-standard": Check(new RawStandardCaseNet(), c); break;
            case "gauss-2d-ntk": Check(new GaussNtkCaseNet(frequencies: b), c); break;
            case "gauss-2d-standard": Check(new GaussStandardCaseNet(frequencies: b), c); break;
            case "powerlaw-1d-p1.0": Check(new PowerLawOneCaseNet(), c); break;
            default: Check(new PowerLawZeroCaseNet(), c); break;
        }
    }

    private static void Check<TNet>(TNet net, JsonElement c)
        where TNet : IAnalyticNetwork<TNet>
    {
        float[] x1 = TestData.FloatRows(c.GetProperty("x1"));
        float[] x2 = TestData.FloatRows(c.GetProperty("x2"));
        double[] nngp = TestData.DoubleRows(c.GetProperty("nngp"));
        double[] ntk = TestData.DoubleRows(c.GetProperty("ntk"));
        double[] k = new double[nngp.Length];

        net.NngpMatrix(x1, x2, k);
        AssertRelative(nngp, k, 1e-10, "NNGP matrix");
        net.NtkMatrix(x1, x2, k);
        AssertRelative(ntk, k, 1e-10, "NTK matrix");

        int d = TNet.InputSize, n2 = x2.Length / d;
        for (int i = 0; i < x1.Length / d; i++)
        {
            for (int j = 0; j < n2; j++)
            {
                AssertRelative([nngp[i * n2 + j]], [net.Nngp(x1.AsSpan(i * d, d), x2.AsSpan(j * d, d))], 1e-10, $"Nngp({i},{j})");
                AssertRelative([ntk[i * n2 + j]], [net.Ntk(x1.AsSpan(i * d, d), x2.AsSpan(j * d, d))], 1e-10, $"Ntk({i},{j})");
            }
        }
    }

    [Fact]
    public void PowerLawPeakIsFourteen()
    {
        // The paper's Fig. 2: h(0) of the 4 × 1024 standard network (σ_w = 1, σ_b = 0, bias) is 14.
        var net = new PowerLawOneCaseNet();
        Assert.Equal(14.0, net.KernelOfDifference([0.0]), 1e-12);
        Assert.Equal(14.0, net.Ntk([0.3f], [0.3f]), 1e-12);
    }

    [Fact]
    public void KernelOfDifferenceEqualsTheGramPath()
    {
        var net = new GaussNtkCaseNet(seed: 3);
        var random = new Random(4);
        for (int trial = 0; trial < 50; trial++)
        {
            float[] v = [random.NextSingle(), random.NextSingle()], w = [random.NextSingle(), random.NextSingle()];
            double[] delta = [(double)v[0] - w[0], (double)v[1] - w[1]];
            double expected = net.Ntk(v, w);
            Assert.True(Math.Abs(net.KernelOfDifference(delta) - expected) <= 1e-12 * Math.Abs(expected), $"trial {trial}");
            double expectedNngp = net.Nngp(v, w);
            Assert.True(Math.Abs(net.NngpOfDifference(delta) - expectedNngp) <= 1e-12 * Math.Abs(expectedNngp), $"trial {trial}");
        }
    }

    [Fact]
    public void FourierKernelsAreStationary()
    {
        var net = new GaussStandardCaseNet(seed: 5);
        // Multiples of 1/1024 shifted by (0.25, −0.125): every shifted coordinate is exact in float.
        float[] xs = [0.1015625f, 0.2001953125f, 0.7001953125f, 0.400390625f, 0.30078125f, 0.900390625f, 0.5f, 0.5f];
        float[] shifted = xs.Select((x, i) => x + (i % 2 == 0 ? 0.25f : -0.125f)).ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.Equal((double)xs[i] + (i % 2 == 0 ? 0.25 : -0.125), (double)shifted[i]);
        }
        double[] k = new double[16], ks = new double[16];
        net.NtkMatrix(xs, xs, k);
        net.NtkMatrix(shifted, shifted, ks);
        for (int e = 0; e < 16; e++)
        {
            // Only the float64 rounding of the shifted phases differs.
            Assert.True(Math.Abs(k[e] - ks[e]) <= 1e-9 * Math.Abs(k[0]), $"entry {e}: {k[e]:R} vs {ks[e]:R}");
        }
    }

    [Fact]
    public void GramMatricesAreSymmetricAndPositiveDefinite()
    {
        var net = new GaussNtkCaseNet(seed: 6);
        var random = new Random(7);
        const int n = 40;
        float[] xs = Enumerable.Range(0, 2 * n).Select(_ => random.NextSingle()).ToArray();
        double[] k = new double[n * n];
        net.NtkMatrix(xs, xs, k);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(k[i * n + j], k[j * n + i]);
            }
        }

        double[] factor = (double[])k.Clone();
        FourierGen.Kernels.Cholesky.Factor(factor, n); // throws if not positive definite
    }

    [Fact]
    public void EmpiricalNtkOfAWideNetworkApproachesTheAnalyticOne()
    {
        // Width 2048, NTK parameterisation, averaged over 8 seeds (same B): relative Frobenius error ≤ 5 %.
        float[][] points = [[0.1f, 0.2f], [0.15f, 0.22f], [0.6f, 0.3f], [0.9f, 0.95f], [0.4f, 0.7f]];
        var reference = new WideNtkNet(seed: 0);
        int n = points.Length;
        double[] analytic = new double[n * n], empirical = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                analytic[i * n + j] = reference.Ntk(points[i], points[j]);
            }
        }

        const int Seeds = 8;
        for (int seed = 0; seed < Seeds; seed++)
        {
            var net = new WideNtkNet(seed: 100 + seed, frequencies: reference.Frequencies);
            for (int i = 0; i < n; i++)
            {
                for (int j = i; j < n; j++)
                {
                    double value = net.EmpiricalNtk(points[i], points[j]) / Seeds;
                    empirical[i * n + j] += value;
                    if (j != i)
                    {
                        empirical[j * n + i] += value;
                    }
                }
            }
        }

        double difference = Math.Sqrt(analytic.Zip(empirical, (a, e) => (a - e) * (a - e)).Sum());
        double norm = Math.Sqrt(analytic.Sum(a => a * a));
        Assert.True(difference / norm <= 0.05, $"relative Frobenius error {difference / norm:P2}");
    }

    [Fact]
    public void BadInputsThrow()
    {
        var net = new GaussNtkCaseNet();
        Assert.Throws<ArgumentException>(() => net.Ntk([0.1f], [0.1f, 0.2f]));
        Assert.Throws<ArgumentException>(() => net.Ntk([float.NaN, 0f], [0.1f, 0.2f]));
        Assert.Throws<ArgumentException>(() => net.NtkMatrix(new float[4], new float[6], new double[5]));
        Assert.Throws<ArgumentException>(() => net.NtkMatrix(new float[3], new float[6], new double[3]));
        Assert.Throws<ArgumentException>(() => net.NngpMatrix([0f, float.PositiveInfinity], new float[2], new double[1]));
        Assert.Throws<ArgumentException>(() => net.KernelOfDifference([0.1]));
        Assert.Throws<ArgumentException>(() => net.EmpiricalNtk([0f], [0f, 0f]));
    }

    private static void AssertRelative(double[] expected, double[] actual, double tolerance, string what)
    {
        for (int e = 0; e < expected.Length; e++)
        {
            double error = Math.Abs(expected[e] - actual[e]) / Math.Abs(expected[e]);
            Assert.True(error <= tolerance, $"{what}[{e}]: expected {expected[e]:R}, got {actual[e]:R} (relative {error:E2})");
        }
    }
}
