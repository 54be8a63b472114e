using FourierGen.Numerics;
using static FourierGen.Tests.Numerics.NumericsReference;

namespace FourierGen.Tests.Numerics;

/// <summary>L1 and Huber against float64 references, central finite differences, and PyTorch's values at the kinks.</summary>
public class RobustLossesTests
{
    private static readonly int[] Sizes = [1, 3, 7, 8, 15, 16, 17, 33, 100, 1000];

    private static double L1Reference(double[] p, float[] t) => p.Select((v, i) => Math.Abs(v - t[i])).Average();

    private static double HuberReference(double[] p, float[] t, double delta) =>
        p.Select((v, i) => Math.Abs(v - t[i])).Select(z => z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta)).Average();

    [Fact]
    public void L1_MatchesFloat64AndFiniteDifferences()
    {
        foreach (int n in Sizes)
        {
            Check(Random(n, n, 3f), Random(n, n + 1), (p, t, g) => RobustLosses.L1Sum(p, t, g, p.Length) / p.Length, L1Reference);
        }
    }

    [Theory]
    [InlineData(0.05f)]
    [InlineData(1f)]
    [InlineData(10f)]
    public void Huber_MatchesFloat64AndFiniteDifferences(float delta)
    {
        foreach (int n in Sizes)
        {
            Check(Random(n, n, 3f), Random(n, n + 1), (p, t, g) => RobustLosses.HuberSum(p, t, g, delta, p.Length) / p.Length,
                (p, t) => HuberReference(p, t, delta));
        }
    }

    [Fact]
    public void KinksFollowPyTorch()
    {
        // torch.nn.HuberLoss(delta=0.5) and torch.nn.L1Loss() on input [0, 0.2, −0.7, 1.5, 0.5], target 0, and their
        // autograd gradients: huber_loss_backward clamps d to [−δ, δ] (0 at d = 0, δ at d = δ), sign(0) = 0.
        float[] p = [0f, 0.2f, -0.7f, 1.5f, 0.5f], t = new float[5];
        var g = new float[5];
        double huber = RobustLosses.HuberSum(p, t, g, 0.5f, 5) / 5;
        AssertClose(HuberReference([0, 0.2f, -0.7f, 1.5f, 0.5f], t, 0.5), huber, 1e-15, "Huber value");
        AssertClose(0.199, huber, 1e-8, "Huber value (PyTorch: 0.1990)");
        Assert.Equal(new[] { 0f, 0.2f * 0.2f, -0.5f * 0.2f, 0.5f * 0.2f, 0.5f * 0.2f }, g);

        double l1 = RobustLosses.L1Sum(p, t, g, 5) / 5;
        AssertClose(0.58, l1, 1e-8, "L1 value (PyTorch: 0.5800)");
        Assert.Equal(new[] { 0f, 0.2f, -0.2f, 0.2f, 0.2f }, g);
    }

    [Fact]
    public void HuberWithDeltaOneIsSmoothL1()
    {
        // torch.nn.SmoothL1Loss(beta=1) equals HuberLoss(delta=1); for other β, SmoothL1 = Huber(δ = β) / β.
        float[] p = Random(50, 3, 4f), t = Random(50, 4);
        double smoothL1 = p.Select((v, i) => Math.Abs((double)v - t[i])).Select(z => z < 1 ? 0.5 * z * z : z - 0.5).Average();
        AssertClose(smoothL1, RobustLosses.HuberSum(p, t, default, 1f, 50) / 50, 1e-14, "SmoothL1(β = 1)");
    }

    [Fact]
    public void EveryWidth_GivesTheElementFormulasBits()
    {
        // Gradients are element-wise: at every width, the bits of PyTorch's scalar formulas on the float difference
        // (sign(d)·(1/N), clamp(d, −δ, δ)·(1/N)). The sums group their terms by lane count, so they may differ in the
        // last bits from the process width's.
        const float delta = 0.75f;
        foreach (VectorWidth width in VectorWidths)
        {
            foreach (int n in Sizes)
            {
                float[] p = Random(n, 5 * n, 2f), t = Random(n, 5 * n + 1);
                p[0] = t[0];                                   // d = 0
                p[n / 2] = t[n / 2] + delta;                   // |d| = δ exactly (Huber's kink)
                float scale = (float)(1.0 / n);
                float[] g = new float[n];

                double l1 = RobustLosses.L1At(width, p, t, g, scale);
                AssertClose(RobustLosses.L1Sum(p, t, default, n), l1, 1e-13 * Math.Max(1, l1), $"{width} L1 n={n}");
                AssertBitIdentical(p.Select((v, i) => MathF.Sign(v - t[i]) * scale).ToArray(), g, $"{width} L1 gradient n={n}");

                double huber = RobustLosses.HuberAt(width, p, t, g, delta, scale);
                AssertClose(RobustLosses.HuberSum(p, t, default, delta, n), huber, 1e-13 * Math.Max(1, huber), $"{width} Huber n={n}");
                AssertBitIdentical(p.Select((v, i) => Math.Clamp(v - t[i], -delta, delta) * scale).ToArray(), g, $"{width} Huber gradient n={n}");
            }
        }
    }

    [Fact]
    public void NaNDifferencesFollowPyTorch()
    {
        // ATen's sign is (0 < d) − (d < 0): 0 for NaN, so l1_loss's gradient there is 0; huber_loss_backward's selects
        // fall through to d·(1/N): NaN. The losses themselves are NaN, which the trainer reports as divergence.
        foreach (VectorWidth width in VectorWidths)
        {
            float[] p = Random(19, 7, 2f), t = Random(19, 8);
            p[3] = float.NaN;
            p[18] = float.NaN;
            var g = new float[19];
            Assert.True(double.IsNaN(RobustLosses.L1At(width, p, t, g, 1f)), $"{width} L1 value");
            Assert.Equal(0f, g[3]);
            Assert.Equal(0f, g[18]);
            Assert.True(double.IsNaN(RobustLosses.HuberAt(width, p, t, g, 1f, 1f)), $"{width} Huber value");
            Assert.True(float.IsNaN(g[3]) && float.IsNaN(g[18]), $"{width} Huber gradient");
            Assert.False(float.IsNaN(g[4]), $"{width} Huber gradient of a number");
        }
    }

    [Fact]
    public void MismatchedLengthsThrow()
    {
        Assert.Throws<ArgumentException>(() => RobustLosses.L1Sum(new float[3], new float[4], default, 3));
        Assert.Throws<ArgumentException>(() => RobustLosses.HuberSum(new float[3], new float[3], new float[2], 1f, 3));
    }

    private delegate double Kernel(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g);

    /// <summary>The value against the float64 reference, the gradient against its central differences, per element.</summary>
    private static void Check(float[] p, float[] t, Kernel loss, Func<double[], float[], double> reference)
    {
        int n = p.Length;
        var g = new float[n];
        double value = loss(p, t, g);
        double[] pd = Array.ConvertAll(p, v => (double)v);
        double expected = reference(pd, t);
        AssertClose(expected, value, 1e-12 * Math.Max(1, Math.Abs(expected)), $"value n={n}");
        Assert.Equal(value, loss(p, t, default));
        for (int i = 0; i < n; i++)
        {
            double h = 1e-4 * Math.Max(1e-3, Math.Min(1, Math.Abs(pd[i] - t[i]))); // stay on one side of a kink
            double fd = CentralDifference(pd, i, h, x => reference(x, t));
            AssertClose(fd, g[i], 1e-6 / n + 1e-5 * Math.Abs(fd), $"gradient n={n} element {i}");
        }
    }
}
