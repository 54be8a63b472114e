using System.Text.Json;
using FourierGen.Tests.Support;

namespace FourierGen.Tests.Features;

/// <summary>The feature maps implied by the reference kernel cases, reproduced through declared networks.</summary>
public class ReferenceCaseFeatureTests
{
    public static TheoryData<string> MappedCases()
    {
        var data = new TheoryData<string>();
        using JsonDocument document = TestData.Load("ntk-cases.json");
        foreach (JsonElement c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            if (c.GetProperty("mapping").ValueKind != JsonValueKind.Null)
            {
                data.Add(c.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MappedCases))]
    public void EncodeReproducesTheCaseFeatures(string name)
    {
        using JsonDocument document = TestData.Load("ntk-cases.json");
        JsonElement c = document.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        JsonElement mapping = c.GetProperty("mapping");
        float[] b = TestData.FloatRows(mapping.GetProperty("B"));
        float[] a = TestData.Floats(mapping.GetProperty("a"));
        bool normalize = mapping.GetProperty("normalize").GetBoolean();
        float[][] points = c.GetProperty("x1").EnumerateArray().Concat(c.GetProperty("x2").EnumerateArray()).Select(TestData.Floats).ToArray();

        switch (mapping.GetProperty("kind").GetString())
        {
            case "explicit":
                // The case's B has 16 Gaussian rows: a 16-frequency network constructed with that B.
                var gaussian = new SixteenGaussianNet(frequencies: b);
                Assert.All(gaussian.Amplitudes.ToArray(), x => Assert.Equal(1f, x));
                Assert.Equal(a, gaussian.Amplitudes.ToArray());
                AssertFeatures(gaussian, points, b, a, normalize);
                break;
            case "powerlaw":
                // A declared power-law mapping must produce the case's B and a by itself.
                float exponent = (float)mapping.GetProperty("exponent").GetDouble();
                if (exponent == 1f)
                {
                    AssertDeclaredMapping(new PowerLawNet(), b, a, points, normalize);
                }
                else
                {
                    AssertDeclaredMapping(new FlatPowerLawNet(), b, a, points, normalize);
                }

                break;
            default:
                throw new InvalidOperationException("unknown mapping kind in ntk-cases.json");
        }
    }

    private static void AssertDeclaredMapping<TNet>(TNet net, float[] b, float[] a, float[][] points, bool normalize)
        where TNet : IFourierNetwork<TNet>
    {
        Assert.Equal(b, net.Frequencies.ToArray());
        Assert.Equal(a, net.Amplitudes.ToArray());
        AssertFeatures(net, points, b, a, normalize);
    }

    private static void AssertFeatures<TNet>(TNet net, float[][] points, float[] b, float[] a, bool normalize)
        where TNet : IFourierNetwork<TNet>
    {
        float[] features = new float[TNet.FeatureSize];
        foreach (float[] point in points)
        {
            net.Encode(point, features);
            double[] expected = ReferenceFeatures.Gamma(point, b, a, normalize);
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.True(Math.Abs(expected[k] - features[k]) <= 1e-5, $"feature {k}: {expected[k]:R} vs {features[k]:R}");
            }
        }
    }
}
