namespace FourierGen;

/// <summary>
/// Where <c>Fit</c> takes its batches from: batch number <c>i</c> (counted from the start of training, across epochs) is a
/// pure function of <c>i</c>, so a run resumed from a checkpoint at step i draws exactly the batches the uninterrupted run
/// would have. <see cref="Minibatches"/> shuffles a fixed dataset; implement this interface to draw fresh points every
/// step (e.g. seeded by the batch number).
/// </summary>
public interface ITrainingData
{
    /// <summary>Floats per input row (the network's InputSize).</summary>
    int InputSize { get; }

    /// <summary>Floats per target row (the network's OutputSize).</summary>
    int OutputSize { get; }

    /// <summary>The most rows a batch holds: the trainer's BatchCapacity must be at least this.</summary>
    int MaxBatchRows { get; }

    /// <summary>Batches in one pass over the data, for epoch counts; 0 when the data has no epochs (fresh points every batch).</summary>
    long BatchesPerEpoch { get; }

    /// <summary>Batch number <paramref name="index"/>: the same rows every time it is asked for.</summary>
    /// <param name="index">The batch's number, 0 for the first of the first epoch.</param>
    /// <returns>The batch, valid until the next call (implementations reuse their buffers).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    TrainingBatch GetBatch(long index);
}

/// <summary>One batch: inputs (rows × InputSize) and targets (rows × OutputSize), row-major.</summary>
public readonly ref struct TrainingBatch
{
    /// <summary>Wraps a batch's inputs and targets.</summary>
    /// <param name="inputs">rows × InputSize values, row-major.</param>
    /// <param name="targets">rows × OutputSize values, row-major.</param>
    public TrainingBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>The inputs, row-major.</summary>
    public ReadOnlySpan<float> Inputs { get; }

    /// <summary>The targets, row-major.</summary>
    public ReadOnlySpan<float> Targets { get; }
}
