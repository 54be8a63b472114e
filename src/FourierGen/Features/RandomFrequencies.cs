using FourierGen.Features;

namespace FourierGen;

/// <summary>
/// Draws B as a <see cref="RandomFeaturesAttribute"/> mapping does, for a network's <c>frequencies</c> argument: one
/// declared type then serves every distribution and scale (values are data, not types).
/// </summary>
public static class RandomFrequencies
{
    /// <summary>
    /// Fills <paramref name="b"/> with i.i.d. draws of <paramref name="distribution"/> at scale σ (the paper's Table 2),
    /// exactly the B that a <c>[RandomFeatures(distribution, …, Seed = declaredSeed)]</c> network created with
    /// <paramref name="seed"/> and <c>frequencyScale</c> σ draws — reproducible on every machine.
    /// </summary>
    /// <param name="b">The frequencies to fill (row-major m × d, or any length).</param>
    /// <param name="distribution">Gaussian, Uniform, UniformLog or Laplace.</param>
    /// <param name="scale">σ, finite and positive.</param>
    /// <param name="seed">The network constructor's seed.</param>
    /// <param name="declaredSeed">The mapping attribute's <c>Seed</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">σ is not finite and positive, or the distribution is unknown.</exception>
    public static void Fill(Span<float> b, FrequencyDistribution distribution, double scale, int seed, int declaredSeed = 0)
    {
        if (!Enum.IsDefined(distribution))
        {
            throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown frequency distribution.");
        }

        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The frequency scale must be finite and positive.");
        }

        FrequencySampler.Fill(b, distribution, scale, declaredSeed, seed);
    }
}
