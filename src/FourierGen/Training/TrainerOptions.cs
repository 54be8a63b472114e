namespace FourierGen;

/// <summary>How a generated network's trainer trains: optimiser, loss, the largest batch and the threads.</summary>
public sealed record TrainerOptions
{
    /// <summary>The optimiser; Adam with lr = 1e-3 unless set.</summary>
    public Optimizer Optimizer { get; init; } = Optimizer.Adam();

    /// <summary>The loss; mean squared error unless set.</summary>
    public Loss Loss { get; init; } = Loss.MeanSquaredError;

    /// <summary>The most rows one <c>Step</c> may take. Buffers are sized for it once, when the trainer is created.</summary>
    public int BatchCapacity { get; init; } = 4096;

    /// <summary>Worker threads a step may use. Results do not depend on it (bit-identical for any count).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad option.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Optimizer, nameof(Optimizer));
        if (!Enum.IsDefined(Loss))
        {
            throw new ArgumentOutOfRangeException(nameof(Loss), Loss, "Unknown loss.");
        }

        if (BatchCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchCapacity), BatchCapacity, "BatchCapacity must be at least 1.");
        }

        if (Threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be at least 1.");
        }
    }
}
