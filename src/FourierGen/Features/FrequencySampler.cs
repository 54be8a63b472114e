using FourierGen.Numerics;

namespace FourierGen.Features;

/// <summary>Draws random frequency matrices, reproducibly for a (declared seed, seed) pair.</summary>
internal static class FrequencySampler
{
    /// <summary>The random stream that frequency draws use (parameter initialisation uses another).</summary>
    internal const ulong FrequencyStream = 1;

    /// <summary>Fills <paramref name="b"/> with i.i.d. draws of the paper's Table 2 distributions at scale σ.</summary>
    public static void Fill(Span<float> b, FrequencyDistribution distribution, double scale, int declaredSeed, int seed)
    {
        var random = new SplitMixRandom(FrequencyStream, declaredSeed, seed);
        double logScale = DeterministicMath.Log(scale);
        for (int k = 0; k < b.Length; k++)
        {
            b[k] = (float)(distribution switch
            {
                FrequencyDistribution.Gaussian => scale * random.NextGaussian(),
                FrequencyDistribution.Uniform => scale * random.NextUniform(),
                FrequencyDistribution.UniformLog => DeterministicMath.Exp(random.NextUniform() * logScale),
                FrequencyDistribution.Laplace => scale * random.NextLaplace(),
                _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown frequency distribution."),
            });
        }
    }
}
