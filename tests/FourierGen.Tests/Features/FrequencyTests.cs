using FourierGen.Tests.Support;

namespace FourierGen.Tests.Features;

public class FrequencyTests
{
    private const int M = 4096;

    [Fact]
    public void GaussianDrawsHaveDeclaredMoments()
    {
        // σ·N(0,1) with σ = 3: mean 0, variance 9. Bounds are 5 standard errors of each statistic.
        float[] b = new GaussianMomentsNet(seed: 11).Frequencies.ToArray();
        AssertMoments(b, mean: 0, variance: 9, fourthCentral: 3 * 81);
    }

    [Fact]
    public void UniformDrawsHaveDeclaredMoments()
    {
        float[] b = new UniformMomentsNet(seed: 11).Frequencies.ToArray();
        Assert.All(b, x => Assert.InRange(x, 0f, 3f));
        AssertMoments(b, mean: 1.5, variance: 9.0 / 12, fourthCentral: 81.0 / 80);
    }

    [Fact]
    public void UniformLogDrawsHaveDeclaredMoments()
    {
        // σ^U with U ~ U[0,1): E = (σ − 1)/ln σ, E[X²] = (σ² − 1)/(2 ln σ).
        float[] b = new UniformLogMomentsNet(seed: 11).Frequencies.ToArray();
        Assert.All(b, x => Assert.InRange(x, 1f, 3f));
        double mean = 2 / Math.Log(3);
        double variance = 8 / (2 * Math.Log(3)) - mean * mean;
        AssertMoments(b, mean, variance, fourthCentral: null);
    }

    [Fact]
    public void LaplaceDrawsHaveDeclaredMoments()
    {
        // σ·Laplace(0,1): mean 0, variance 2σ² = 18, fourth central moment 24σ⁴.
        float[] b = new LaplaceMomentsNet(seed: 11).Frequencies.ToArray();
        AssertMoments(b, mean: 0, variance: 18, fourthCentral: 24 * 81);
        // Laplace, not Gaussian: E|X| = σ (a Gaussian of the same variance has E|X| = σ·√(4/π) ≈ 1.128σ).
        Assert.InRange(b.Average(x => Math.Abs(x)), 3 * 0.95, 3 * 1.05);
    }

    [Fact]
    public void SameSeedSameFrequenciesOtherSeedOtherFrequencies()
    {
        float[] first = new PaperImageNet(seed: 5).Frequencies.ToArray();
        Assert.Equal(first, new PaperImageNet(seed: 5).Frequencies.ToArray());
        Assert.NotEqual(first, new PaperImageNet(seed: 6).Frequencies.ToArray());
    }

    [Fact]
    public void FrequenciesAreFixedAcrossMachines()
    {
        // Draws use only IEEE-exact arithmetic, so these values are the same everywhere; a change here
        // silently changes every user's network for the same seed.
        float[] b = new PaperImageNet(seed: 0).Frequencies.ToArray();
        Assert.Equal([-3.6038f, 5.6191f, 3.8156f, -2.5944f], b.Take(4).Select(x => MathF.Round(x, 4)).ToArray());
    }

    [Fact]
    public void PositionalFrequenciesFollowTheFormula()
    {
        var net = new PositionalNet();
        ReadOnlySpan<float> b = net.Frequencies;
        const int K = 10;
        for (int axis = 0; axis < 2; axis++)
        {
            for (int j = 0; j < K; j++)
            {
                int row = axis * K + j;
                float expected = (float)(Math.Pow(2, 6.0 * j / (K - 1)) - 1);
                Assert.Equal(expected, b[row * 2 + axis]);
                Assert.Equal(0f, b[row * 2 + (1 - axis)]);
            }
        }

        Assert.All(net.Amplitudes.ToArray(), a => Assert.Equal(1f, a));
    }

    [Fact]
    public void PowerLawFrequenciesAndAmplitudes()
    {
        var net = new PowerLawNet();
        for (int j = 1; j <= 16; j++)
        {
            Assert.Equal(j, net.Frequencies[j - 1]);
            Assert.Equal((float)(1.0 / j), net.Amplitudes[j - 1]);
        }

        Assert.Equal([1f, 0f, 0f, 0f], new InfinitePowerLawNet().Amplitudes.ToArray());
    }

    [Fact]
    public void FrequencyScaleOverrideScalesTheDraw()
    {
        float[] tenfold = new PaperImageNet(seed: 2).Frequencies.ToArray();
        float[] twentyfold = new PaperImageNet(seed: 2, frequencyScale: 20f).Frequencies.ToArray();
        Assert.Equal(tenfold.Select(x => 2 * x).ToArray(), twentyfold);
        Assert.NotEqual(new PositionalNet().Frequencies.ToArray(), new PositionalNet(frequencyScale: 4f).Frequencies.ToArray());
    }

    [Fact]
    public void ExplicitFrequenciesOverrideB()
    {
        float[] b = Enumerable.Range(0, 256 * 2).Select(k => k * 0.01f).ToArray();
        var net = new PaperImageNet(frequencies: b);
        Assert.Equal(b, net.Frequencies.ToArray());
    }

    [Fact]
    public void WrongShapesAndValuesThrow()
    {
        var error = Assert.Throws<ArgumentException>(() => new PaperImageNet(frequencies: new float[511]));
        Assert.Contains("512", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PaperImageNet(frequencyScale: 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PaperImageNet(frequencyScale: float.NaN));
        Assert.Throws<ArgumentException>(() => new PaperImageNet(frequencies: Enumerable.Repeat(float.NaN, 512).ToArray()));
        Assert.Throws<ArgumentException>(() => new BasicNet(frequencyScale: 2f));
        Assert.Throws<ArgumentException>(() => new RawNet(frequencies: new float[2]));
    }

    [Fact]
    public void ExplicitDeclarationKeepsItsValues()
    {
        var net = new ExplicitNet();
        Assert.Equal([1f, 0f, 0f, 1f, 2.5f, -1.25f], net.Frequencies.ToArray());
        Assert.Equal([1f, 0.5f, 0.25f], net.Amplitudes.ToArray());
    }

    private static void AssertMoments(float[] b, double mean, double variance, double? fourthCentral)
    {
        Assert.Equal(M, b.Length);
        double sampleMean = b.Average(x => (double)x);
        double sampleVariance = b.Sum(x => (x - sampleMean) * (x - sampleMean)) / (M - 1);
        Assert.InRange(sampleMean, mean - 5 * Math.Sqrt(variance / M), mean + 5 * Math.Sqrt(variance / M));

        // Var(s²) ≈ (μ₄ − σ⁴)/M; without μ₄, bound by a generous 10 % relative.
        double varianceError = fourthCentral is { } mu4 ? 5 * Math.Sqrt((mu4 - variance * variance) / M) : 0.1 * variance;
        Assert.InRange(sampleVariance, variance - varianceError, variance + varianceError);
    }
}
