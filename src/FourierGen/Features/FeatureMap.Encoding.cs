namespace FourierGen.Features;

internal sealed partial class FeatureMap
{
    /// <summary>
    /// γ(v) in float without vector instructions: the path generated encoders take when
    /// <c>Vector256</c> is not hardware accelerated. The phase is formed in float64, so this
    /// is at least as accurate as the vector path.
    /// </summary>
    public void EncodeScalar(ReadOnlySpan<float> input, Span<float> features)
    {
        int m = FrequencyCount;
        for (int j = 0; j < m; j++)
        {
            (double sin, double cos) = Math.SinCos(2 * Math.PI * Phase(input, j));
            features[j] = (float)(FeatureAmplitudes[j] * cos);
            features[m + j] = (float)(FeatureAmplitudes[j] * sin);
        }
    }

    /// <summary>γ(v) in float64 from the float input, B and a: the kernels' feature map.</summary>
    public void EncodeDouble(ReadOnlySpan<float> input, Span<double> features)
    {
        int m = FrequencyCount;
        for (int j = 0; j < m; j++)
        {
            (double sin, double cos) = Math.SinCos(2 * Math.PI * Phase(input, j));
            double amplitude = _amplitudes[j] * AmplitudeScale;
            features[j] = amplitude * cos;
            features[m + j] = amplitude * sin;
        }
    }

    /// <summary>b_j·v in float64, reduced modulo 1 (exact products of floats, then the integer part dropped).</summary>
    private double Phase(ReadOnlySpan<float> input, int j)
    {
        double phase = 0;
        ReadOnlySpan<float> row = _frequencies.AsSpan(j * InputSize, InputSize);
        for (int i = 0; i < row.Length; i++)
        {
            phase += (double)row[i] * input[i];
        }

        return phase - Math.Round(phase);
    }
}
