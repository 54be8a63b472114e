namespace FourierGen.Tests.Support;

/// <summary>γ(v) evaluated independently in float64, straight from the formula and a network's B and a.</summary>
internal static class ReferenceFeatures
{
    public static double[] Gamma(ReadOnlySpan<float> input, ReadOnlySpan<float> b, ReadOnlySpan<float> a, bool normalize)
    {
        int d = input.Length;
        int m = a.Length;
        double norm = 0;
        foreach (float amplitude in a)
        {
            norm += (double)amplitude * amplitude;
        }

        double scale = normalize ? 1 / Math.Sqrt(norm) : 1;
        var features = new double[2 * m];
        for (int j = 0; j < m; j++)
        {
            double projection = 0;
            for (int i = 0; i < d; i++)
            {
                projection += (double)b[j * d + i] * input[i];
            }

            features[j] = a[j] * scale * Math.Cos(2 * Math.PI * projection);
            features[m + j] = a[j] * scale * Math.Sin(2 * Math.PI * projection);
        }

        return features;
    }
}
