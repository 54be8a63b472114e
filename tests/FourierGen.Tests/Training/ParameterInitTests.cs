namespace FourierGen.Tests.Training;

/// <summary>Initial parameters follow each parameterisation and preset (layers 256→512→256→3 here).</summary>
public class ParameterInitTests
{
    private static readonly int[] Widths = [256, 512, 256, 3];

    [Fact]
    public void LayoutIsWeightsThenBiasPerLayer()
    {
        Assert.Equal(256 * 512 + 512 + 512 * 256 + 256 + 256 * 3 + 3, StandardInitNet.ParameterCount);
        Assert.Equal(256 * 512 + 512 * 256 + 256 * 3, NoBiasNet.ParameterCount);
        Assert.Equal(StandardInitNet.ParameterCount, new StandardInitNet().Parameters.Length);
    }

    [Fact]
    public unsafe void ParametersStartOnACacheLine()
    {
        // One-sample Predict reads W in place with 64-byte loads: created and loaded networks alike keep their
        // parameters on a cache line (and there they stay: the block is pinned), so rows of 16k floats never split one.
        var created = new StandardInitNet(seed: 1);
        var saved = new MemoryStream();
        created.Save(saved);
        saved.Position = 0;
        StandardInitNet loaded = StandardInitNet.Load(saved);
        GC.Collect();
        foreach (StandardInitNet net in new[] { created, loaded })
        {
            fixed (float* p = net.Parameters)
            {
                Assert.Equal(0, (nint)p % 64);
            }
        }

        Assert.True(created.Parameters.SequenceEqual(loaded.Parameters));
    }

    [Fact]
    public void StandardDrawsWeightsWithVarianceSigmaSquaredOverFanIn()
    {
        float[] p = new StandardInitNet(seed: 1).Parameters.ToArray();
        foreach (var (w, b, fanIn, _) in Split(p, bias: true))
        {
            AssertNormal(w, 1.5 * 1.5 / fanIn);
            AssertNormal(b, 0.25 * 0.25);
        }
    }

    [Fact]
    public void NtkDrawsStandardNormalParameters()
    {
        float[] p = new NtkInitNet(seed: 1).Parameters.ToArray();
        foreach (var (w, b, _, _) in Split(p, bias: true))
        {
            AssertNormal(w, 1);
            AssertNormal(b, 1);
        }
    }

    [Fact]
    public void JaxStaxDrawsGlorotTruncatedNormalAndSmallBiases()
    {
        float[] p = new JaxInitNet(seed: 1).Parameters.ToArray();
        foreach (var (w, b, fanIn, fanOut) in Split(p, bias: true))
        {
            double variance = 2.0 / (fanIn + fanOut);
            AssertNormal(w, variance, truncated: true);
            // Truncated at two standard deviations of the underlying normal.
            double cut = 2 * Math.Sqrt(variance) / 0.87962566103423978;
            Assert.All(w, x => Assert.InRange(Math.Abs(x), 0, cut * (1 + 1e-6)));
            AssertNormal(b, 0.01 * 0.01);
        }
    }

    [Fact]
    public void PyTorchDrawsUniformWithinOneOverRootFanIn()
    {
        float[] p = new TorchInitNet(seed: 1).Parameters.ToArray();
        foreach (var (w, b, fanIn, _) in Split(p, bias: true))
        {
            double bound = 1 / Math.Sqrt(fanIn);
            Assert.All(w, x => Assert.InRange(x, -bound, bound));
            Assert.All(b, x => Assert.InRange(x, -bound, bound));
            AssertMoments(w, 0, bound * bound / 3);
        }
    }

    [Fact]
    public void SameSeedSameParametersOtherSeedOther()
    {
        Assert.Equal(new StandardInitNet(seed: 4).Parameters.ToArray(), new StandardInitNet(seed: 4).Parameters.ToArray());
        Assert.NotEqual(new StandardInitNet(seed: 4).Parameters.ToArray(), new StandardInitNet(seed: 5).Parameters.ToArray());
    }

    private static IEnumerable<(float[] W, float[] B, int FanIn, int FanOut)> Split(float[] parameters, bool bias)
    {
        int offset = 0;
        for (int k = 0; k + 1 < Widths.Length; k++)
        {
            int fanIn = Widths[k], fanOut = Widths[k + 1];
            float[] w = parameters.AsSpan(offset, fanIn * fanOut).ToArray();
            offset += w.Length;
            float[] b = bias ? parameters.AsSpan(offset, fanOut).ToArray() : [];
            offset += b.Length;
            // Layers with few values make weak statistics; the output layer's 3 biases are skipped.
            yield return (w, b.Length >= 100 ? b : [], fanIn, fanOut);
        }
    }

    private static void AssertNormal(float[] values, double variance, bool truncated = false)
    {
        if (values.Length == 0)
        {
            return;
        }

        // A normal's fourth moment is 3σ⁴; truncated at 2σ it is smaller, so the 3σ⁴ bound is conservative.
        AssertMoments(values, 0, variance, fourth: 3 * variance * variance);
        if (!truncated && values.Length > 10000)
        {
            // Untruncated: some values beyond 3σ (expected 0.27 %).
            Assert.Contains(values, x => Math.Abs(x) > 3 * Math.Sqrt(variance));
        }
    }

    private static void AssertMoments(float[] values, double mean, double variance, double? fourth = null)
    {
        int n = values.Length;
        double sampleMean = values.Average(x => (double)x);
        double sampleVariance = values.Sum(x => (x - sampleMean) * (x - sampleMean)) / (n - 1);
        Assert.InRange(sampleMean, mean - 5 * Math.Sqrt(variance / n), mean + 5 * Math.Sqrt(variance / n));
        double error = 5 * Math.Sqrt(((fourth ?? 1.8 * variance * variance) - variance * variance) / n);
        Assert.InRange(sampleVariance, variance - error, variance + error);
    }
}
