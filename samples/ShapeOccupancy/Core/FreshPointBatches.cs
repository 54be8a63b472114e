using FourierGen;

namespace ShapeOccupancy;

/// <summary>
/// The occupancy network's training data for <c>Fit</c>: batch i is a fresh set of points uniform in the shape's box,
/// labelled exactly, drawn from a generator seeded by (run seed, i) — a pure function of i, so a run resumed from a
/// checkpoint at step i trains on exactly the batches the uninterrupted run would have.
/// </summary>
public sealed class FreshPointBatches : ITrainingData
{
    private readonly ShapeSampler _sampler;
    private readonly InsideTest _inside;
    private readonly int _seed;
    private readonly bool _centred;
    private readonly float[] _points, _inputs, _labels;

    /// <summary>Batches of <paramref name="batch"/> points around the sampler's shape.</summary>
    /// <param name="sampler">Draws the points.</param>
    /// <param name="inside">Labels them (1 inside, 0 outside).</param>
    /// <param name="batch">Points per batch.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="centred">Feed 2v − 1 instead of v (the raw-coordinate network).</param>
    public FreshPointBatches(ShapeSampler sampler, InsideTest inside, int batch, int seed, bool centred)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(inside);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        (_sampler, _inside, _seed, _centred) = (sampler, inside, seed, centred);
        _points = new float[3 * batch];
        _inputs = new float[3 * batch];
        _labels = new float[batch];
    }

    /// <inheritdoc/>
    public int InputSize => 3;

    /// <inheritdoc/>
    public int OutputSize => 1;

    /// <inheritdoc/>
    public int MaxBatchRows => _labels.Length;

    /// <inheritdoc/>
    public long BatchesPerEpoch => 0;

    /// <inheritdoc/>
    public TrainingBatch GetBatch(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        _sampler.Uniform(new Random(HashCode.Combine(_seed, index)), _points);
        _inside.Label(_points, _labels);
        NetworkInputs.From(_points, _centred, _inputs);
        return new TrainingBatch(_inputs, _labels);
    }
}

/// <summary>Points in the unit cube → the networks' inputs: v itself, or 2v − 1 for the raw-coordinate network.</summary>
public static class NetworkInputs
{
    /// <summary>Writes the inputs of <paramref name="points"/> into <paramref name="inputs"/>.</summary>
    public static void From(ReadOnlySpan<float> points, bool centred, Span<float> inputs)
    {
        for (int i = 0; i < points.Length; i++)
        {
            inputs[i] = centred ? 2 * points[i] - 1 : points[i];
        }
    }

    /// <summary>The inputs of <paramref name="points"/>, new.</summary>
    public static float[] From(ReadOnlySpan<float> points, bool centred)
    {
        var inputs = new float[points.Length];
        From(points, centred, inputs);
        return inputs;
    }
}
