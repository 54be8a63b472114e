namespace FourierGen;

/// <summary>
/// Base of the feature-mapping attributes. Every mapping computes
/// γ(v) = [a ⊙ cos(2πBv), a ⊙ sin(2πBv)]: all cosines, then all sines.
/// </summary>
public abstract class FeatureMappingAttribute : Attribute
{
    private protected FeatureMappingAttribute()
    {
    }

    /// <summary>Divide the amplitudes a by ‖a‖₂, so that ‖γ(v)‖₂ = 1 for every v.</summary>
    public bool Normalize { get; set; } = AttributeDefaults.Normalize;
}

/// <summary>The basic mapping γ(v) = [cos 2πv, sin 2πv]: B = I, a = 1.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class BasicFeaturesAttribute : FeatureMappingAttribute
{
}

/// <summary>
/// Positional encoding: per input axis, frequencies b_j = 2^(scale·j/(frequencies−1)) − 1 for
/// j = 0..frequencies−1, a = 1 (the formula behind the paper's Table 1). B is block-diagonal:
/// rows are axis-major (all frequencies of axis 0, then of axis 1, ...).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class PositionalEncodingAttribute : FeatureMappingAttribute
{
    /// <summary>Declares a positional encoding.</summary>
    /// <param name="frequencies">Frequencies per axis, at least 2.</param>
    /// <param name="scale">σ_p: the highest frequency is 2^σ_p − 1. Finite and positive.</param>
    public PositionalEncodingAttribute(int frequencies, float scale)
    {
        Frequencies = frequencies;
        Scale = scale;
    }

    /// <summary>Frequencies per axis.</summary>
    public int Frequencies { get; }

    /// <summary>σ_p.</summary>
    public float Scale { get; }
}

/// <summary>Random Gaussian features: B ∈ R^{size×inputs}, B_ij = scale·N(0, 1), a = 1.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class GaussianFeaturesAttribute : FeatureMappingAttribute
{
    /// <summary>Declares Gaussian features.</summary>
    /// <param name="size">m, the number of frequencies (rows of B).</param>
    /// <param name="scale">σ, the standard deviation of B's entries. Finite and positive.</param>
    public GaussianFeaturesAttribute(int size, float scale)
    {
        Size = size;
        Scale = scale;
    }

    /// <summary>m, the number of frequencies.</summary>
    public int Size { get; }

    /// <summary>σ.</summary>
    public float Scale { get; }

    /// <summary>The default seed of B; the constructor's seed is mixed with it.</summary>
    public int Seed { get; set; } = AttributeDefaults.MappingSeed;
}

/// <summary>
/// Random features from one of the paper's Table 2 distributions:
/// Gaussian σ·N(0,1), Uniform σ·U[0,1), UniformLog σ^U[0,1), Laplace σ·Laplace(0,1); a = 1.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class RandomFeaturesAttribute : FeatureMappingAttribute
{
    /// <summary>Declares random features.</summary>
    /// <param name="distribution">The distribution of B's entries.</param>
    /// <param name="size">m, the number of frequencies (rows of B).</param>
    /// <param name="scale">σ. Finite and positive.</param>
    public RandomFeaturesAttribute(FrequencyDistribution distribution, int size, float scale)
    {
        Distribution = distribution;
        Size = size;
        Scale = scale;
    }

    /// <summary>The distribution of B's entries.</summary>
    public FrequencyDistribution Distribution { get; }

    /// <summary>m, the number of frequencies.</summary>
    public int Size { get; }

    /// <summary>σ.</summary>
    public float Scale { get; }

    /// <summary>The default seed of B; the constructor's seed is mixed with it.</summary>
    public int Seed { get; set; } = AttributeDefaults.MappingSeed;
}

/// <summary>
/// Power-law features: per input axis, b_j = j and a_j = j^(−exponent) for j = 1..size
/// (exponent = +∞ is the basic mapping). Rows are axis-major, as in positional encoding.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class PowerLawFeaturesAttribute : FeatureMappingAttribute
{
    /// <summary>Declares power-law features.</summary>
    /// <param name="size">Frequencies per axis.</param>
    /// <param name="exponent">p in a_j = j^(−p); any value but NaN (+∞ allowed).</param>
    public PowerLawFeaturesAttribute(int size, float exponent)
    {
        Size = size;
        Exponent = exponent;
    }

    /// <summary>Frequencies per axis.</summary>
    public int Size { get; }

    /// <summary>p.</summary>
    public float Exponent { get; }
}

/// <summary>Explicit frequencies B (row-major, size × inputs) and optional amplitudes a.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class FourierFeaturesAttribute : FeatureMappingAttribute
{
    /// <summary>Declares explicit frequencies with unit amplitudes.</summary>
    /// <param name="frequencies">B, row-major; its length must be a multiple of the network's inputs.</param>
    public FourierFeaturesAttribute(float[] frequencies)
    {
        Frequencies = frequencies;
        Amplitudes = null;
    }

    /// <summary>Declares explicit frequencies and amplitudes.</summary>
    /// <param name="frequencies">B, row-major; its length must be a multiple of the network's inputs.</param>
    /// <param name="amplitudes">a, one per row of B.</param>
    public FourierFeaturesAttribute(float[] frequencies, float[] amplitudes)
    {
        Frequencies = frequencies;
        Amplitudes = amplitudes;
    }

    /// <summary>B, row-major.</summary>
    public float[] Frequencies { get; }

    /// <summary>a, or null for all ones.</summary>
    public float[]? Amplitudes { get; }
}
