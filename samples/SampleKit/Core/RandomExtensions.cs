namespace SampleKit;

/// <summary>Normal draws from a seeded <see cref="Random"/>: the samples' data are reproducible from their seeds on every machine.</summary>
public static class RandomExtensions
{
    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double NextNormal(this Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u = 1 - random.NextDouble(); // (0, 1]: the logarithm stays finite
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
