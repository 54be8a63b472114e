namespace FourierGen;

/// <summary>
/// Trains a network in place: <see cref="Step(ReadOnlySpan{float}, ReadOnlySpan{float})"/> runs forward, loss,
/// backward and the optimiser on a batch, on the options' threads, allocating nothing. Not thread-safe; dispose it
/// to stop its worker threads. Create one with the network's <c>CreateTrainer</c>.
/// </summary>
/// <typeparam name="TNet">The generated network type.</typeparam>
public sealed class Trainer<TNet> : INetworkTrainer
    where TNet : IFourierNetwork<TNet>
{
    private readonly Training.TrainingEngine _engine;

    internal Trainer(TNet network, Training.INetworkPasses passes, TrainerOptions options)
    {
        Network = network;
        _engine = new Training.TrainingEngine(passes, options);
    }

    /// <summary>The network this trainer updates.</summary>
    public TNet Network { get; }

    /// <inheritdoc/>
    public long StepCount => _engine.StepCount;

    /// <inheritdoc/>
    public ReadOnlySpan<float> LastGradient => _engine.LastGradient;

    /// <inheritdoc/>
    public float Step(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets) => _engine.Step(inputs, targets);

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<float> inputs, LossGradient gradient) => _engine.Step(inputs, gradient);

    /// <summary>Stops the worker threads.</summary>
    public void Dispose() => _engine.Dispose();
}
