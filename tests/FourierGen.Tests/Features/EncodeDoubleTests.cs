using FourierGen.Features;

namespace FourierGen.Tests.Features;

/// <summary>
/// The float64 feature map the analytic kernels use, against an independent evaluation: the phase reduced exactly the
/// same way (each float product exact in double, its integer part dropped), then the C library's sin and cos of 2π times
/// it. Frequency counts below, at and around every lane count (1, 2, 4, 8), so every width's whole blocks, overlapping
/// last block and one-lane fallback run (the CI runs this file at each width).
/// </summary>
public class EncodeDoubleTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int inputs in new[] { 1, 2, 3, 5 })
        {
            foreach (int frequencies in new[] { 1, 2, 3, 7, 8, 9, 16, 17, 100 })
            {
                data.Add(inputs, frequencies);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesLibrarySinCosOfTheExactPhase(int inputs, int frequencies)
    {
        var random = new Random(inputs * 1000 + frequencies);
        float[] b = Enumerable.Range(0, frequencies * inputs).Select(_ => (float)((random.NextDouble() - 0.5) * 200)).ToArray();
        float[] a = Enumerable.Range(0, frequencies).Select(_ => (float)(0.25 + random.NextDouble())).ToArray();
        FeatureMap map = FeatureMap.Explicit(inputs, b, a, normalize: false, frequencyScale: null, b, a);
        var features = new double[2 * frequencies];
        foreach (float scale in new[] { 1f, 1e3f, 1e6f })
        {
            float[] x = Enumerable.Range(0, inputs).Select(_ => (float)((random.NextDouble() - 0.5) * scale)).ToArray();
            map.EncodeDouble(x, features);
            for (int j = 0; j < frequencies; j++)
            {
                double phase = 0;
                for (int i = 0; i < inputs; i++)
                {
                    double product = (double)b[j * inputs + i] * x[i];
                    phase += product - Math.Round(product);
                }

                (double sin, double cos) = Math.SinCos(2 * Math.PI * (phase - Math.Round(phase)));
                // The reference's own error: 2π·phase rounds (≤ 3.5e-16 in the angle) and the library's sin/cos ½ ulp.
                Assert.True(Math.Abs(a[j] * cos - features[j]) <= 1e-15 * a[j], $"cos j={j}: {features[j]:R} vs {a[j] * cos:R}");
                Assert.True(Math.Abs(a[j] * sin - features[frequencies + j]) <= 1e-15 * a[j], $"sin j={j}: {features[frequencies + j]:R} vs {a[j] * sin:R}");
            }
        }
    }

    [Fact]
    public void QuarterTurnsAreExact()
    {
        // b·v = 0, ¼, ½, ¾ turn: the quadrant reduction leaves y = 0, where the polynomials give exactly 0 and 1.
        float[] b = [0f, 0.25f, 0.5f, 0.75f, -0.25f];
        float[] a = [1f, 1f, 1f, 1f, 1f];
        FeatureMap map = FeatureMap.Explicit(1, b, a, normalize: false, frequencyScale: null, b, a);
        var features = new double[10];
        map.EncodeDouble([1f], features);
        Assert.Equal(new double[] { 1, 0, -1, 0, 0 }, features[..5]);
        Assert.Equal(new double[] { 0, 1, 0, -1, -1 }, features[5..]);
    }
}
