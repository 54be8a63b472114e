using FourierGen.Numerics;

namespace FourierGen.Features;

/// <summary>
/// The non-trainable parameters of one network's feature mapping: B (row-major m × d), a, and
/// the layouts the encoders read. A network's <see cref="CompilerServices.MappingPlan"/> creates one through
/// the factory for its declared mapping; users read B and a through the network's <c>Frequencies</c> and
/// <c>Amplitudes</c>. Every factory takes the constructor's overrides: B itself and a itself (same shape, checked).
/// </summary>
internal sealed partial class FeatureMap
{
    private readonly float[] _frequencies;
    private readonly float[] _amplitudes;
    private readonly float[] _encoderFrequencies;
    private readonly float[] _encoderAmplitudes;
    private readonly float[] _floatInputLimits;

    private FeatureMap(int inputs, float[] frequencies, float[] amplitudes, bool normalize)
    {
        InputSize = inputs;
        FrequencyCount = amplitudes.Length;
        _frequencies = frequencies;
        _amplitudes = amplitudes;

        double norm = 0;
        foreach (float a in amplitudes)
        {
            norm += (double)a * a;
        }

        norm = Math.Sqrt(norm);
        if (normalize && !(norm > 0))
        {
            throw new ArgumentException("Normalize needs amplitudes a with a nonzero norm ‖a‖₂.", nameof(amplitudes));
        }

        AmplitudeScale = normalize ? 1 / norm : 1;

        // Bᵀ (d × m) keeps each input axis's frequencies contiguous: the vector encoder loads 8 at a time.
        FrequenciesByInput = new float[frequencies.Length];
        for (int j = 0; j < FrequencyCount; j++)
        {
            for (int i = 0; i < inputs; i++)
            {
                FrequenciesByInput[i * FrequencyCount + j] = frequencies[j * inputs + i];
            }
        }

        FeatureAmplitudes = new float[FrequencyCount];
        for (int j = 0; j < FrequencyCount; j++)
        {
            FeatureAmplitudes[j] = (float)(amplitudes[j] * AmplitudeScale);
        }

        (_encoderFrequencies, _encoderAmplitudes) = PadForEncoder(FrequenciesByInput, FeatureAmplitudes, inputs);
        _floatInputLimits = FloatInputLimits(FrequenciesByInput, inputs);
    }

    /// <summary>d, the input dimension.</summary>
    public int InputSize { get; }

    /// <summary>m, the number of frequencies (rows of B).</summary>
    public int FrequencyCount { get; }

    /// <summary>B, row-major m × d.</summary>
    public ReadOnlySpan<float> Frequencies => _frequencies;

    /// <summary>a as declared (before normalisation).</summary>
    public ReadOnlySpan<float> Amplitudes => _amplitudes;

    /// <summary>1/‖a‖₂ when the mapping normalises, else 1; in float64 for the kernels.</summary>
    public double AmplitudeScale { get; }

    /// <summary>Bᵀ, d × m (each input axis's frequencies contiguous).</summary>
    public float[] FrequenciesByInput { get; }

    /// <summary>a·<see cref="AmplitudeScale"/> in float, as the float encoder applies it.</summary>
    public float[] FeatureAmplitudes { get; }

    /// <summary>The basic mapping: B = I, a = 1.</summary>
    public static FeatureMap Basic(int inputs, bool normalize, float? frequencyScale, ReadOnlySpan<float> frequencies,
        ReadOnlySpan<float> amplitudes = default)
    {
        RejectScale(frequencyScale, "BasicFeatures");
        float[] b = new float[inputs * inputs];
        for (int i = 0; i < inputs; i++)
        {
            b[i * inputs + i] = 1f;
        }

        return Finish(inputs, b, Ones(inputs), normalize, frequencies, amplitudes);
    }

    /// <summary>Positional encoding: per axis b_j = 2^(σ·j/(K−1)) − 1, j = 0..K−1, a = 1.</summary>
    public static FeatureMap Positional(int inputs, int frequenciesPerAxis, float declaredScale, bool normalize,
        float? frequencyScale, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes = default)
    {
        double scale = CheckScale(frequencyScale ?? declaredScale);
        int m = inputs * frequenciesPerAxis;
        float[] b = new float[m * inputs];
        for (int axis = 0; axis < inputs; axis++)
        {
            for (int j = 0; j < frequenciesPerAxis; j++)
            {
                double exponent = scale * j / (frequenciesPerAxis - 1);
                double value = DeterministicMath.Exp(exponent * 0.6931471805599453) - 1;
                b[(axis * frequenciesPerAxis + j) * inputs + axis] = (float)value;
            }
        }

        return Finish(inputs, b, Ones(m), normalize, frequencies, amplitudes);
    }

    /// <summary>Random frequencies from one of the paper's Table 2 distributions, a = 1.</summary>
    public static FeatureMap Random(int inputs, int size, FrequencyDistribution distribution, float declaredScale,
        int declaredSeed, bool normalize, int seed, float? frequencyScale, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes = default)
    {
        double scale = CheckScale(frequencyScale ?? declaredScale);
        float[] b = new float[size * inputs];
        if (frequencies.IsEmpty)
        {
            FrequencySampler.Fill(b, distribution, scale, declaredSeed, seed);
        }

        return Finish(inputs, b, Ones(size), normalize, frequencies, amplitudes);
    }

    /// <summary>Power-law features: per axis b_j = j, a_j = j^(−p), j = 1..size.</summary>
    public static FeatureMap PowerLaw(int inputs, int size, float exponent, bool normalize,
        float? frequencyScale, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes = default)
    {
        RejectScale(frequencyScale, "PowerLawFeatures");
        int m = inputs * size;
        float[] b = new float[m * inputs];
        float[] a = new float[m];
        for (int axis = 0; axis < inputs; axis++)
        {
            for (int j = 1; j <= size; j++)
            {
                int row = axis * size + (j - 1);
                b[row * inputs + axis] = j;
                a[row] = (float)PowerLawAmplitude(j, exponent);
            }
        }

        return Finish(inputs, b, a, normalize, frequencies, amplitudes);
    }

    /// <summary>Explicit B and a from the declaration.</summary>
    public static FeatureMap Explicit(int inputs, ReadOnlySpan<float> declaredFrequencies, ReadOnlySpan<float> declaredAmplitudes,
        bool normalize, float? frequencyScale, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes = default)
    {
        RejectScale(frequencyScale, "FourierFeatures");
        return Finish(inputs, declaredFrequencies.ToArray(), declaredAmplitudes.ToArray(), normalize, frequencies, amplitudes);
    }

    /// <summary>j^(−p) with p = +∞ meaning the basic mapping (1 for j = 1, else 0).</summary>
    internal static double PowerLawAmplitude(int j, float exponent) =>
        float.IsPositiveInfinity(exponent) ? (j == 1 ? 1 : 0) : DeterministicMath.Exp(-exponent * DeterministicMath.Log(j));

    private static FeatureMap Finish(int inputs, float[] b, float[] a, bool normalize, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes)
    {
        if (!frequencies.IsEmpty)
        {
            if (frequencies.Length != b.Length)
            {
                throw new ArgumentException(
                    $"frequencies must hold B as {a.Length} × {inputs} = {b.Length} values (row-major), not {frequencies.Length}.",
                    nameof(frequencies));
            }

            frequencies.CopyTo(b);
        }

        for (int k = 0; k < b.Length; k++)
        {
            if (!float.IsFinite(b[k]))
            {
                throw new ArgumentException($"frequencies[{k}] is {b[k]}; every frequency must be finite.", nameof(frequencies));
            }
        }

        if (!amplitudes.IsEmpty)
        {
            if (amplitudes.Length != a.Length)
            {
                throw new ArgumentException(
                    $"amplitudes must hold a, one value per frequency: {a.Length} values, not {amplitudes.Length}.", nameof(amplitudes));
            }

            for (int j = 0; j < amplitudes.Length; j++)
            {
                if (!float.IsFinite(amplitudes[j]))
                {
                    throw new ArgumentException($"amplitudes[{j}] is {amplitudes[j]}; every amplitude must be finite.", nameof(amplitudes));
                }
            }

            amplitudes.CopyTo(a);
        }

        return new FeatureMap(inputs, b, a, normalize);
    }

    private static double CheckScale(float scale) =>
        float.IsFinite(scale) && scale > 0
            ? scale
            : throw new ArgumentOutOfRangeException("frequencyScale", scale, "The frequency scale must be finite and positive.");

    private static void RejectScale(float? frequencyScale, string mapping)
    {
        if (frequencyScale is not null)
        {
            throw new ArgumentException($"{mapping} has no frequency scale to override; pass frequencies instead.", nameof(frequencyScale));
        }
    }

    private static float[] Ones(int count)
    {
        float[] ones = new float[count];
        Array.Fill(ones, 1f);
        return ones;
    }
}
