namespace FourierGen;

/// <summary>How a generated network's trainer trains: optimiser, learning-rate schedule, loss, the largest batch and the threads.</summary>
public sealed record TrainerOptions
{
    /// <summary>The optimiser and its base learning rate; Adam with lr = 1e-3 unless set.</summary>
    public Optimizer Optimizer { get; init; } = Optimizer.Adam();

    /// <summary>
    /// How the learning rate changes with the step: step t uses the trainer's <c>LearningRate</c> (the optimiser's, unless
    /// set on the trainer) × <see cref="LearningRateSchedule.Factor"/>(t). <see cref="LearningRateSchedule.Constant"/> unless set.
    /// </summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>The loss; mean squared error unless set.</summary>
    public Loss Loss { get; init; } = Loss.MeanSquaredError;

    /// <summary>The most rows one <c>Step</c> may take. Buffers are sized for it once, when the trainer is created.</summary>
    public int BatchCapacity { get; init; } = 4096;

    /// <summary>Worker threads a step may use. Results do not depend on it (bit-identical for any count).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Keep every row's activations so that the two-phase step (<c>Forward</c>, then <c>Backward(∂L/∂ŷ)</c>) runs the
    /// forward pass once. Costs <c>BatchCapacity</c> × <c>ActivationsPerRow</c> × 4 bytes, allocated when the trainer is
    /// created (the paper's 256-wide image network: 5 132 bytes per row, 1.3 GiB for 2¹⁸ rows). Without it a trainer
    /// holds one 256-row chunk per slot, and <c>Step(inputs, LossGradient)</c> runs the forward pass again instead.
    /// </summary>
    public bool RetainActivations { get; init; }

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentNullException">The optimiser, schedule or loss is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Optimizer, nameof(Optimizer));
        ArgumentNullException.ThrowIfNull(Schedule, nameof(Schedule));
        ArgumentNullException.ThrowIfNull(Loss, nameof(Loss));
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
