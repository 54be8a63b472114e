using FourierGen.Features;
using SpectralBias1D;

namespace FourierGen.Tests.Samples;

/// <summary>
/// samples/SpectralBias1D declares one network per size and passes the values (a = j^−p, B drawn from a distribution) to
/// the constructor; these networks are bit for bit the per-exponent and per-distribution declarations they replace.
/// </summary>
public class SpectralBias1DNetworkTests
{
    public static TheoryData<string, float> Exponents => new()
    {
        { "0", 0f }, { "0.5", 0.5f }, { "1", 1f }, { "1.5", 1.5f }, { "2", 2f }, { "inf", float.PositiveInfinity },
    };

    [Theory]
    [MemberData(nameof(Exponents))]
    public void PowerLawNetworksAreTheDeclaredExponents(string name, float exponent)
    {
        FeatureMap declared = FeatureMap.PowerLaw(1, 16, exponent, normalize: true, null, default);
        IAnalyticNetwork network = PowerLawExperiment.Create(name, 512, seed: 9);
        Assert.Equal(Bits(declared.Amplitudes), Bits(network.Amplitudes));
        Assert.Equal(Bits(declared.Frequencies), Bits(network.Frequencies));
        Assert.Equal(declared.AmplitudeScale, FeatureMap.PowerLaw(1, 16, 0f, true, null, default, network.Amplitudes).AmplitudeScale);
    }

    [Theory]
    [InlineData(FrequencyDistribution.Gaussian)]
    [InlineData(FrequencyDistribution.Uniform)]
    [InlineData(FrequencyDistribution.UniformLog)]
    [InlineData(FrequencyDistribution.Laplace)]
    public void RandomFrequenciesAreWhatTheDistributionsDeclarationDraws(FrequencyDistribution distribution)
    {
        float scale = (float)SamplingExperiment.ScaleForRms(distribution, 10);
        FeatureMap declared = FeatureMap.Random(1, 16, distribution, 1f, declaredSeed: 0, normalize: false, seed: 77, scale, default);
        float[] b = new float[16];
        RandomFrequencies.Fill(b, distribution, scale, seed: 77);
        Assert.Equal(Bits(declared.Frequencies), Bits(b));
        Assert.Equal(Bits(declared.Frequencies), Bits(new Random64(77, frequencies: b).Frequencies));
    }

    private static int[] Bits(ReadOnlySpan<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
