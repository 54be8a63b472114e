using FourierGen.CompilerServices;

namespace FourierGen.Generators.Model;

/// <summary>The declared feature mapping: its kind and the values that fix B and a.</summary>
internal sealed record MappingSpec(
    MappingKind Kind,
    int Size,
    float Scale,
    int Seed,
    FrequencyDistribution Distribution,
    float Exponent,
    bool Normalize,
    EquatableArray<float> Frequencies,
    EquatableArray<float> Amplitudes)
{
    /// <summary>Raw inputs: no mapping attribute.</summary>
    public static MappingSpec None { get; } = new(
        MappingKind.None, 0, 0, AttributeDefaults.MappingSeed, FrequencyDistribution.Gaussian, 0, AttributeDefaults.Normalize,
        EquatableArray<float>.Empty, EquatableArray<float>.Empty);

    /// <summary>m, the number of rows of B, for a network with <paramref name="inputs"/> inputs (≥ 1).</summary>
    public int FrequencyCount(int inputs) => Kind switch
    {
        MappingKind.None => 0,
        MappingKind.Basic => inputs,
        MappingKind.Positional or MappingKind.PowerLaw => Size * inputs,
        MappingKind.Explicit => Frequencies.Count / inputs,
        _ => Size,
    };
}
