using FourierGen.CompilerServices;
using FourierGen.Training;

namespace FourierGen;

/// <summary>
/// Trains a network in place. <see cref="Step(ReadOnlySpan{float}, ReadOnlySpan{float})"/> is the primitive: forward, loss,
/// backward and the optimiser on a batch, on the options' threads, allocating nothing. Around it: a settable learning
/// rate and a schedule, the two-phase <see cref="Forward"/> / <see cref="Backward"/> step for losses the trainer does not
/// know, checkpoints that resume bit-identically, and <see cref="Fit"/>, the loop with progress, validation, early
/// stopping and cancellation. Not thread-safe; dispose it to stop its worker threads. Create one with the network's
/// <c>CreateTrainer</c>.
/// </summary>
/// <typeparam name="TNet">The generated network type.</typeparam>
public sealed partial class Trainer<TNet> : INetworkTrainer
    where TNet : IFourierNetwork<TNet>
{
    private readonly TrainingEngine _engine;
    private readonly NetworkCore _core;

    internal Trainer(TNet network, NetworkCore core, TrainerOptions options)
    {
        Network = network;
        _core = core;
        _engine = new TrainingEngine(core, options);
    }

    /// <summary>The network this trainer updates.</summary>
    public TNet Network { get; }

    /// <inheritdoc/>
    public long StepCount => _engine.StepCount;

    /// <inheritdoc/>
    public ReadOnlySpan<float> LastGradient => _engine.LastGradient;

    /// <inheritdoc/>
    public Optimizer Optimizer => _engine.Optimizer;

    /// <inheritdoc/>
    public LearningRateSchedule Schedule => _engine.Schedule;

    /// <inheritdoc/>
    public Loss Loss => _engine.Loss;

    /// <inheritdoc/>
    public int BatchCapacity => _engine.BatchCapacity;

    /// <inheritdoc/>
    public float LearningRate
    {
        get => _engine.LearningRate;
        set
        {
            if (!(value >= 0 && float.IsFinite(value)))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be finite and not negative.");
            }

            _engine.LearningRate = value;
        }
    }

    /// <inheritdoc/>
    public double CurrentLearningRate => _engine.CurrentLearningRate;

    /// <inheritdoc/>
    public long RetainedActivationBytes => _engine.RetainedActivationBytes;

    /// <inheritdoc/>
    public int ActivationsPerRow => _engine.ActivationsPerRow;

    /// <inheritdoc/>
    public float Step(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets) => _engine.Step(inputs, targets);

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<float> inputs, LossGradient gradient) => _engine.Step(inputs, gradient);

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs) => _engine.Forward(inputs, outputs);

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<float> outputGradient) => _engine.Backward(outputGradient);

    /// <inheritdoc/>
    public EvaluationResult Evaluate(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets) => Network.Evaluate(inputs, targets, Loss);

    /// <summary>Stops the worker threads.</summary>
    public void Dispose() => _engine.Dispose();
}
