using System.ComponentModel;
using FourierGen.Features;

namespace FourierGen.CompilerServices;

/// <summary>
/// A declaration's feature mapping as data: which attribute and its arguments. Generated code creates one per
/// network type; <see cref="NetworkLayout"/> turns it into each instance's B and a, applying the constructor's
/// overrides (seed, frequency scale, B, a).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MappingPlan
{
    private readonly MappingKind _kind;
    private readonly int _size;
    private readonly float _scale;
    private readonly int _seed;
    private readonly FrequencyDistribution _distribution;
    private readonly float _exponent;
    private readonly float[] _frequencies;
    private readonly float[] _amplitudes;

    private MappingPlan(MappingKind kind, bool normalize, int size = 0, float scale = 0, int seed = 0,
        FrequencyDistribution distribution = default, float exponent = 0, float[]? frequencies = null, float[]? amplitudes = null)
    {
        _kind = kind;
        Normalize = normalize;
        _size = size;
        _scale = scale;
        _seed = seed;
        _distribution = distribution;
        _exponent = exponent;
        _frequencies = frequencies ?? [];
        _amplitudes = amplitudes ?? [];
    }

    /// <summary>Raw inputs: no mapping attribute, γ(v) = v.</summary>
    public static MappingPlan None { get; } = new(MappingKind.None, normalize: false);

    /// <summary>Whether a is divided by ‖a‖.</summary>
    public bool Normalize { get; }

    /// <summary>Whether the network has no mapping (raw inputs).</summary>
    public bool IsNone => _kind == MappingKind.None;

    /// <summary>[BasicFeatures].</summary>
    /// <param name="normalize">Whether a is divided by ‖a‖.</param>
    /// <returns>The plan.</returns>
    public static MappingPlan Basic(bool normalize) => new(MappingKind.Basic, normalize);

    /// <summary>[PositionalEncoding(frequencies, scale)].</summary>
    /// <param name="frequenciesPerAxis">Frequencies per input axis.</param>
    /// <param name="scale">The attribute's scale.</param>
    /// <param name="normalize">Whether a is divided by ‖a‖.</param>
    /// <returns>The plan.</returns>
    public static MappingPlan Positional(int frequenciesPerAxis, float scale, bool normalize) =>
        new(MappingKind.Positional, normalize, size: frequenciesPerAxis, scale: scale);

    /// <summary>[GaussianFeatures(size, scale)] and [RandomFeatures(distribution, size, scale)], with their Seed.</summary>
    /// <param name="distribution">The distribution of B's entries.</param>
    /// <param name="size">m, the number of frequencies.</param>
    /// <param name="scale">σ.</param>
    /// <param name="seed">The attribute's Seed.</param>
    /// <param name="normalize">Whether a is divided by ‖a‖.</param>
    /// <returns>The plan.</returns>
    public static MappingPlan Random(FrequencyDistribution distribution, int size, float scale, int seed, bool normalize) =>
        new(MappingKind.Random, normalize, size: size, scale: scale, seed: seed, distribution: distribution);

    /// <summary>[PowerLawFeatures(size, exponent)].</summary>
    /// <param name="size">m, the number of frequencies.</param>
    /// <param name="exponent">p in a_j = j^−p.</param>
    /// <param name="normalize">Whether a is divided by ‖a‖.</param>
    /// <returns>The plan.</returns>
    public static MappingPlan PowerLaw(int size, float exponent, bool normalize) => new(MappingKind.PowerLaw, normalize, size: size, exponent: exponent);

    /// <summary>[FourierFeatures(frequencies, amplitudes)]: B row-major and a (the generator fills in ones when a is not given).</summary>
    /// <param name="frequencies">B, row-major.</param>
    /// <param name="amplitudes">a.</param>
    /// <param name="normalize">Whether a is divided by ‖a‖.</param>
    /// <returns>The plan.</returns>
    public static MappingPlan Explicit(ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes, bool normalize) =>
        new(MappingKind.Explicit, normalize, frequencies: frequencies.ToArray(), amplitudes: amplitudes.ToArray());

    /// <summary>The mapping of a new network; null for raw inputs (which take no overrides).</summary>
    internal FeatureMap? Create(string network, int inputs, int frequencyCount, int seed, float? frequencyScale,
        ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes) => _kind switch
    {
        MappingKind.Basic => FeatureMap.Basic(inputs, Normalize, frequencyScale, frequencies, amplitudes),
        MappingKind.Positional => FeatureMap.Positional(inputs, _size, _scale, Normalize, frequencyScale, frequencies, amplitudes),
        MappingKind.Random => FeatureMap.Random(inputs, frequencyCount, _distribution, _scale, _seed, Normalize, seed, frequencyScale, frequencies, amplitudes),
        MappingKind.PowerLaw => FeatureMap.PowerLaw(inputs, _size, _exponent, Normalize, frequencyScale, frequencies, amplitudes),
        MappingKind.Explicit => FeatureMap.Explicit(inputs, _frequencies, _amplitudes, Normalize, frequencyScale, frequencies, amplitudes),
        _ => RawInputs.RejectOverrides(network, frequencyScale, frequencies, amplitudes),
    };

    /// <summary>The mapping of a loaded or baked network, from its stored B and a; null for raw inputs.</summary>
    internal FeatureMap? FromValues(int inputs, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes) =>
        IsNone ? null : FeatureMap.Explicit(inputs, frequencies, amplitudes, Normalize, null, default);
}
