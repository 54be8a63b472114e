using FourierGen.Features;
using FourierGen.Numerics;

namespace FourierGen.Kernels;

/// <summary>
/// The stationary form of the kernels of a Fourier feature mapping. For γ(v) = [ã ⊙ cos 2πBv,
/// ã ⊙ sin 2πBv] (ã = a, or a/‖a‖ when the mapping normalises; d = 2m features) the input
/// covariance is x·x′/d = (1/2m)·Σⱼ ãⱼ² cos(2π bⱼ·Δ), a function of Δ = v − v′ alone, and every
/// point has the same variance ‖γ(v)‖²/d = Σⱼ ãⱼ²/2m. The NNGP and NTK are therefore functions of Δ:
/// the paper's "composed kernel" h(Δ).
/// </summary>
internal static class StationaryKernel
{
    /// <summary>The variance every point has after the mapping: Σⱼ ãⱼ² / 2m.</summary>
    /// <param name="map">The feature mapping.</param>
    public static double InputVariance(FeatureMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        double sum = 0;
        ReadOnlySpan<float> a = map.Amplitudes;
        for (int j = 0; j < a.Length; j++)
        {
            double amplitude = a[j] * map.AmplitudeScale;
            sum = SimdMath.MultiplyAdd(amplitude, amplitude, sum);
        }

        return sum / (2 * map.FrequencyCount);
    }

    /// <summary>The input covariance x·x′/d as a function of Δ = v − v′: (1/2m)·Σⱼ ãⱼ² cos(2π bⱼ·Δ).</summary>
    /// <param name="map">The feature mapping.</param>
    /// <param name="delta">Δ, one value per input.</param>
    public static double InputCovariance(FeatureMap map, ReadOnlySpan<double> delta)
    {
        ArgumentNullException.ThrowIfNull(map);
        Guard.Length(delta, map.InputSize, nameof(delta), "one difference per input");
        AnalyticKernel.CheckFinite(delta, nameof(delta));
        return Covariance(map, delta);
    }

    /// <summary>The NNGP and NTK of a network on <paramref name="map"/> at two points whose difference is Δ.</summary>
    /// <param name="map">The feature mapping.</param>
    /// <param name="delta">Δ = v − v′, one value per input.</param>
    /// <param name="steps">The layers (see <see cref="LayerStep.Network"/>).</param>
    /// <param name="nngp">The NNGP h(Δ).</param>
    /// <param name="ntk">The NTK h(Δ).</param>
    public static void KernelOfDifference(FeatureMap map, ReadOnlySpan<double> delta, ReadOnlySpan<LayerStep> steps,
        out double nngp, out double ntk)
    {
        double covariance = InputCovariance(map, delta);
        double variance = InputVariance(map);
        AnalyticKernel.CheckSteps(steps);
        AnalyticKernel.FromInputCovariance(covariance, variance, variance, steps, out nngp, out ntk);
    }

    /// <summary>
    /// The NNGP and/or NTK for many differences at once (row-major, one row of <c>InputSize</c>
    /// values per Δ), vectorised over the rows; either destination may be empty.
    /// </summary>
    /// <param name="map">The feature mapping.</param>
    /// <param name="deltas">The differences, row-major.</param>
    /// <param name="steps">The layers.</param>
    /// <param name="nngp">One NNGP value per row, or empty.</param>
    /// <param name="ntk">One NTK value per row, or empty.</param>
    public static void KernelOfDifferences(FeatureMap map, ReadOnlySpan<double> deltas, ReadOnlySpan<LayerStep> steps,
        Span<double> nngp, Span<double> ntk)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (deltas.Length % map.InputSize != 0)
        {
            throw new ArgumentException(
                $"deltas must hold whole rows of {map.InputSize} (one difference per input); its length {deltas.Length} is not a multiple of {map.InputSize}.",
                nameof(deltas));
        }

        AnalyticKernel.CheckFinite(deltas, nameof(deltas));
        int n = deltas.Length / map.InputSize;
        var covariances = new double[n];
        for (int i = 0; i < n; i++)
        {
            covariances[i] = Covariance(map, deltas.Slice(i * map.InputSize, map.InputSize));
        }

        AnalyticKernel.FromInputCovariances(covariances, InputVariance(map), steps, nngp, ntk);
    }

    private static double Covariance(FeatureMap map, ReadOnlySpan<double> delta)
    {
        ReadOnlySpan<float> b = map.Frequencies;
        ReadOnlySpan<float> a = map.Amplitudes;
        int d = map.InputSize;
        double sum = 0;
        for (int j = 0; j < map.FrequencyCount; j++)
        {
            // b·Δ reduced modulo 1 with each product's rounding error carried separately (exact: FMA or Dekker).
            double phase = 0, residual = 0;
            for (int i = 0; i < d; i++)
            {
                double product = b[j * d + i] * delta[i];
                residual += SimdScalar<double>.ProductError(new(b[j * d + i]), new(delta[i]), new(product)).Value;
                phase += product - Math.Round(product);
            }

            phase += residual;
            phase -= Math.Round(phase);
            double amplitude = a[j] * map.AmplitudeScale;
            sum = SimdMath.MultiplyAdd(amplitude * amplitude, Math.Cos(2 * Math.PI * phase), sum);
        }

        return sum / (2 * map.FrequencyCount);
    }
}
