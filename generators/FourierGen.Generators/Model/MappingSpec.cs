namespace FourierGen.Generators.Model;

/// <summary>The declared feature mapping: its kind and the values that fix B and a.</summary>
internal sealed record MappingSpec(
    MappingKind Kind,
    int Size,
    float Scale,
    int Seed,
    DistributionKind Distribution,
    float Exponent,
    bool Normalize,
    EquatableArray<float> Frequencies,
    EquatableArray<float> Amplitudes)
{
    /// <summary>Raw inputs: no mapping attribute.</summary>
    public static MappingSpec None { get; } = new(
        MappingKind.None, 0, 0, 0, DistributionKind.Gaussian, 0, false, EquatableArray<float>.Empty, EquatableArray<float>.Empty);

    /// <summary>m, the number of rows of B, for a network with <paramref name="inputs"/> inputs.</summary>
    public int FrequencyCount(int inputs) => Kind switch
    {
        MappingKind.None => 0,
        MappingKind.Basic => inputs,
        MappingKind.Positional or MappingKind.PowerLaw => Size * inputs,
        MappingKind.Explicit => Frequencies.Count / inputs,
        _ => Size,
    };
}

/// <summary>Which mapping attribute was declared.</summary>
internal enum MappingKind
{
    None,
    Basic,
    Positional,
    Random,
    PowerLaw,
    Explicit,
}

/// <summary>Mirrors <c>FourierGen.FrequencyDistribution</c>.</summary>
internal enum DistributionKind
{
    Gaussian = 0,
    Uniform = 1,
    UniformLog = 2,
    Laplace = 3,
}
