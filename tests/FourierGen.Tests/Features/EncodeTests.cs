using FourierGen.Tests.Support;

namespace FourierGen.Tests.Features;

public class EncodeTests
{
    private const double Tolerance = 1e-5;

    [Fact] public void Basic() => AssertEncodeMatchesFormula(new BasicNet(), normalize: false);
    [Fact] public void Positional() => AssertEncodeMatchesFormula(new PositionalNet(), normalize: false);
    [Fact] public void Gaussian256() => AssertEncodeMatchesFormula(new PaperImageNet(seed: 3), normalize: false);
    [Fact] public void GaussianScale100Normalized() => AssertEncodeMatchesFormula(new WideScaleNet(), normalize: true);
    [Fact] public void Gaussian1024Looped() => AssertEncodeMatchesFormula(new LoopedGaussianNet(), normalize: false);
    [Fact] public void Uniform() => AssertEncodeMatchesFormula(new UniformMomentsNet(), normalize: false);
    [Fact] public void UniformLog() => AssertEncodeMatchesFormula(new UniformLogMomentsNet(), normalize: false);
    [Fact] public void Laplace() => AssertEncodeMatchesFormula(new LaplaceMomentsNet(), normalize: false);
    [Fact] public void PowerLaw() => AssertEncodeMatchesFormula(new PowerLawNet(), normalize: true);
    [Fact] public void PowerLawInfinite() => AssertEncodeMatchesFormula(new InfinitePowerLawNet(), normalize: false);
    [Fact] public void Explicit() => AssertEncodeMatchesFormula(new ExplicitNet(), normalize: true);

    [Fact]
    public void RawInputsPassThrough()
    {
        var net = new RawNet();
        float[] features = new float[RawNet.FeatureSize];
        net.Encode([0.25f, -3f], features);
        Assert.Equal([0.25f, -3f], features);
        Assert.True(net.Frequencies.IsEmpty);
    }

    [Fact]
    public void EncodeBatchEqualsEncodePerRow()
    {
        var net = new WideScaleNet();
        var random = new Random(5);
        float[] inputs = Enumerable.Range(0, 7 * WideScaleNet.InputSize).Select(_ => random.NextSingle() * 4 - 2).ToArray();
        float[] batch = new float[7 * WideScaleNet.FeatureSize];
        net.EncodeBatch(inputs, batch);
        float[] one = new float[WideScaleNet.FeatureSize];
        for (int row = 0; row < 7; row++)
        {
            net.Encode(inputs.AsSpan(row * WideScaleNet.InputSize, WideScaleNet.InputSize), one);
            Assert.Equal(one, batch.AsSpan(row * WideScaleNet.FeatureSize, WideScaleNet.FeatureSize).ToArray());
        }
    }

    public static TheoryData<VectorWidth> Widths() => [.. FourierGen.Tests.Numerics.NumericsReference.VectorWidths];

    /// <summary>
    /// The encoder at every width this machine accelerates (the process's own width is what Encode runs), for
    /// 1 to 5 inputs and frequency counts that leave every kind of partial last block, including the largest
    /// scale (σ = 100, where only the exact phase keeps the features accurate).
    /// </summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidthMatchesFormula(VectorWidth width)
    {
        var random = new Random(7);
        foreach (int inputs in new[] { 1, 2, 3, 5 })
        {
            foreach (int m in new[] { 1, 3, 8, 13, 16, 17, 40, 256 })
            {
                foreach (float scale in new[] { 1f, 100f })
                {
                    var map = FourierGen.Features.FeatureMap.Random(inputs, m, FrequencyDistribution.Gaussian, scale, 0, false, m, null, default);
                    float[] input = Enumerable.Range(0, inputs).Select(_ => random.NextSingle() * 2 - 1).ToArray();
                    float[] features = new float[2 * m];
                    map.EncodeAt(width, input, features);
                    AssertClose(ReferenceFeatures.Gamma(input, map.Frequencies, map.Amplitudes, normalize: false), features);
                }
            }
        }
    }

    [Fact]
    public void EncodeScalarMatchesFormula()
    {
        var net = new PaperImageNet(seed: 1);
        var map = FourierGen.Features.FeatureMap.Random(2, 256, FrequencyDistribution.Gaussian, 10f, 0, false, 0, null, net.Frequencies);
        float[] input = [0.37f, -0.81f];
        float[] features = new float[PaperImageNet.FeatureSize];
        map.EncodeScalar(input, features);
        double[] expected = ReferenceFeatures.Gamma(input, net.Frequencies, net.Amplitudes, normalize: false);
        AssertClose(expected, features);
    }

    [Fact]
    public void WrongLengthsThrowNamingTheExpectedLength()
    {
        var net = new PaperImageNet();
        var error = Assert.Throws<ArgumentException>(() => net.Encode(new float[3], new float[PaperImageNet.FeatureSize]));
        Assert.Contains("length 2", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.Encode(new float[2], new float[10]));
        Assert.Contains("length 512", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.EncodeBatch(new float[5], new float[1024]));
        Assert.Contains("multiple of 2", error.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void NonFiniteInputIsRejected(float bad)
    {
        var net = new PaperImageNet();
        var error = Assert.Throws<ArgumentException>(() => net.Encode([0.5f, bad], new float[PaperImageNet.FeatureSize]));
        Assert.Contains("input[1]", error.Message);
    }

    private static void AssertEncodeMatchesFormula<TNet>(TNet net, bool normalize)
        where TNet : IFourierNetwork<TNet>
    {
        var random = new Random(42);
        float[] input = new float[TNet.InputSize];
        float[] features = new float[TNet.FeatureSize];
        for (int trial = 0; trial < 64; trial++)
        {
            // Coordinates in [−1, 1], as image and signal coordinates are.
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = random.NextSingle() * 2 - 1;
            }

            net.Encode(input, features);
            AssertClose(ReferenceFeatures.Gamma(input, net.Frequencies, net.Amplitudes, normalize), features);
        }
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= Tolerance,
                $"feature {k}: expected {expected[k]:R}, got {actual[k]:R}");
        }
    }
}
