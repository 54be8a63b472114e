using FourierGen.Tests.Support;

namespace FourierGen.Tests.Features;

/// <summary>Values are data: the constructor takes a as it takes B (same shape, checked), so an exponent or a weighting needs no new type.</summary>
public class AmplitudeTests
{
    [Fact]
    public void AmplitudesOverrideTheDeclaredOnesAndEncodeUsesThem()
    {
        // A p = 2 power law on the type declared with p = 1: a_j = j^-2, normalised as declared.
        float[] a = Enumerable.Range(1, 16).Select(j => 1f / (j * j)).ToArray();
        var net = new PowerLawNet(amplitudes: a);
        Assert.Equal(a, net.Amplitudes.ToArray());
        Assert.Equal(new PowerLawNet().Frequencies.ToArray(), net.Frequencies.ToArray());

        float[] features = new float[PowerLawNet.FeatureSize];
        float[] input = [0.3f];
        net.Encode(input, features);
        double[] expected = ReferenceFeatures.Gamma(input, net.Frequencies, a, normalize: true);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], features[i], 1e-6);
        }
    }

    [Fact]
    public void OverriddenAmplitudesEqualTheDeclarationThatHasThem()
    {
        // The declared exponent 0 gives a = 1; passing those ones to the p = 1 type gives the p = 0 network's B, a and features.
        var declared = new FlatPowerLawNet(seed: 3);
        var overridden = new PowerLawNet(seed: 3, amplitudes: declared.Amplitudes);
        Assert.Equal(declared.Amplitudes.ToArray(), overridden.Amplitudes.ToArray());
        float[] x = [0.71f], f1 = new float[32], f2 = new float[32];
        declared.Encode(x, f1);
        overridden.Encode(x, f2);
        Assert.Equal(f1, f2);
        Assert.Equal(declared.Ntk(x, [0.2f]), overridden.Ntk(x, [0.2f]));
    }

    [Fact]
    public void BadAmplitudesAreRejectedByName()
    {
        var wrongLength = Assert.Throws<ArgumentException>(() => new PowerLawNet(amplitudes: new float[15]));
        Assert.Equal("amplitudes", wrongLength.ParamName);
        Assert.Contains("16", wrongLength.Message);
        var notFinite = Assert.Throws<ArgumentException>(() => new ExplicitNet(amplitudes: [1f, float.NaN, 1f]));
        Assert.Equal("amplitudes", notFinite.ParamName);
        Assert.Contains("amplitudes[1]", notFinite.Message);
        Assert.Equal("amplitudes", Assert.Throws<ArgumentException>(() => new RawNet(amplitudes: [1f])).ParamName);
    }

    [Fact]
    public void AmplitudesTravelWithTheWeights()
    {
        float[] a = Enumerable.Range(0, 13).Select(j => 0.5f + j).ToArray();
        var net = new WideScaleNet(seed: 2, amplitudes: a);
        var stream = new MemoryStream();
        net.Save(stream);
        stream.Position = 0;
        Assert.Equal(a, WideScaleNet.Load(stream).Amplitudes.ToArray());
    }
}
