using FourierGen.Numerics;

namespace FourierGen.Training;

/// <summary>
/// Runs training steps for a generated network: every step packs the weights once, splits the batch into
/// fixed chunks that run forward, loss and backward while their activations are still in cache, reduces
/// the per-slot gradients in a fixed order, and applies the optimiser only if everything is finite.
/// </summary>
/// <remarks>
/// <para>Buffers are sized once, here: per thread one chunk's activations, per slot one gradient. Memory therefore
/// does not grow with <see cref="TrainerOptions.BatchCapacity"/> beyond one double per chunk — unless
/// <see cref="TrainerOptions.RetainActivations"/> asks for every row's activations, for the two-phase
/// <see cref="Forward"/> / <see cref="Backward"/> step.</para>
/// <para>Determinism: chunks, slots and every reduction order depend only on the batch (see
/// <see cref="ParallelRows"/>), so 1 and 2 threads give bit-identical parameters; the two-phase step uses the
/// same chunks and slots as <see cref="Step(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.</para>
/// <para>Not thread-safe: one step at a time.</para>
/// </remarks>
internal sealed unsafe class TrainingEngine : IDisposable, IRowChunkWork
{
    /// <summary>Rows per chunk: a multiple of the backward kernel's row block, small enough that a chunk's activations stay in L2.</summary>
    public const int ChunkRows = 256;

    /// <summary>Gradient accumulation slots: a constant, so results never depend on the thread count (see <see cref="ParallelRows"/>).</summary>
    public const int Slots = 8;

    private readonly INetworkPasses _network;
    private readonly Loss _loss;
    private readonly ParallelRows _pool;
    private readonly int _parameterCount;
    private readonly AlignedBuffer _forwardPack, _backwardPack;
    private readonly float[] _slotGradients, _gradient;
    private readonly AlignedBuffer _threadActivations, _threadScratch;
    private readonly float[] _threadOutputGradients;
    private readonly float[]? _retainedActivations;
    private readonly float[] _firstMoment, _secondMoment;
    private readonly double[] _chunkLosses;

    // The batch of the step in progress (pinned by the caller for its duration).
    private float* _inputs, _targets, _callerGradient, _outputs;
    private int _rows;
    private Phase _phase;

    // Rows of the forward pass whose activations are retained for Backward; 0 when none is pending.
    private int _pendingRows;

    /// <summary>Creates the engine and every buffer it will use.</summary>
    public TrainingEngine(INetworkPasses network, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _loss = options.Loss;
        Optimizer = options.Optimizer;
        Schedule = options.Schedule;
        LearningRate = options.Optimizer.LearningRate;
        BatchCapacity = options.BatchCapacity;
        _parameterCount = network.Parameters.Length;

        _forwardPack = new AlignedBuffer(network.ForwardPackLength);
        _backwardPack = new AlignedBuffer(network.BackwardPackLength);
        _gradient = new float[_parameterCount];
        _slotGradients = new float[Floats((long)Slots * _parameterCount, $"gradients ({Slots} slots × {_parameterCount} parameters)")];
        _pool = new ParallelRows(Math.Min(options.Threads, Slots));

        // A chunk's activations and scratch live only while it runs: one set per thread (the slots' gradients are what persists).
        int threads = _pool.Threads;
        _threadActivations = new AlignedBuffer(Floats((long)threads * ChunkRows * network.TrainingActivationsPerRow, "activations per thread"));
        _threadOutputGradients = new float[(long)threads * ChunkRows * network.OutputSize];
        _threadScratch = new AlignedBuffer(Floats((long)threads * ChunkRows * Math.Max(1, network.BackwardScratchPerRow), "backward scratch per thread"));
        _retainedActivations = options.RetainActivations ? new float[RetainedFloats(network, BatchCapacity)] : null;
        _chunkLosses = new double[ParallelRows.ChunkCount(BatchCapacity, ChunkRows)];
        _firstMoment = Optimizer.Kind == OptimizerKind.Adam ? new float[_parameterCount] : [];
        _secondMoment = Optimizer.Kind == OptimizerKind.Adam ? new float[_parameterCount] : [];

        // Sizes the network fixes (the options cannot change them): named, with the limit, instead of an OverflowException.
        static int Floats(long count, string what) => Guard.Count(count, nameof(options), $"the trainer's {what}");
    }

    private enum Phase
    {
        /// <summary>Forward, built-in loss or caller gradient, backward: one chunk at a time.</summary>
        Step,

        /// <summary>Forward of every row into the retained activations, outputs to the caller.</summary>
        Forward,

        /// <summary>Backward of every row from the retained activations and the caller's ∂L/∂ŷ.</summary>
        Backward,
    }

    /// <summary>The most rows one step takes.</summary>
    public int BatchCapacity { get; }

    /// <summary>The optimiser and its fixed hyper-parameters.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The schedule that scales <see cref="LearningRate"/>.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>The loss of the built-in-loss step.</summary>
    public Loss Loss => _loss;

    /// <summary>The base learning rate the schedule scales; starts as the optimiser's.</summary>
    public float LearningRate { get; set; }

    /// <summary>The learning rate the next step uses: base × schedule factor at <see cref="StepCount"/>.</summary>
    public double CurrentLearningRate => Schedule.LearningRate(LearningRate, StepCount);

    /// <summary>Steps applied so far (Adam's t, the schedule's position).</summary>
    public long StepCount { get; private set; }

    /// <summary>The gradient of the last step (laid out like the parameters), for inspection and tests.</summary>
    public ReadOnlySpan<float> LastGradient => _gradient;

    /// <summary>Adam's first moments m (empty for SGD).</summary>
    public Span<float> FirstMoment => _firstMoment;

    /// <summary>Adam's second moments v (empty for SGD).</summary>
    public Span<float> SecondMoment => _secondMoment;

    /// <summary>Floats of one row's activations: features, every hidden layer's outputs, outputs.</summary>
    public int ActivationsPerRow => _network.TrainingActivationsPerRow;

    /// <summary>Bytes of the retained activations (0 unless <see cref="TrainerOptions.RetainActivations"/>).</summary>
    public long RetainedActivationBytes => 4L * (_retainedActivations?.LongLength ?? 0);

    /// <summary>Floats the two-phase step retains for <paramref name="rows"/> rows: every layer's values of every row.</summary>
    private static int RetainedFloats(INetworkPasses network, int rows)
    {
        long floats = (long)rows * network.TrainingActivationsPerRow;
        if (floats > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(TrainerOptions.BatchCapacity), rows,
                $"RetainActivations keeps {network.TrainingActivationsPerRow} floats per row; {rows} rows need {floats} floats, more than one array holds ({Array.MaxLength}): lower BatchCapacity.");
        }

        return (int)floats;
    }

    /// <summary>Restores the state a checkpoint holds (the parameters are written by the caller).</summary>
    public void Restore(long stepCount, float learningRate)
    {
        StepCount = stepCount;
        LearningRate = learningRate;
        _pendingRows = 0;
    }

    /// <summary>One step on a batch with the trainer's loss; returns the loss before the update.</summary>
    public float Step(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        int rows = CheckBatch(inputs);
        Guard.Length(targets, (long)rows * _network.OutputSize, nameof(targets), "rows × OutputSize");
        Guard.Finite(targets, nameof(targets));
        double learningRate = CurrentLearningRate;
        double loss;
        fixed (float* x = inputs, y = targets)
        {
            loss = Run(Phase.Step, x, y, null, null, rows);
        }

        if (!double.IsFinite(loss))
        {
            throw new TrainingDivergedException(StepCount + 1, $"the loss is {loss}");
        }

        Apply(learningRate);
        return (float)loss;
    }

    /// <summary>One step from a caller-supplied ∂L/∂ŷ at the current parameters (its forward pass runs again here).</summary>
    public void Step(ReadOnlySpan<float> inputs, LossGradient gradient)
    {
        int rows = CheckBatch(inputs);
        Guard.Length(gradient.Values, (long)rows * _network.OutputSize, "gradient", "rows × OutputSize");
        Guard.Finite(gradient.Values, "gradient");
        double learningRate = CurrentLearningRate;
        fixed (float* x = inputs, g = gradient.Values)
        {
            Run(Phase.Step, x, null, g, null, rows);
        }

        Apply(learningRate);
    }

    /// <summary>The first half of a two-phase step: the outputs of every row, keeping every row's activations for <see cref="Backward"/>.</summary>
    public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        if (_retainedActivations is null)
        {
            throw new InvalidOperationException(
                "Forward keeps every row's activations for Backward: create the trainer with TrainerOptions.RetainActivations = true "
                + $"(it then holds BatchCapacity × {_network.TrainingActivationsPerRow} floats), or use Step(inputs, LossGradient), which runs the forward pass again instead.");
        }

        int rows = CheckBatch(inputs);
        Guard.AtLeast(outputs, (long)rows * _network.OutputSize, nameof(outputs), "rows × OutputSize");
        _pendingRows = 0;
        fixed (float* x = inputs, y = outputs)
        {
            Run(Phase.Forward, x, null, null, y, rows);
        }

        _pendingRows = rows;
    }

    /// <summary>The second half of a two-phase step: backward from ∂L/∂ŷ at the outputs of <see cref="Forward"/>, then the update.</summary>
    public void Backward(ReadOnlySpan<float> outputGradient)
    {
        int rows = _pendingRows;
        if (rows == 0)
        {
            throw new InvalidOperationException("Backward needs a Forward first (each Forward allows one Backward; a Step or a restored checkpoint discards it).");
        }

        Guard.Length(outputGradient, (long)rows * _network.OutputSize, nameof(outputGradient), "the Forward's rows × OutputSize");
        Guard.Finite(outputGradient, nameof(outputGradient));
        double learningRate = CurrentLearningRate;
        fixed (float* g = outputGradient)
        {
            Run(Phase.Backward, null, null, g, null, rows);
        }

        _pendingRows = 0;
        Apply(learningRate);
    }

    /// <summary>Stops the worker threads.</summary>
    public void Dispose() => _pool.Dispose();

    private int CheckBatch(ReadOnlySpan<float> inputs)
    {
        int rows = Guard.Rows(inputs, _network.InputSize, nameof(inputs), "InputSize per row");
        if (rows < 1 || rows > BatchCapacity)
        {
            throw new ArgumentException($"inputs holds {rows} rows; a step takes 1 to BatchCapacity = {BatchCapacity} rows.", nameof(inputs));
        }

        Guard.Finite(inputs, nameof(inputs));
        return rows;
    }

    /// <summary>Runs a phase over every chunk; for a step, reduces the gradient and returns the loss.</summary>
    private double Run(Phase phase, float* inputs, float* targets, float* callerGradient, float* outputs, int rows)
    {
        if (phase != Phase.Backward)
        {
            // Backward reuses the packs of its Forward: the parameters have not changed since.
            _network.PackForward(_forwardPack.Span);
            _network.PackBackward(_backwardPack.Span);
        }

        if (phase == Phase.Step)
        {
            _pendingRows = 0;
        }

        _phase = phase;
        _inputs = inputs;
        _targets = targets;
        _callerGradient = callerGradient;
        _outputs = outputs;
        _rows = rows;
        try
        {
            _pool.Run(this, rows, ChunkRows, Slots);
        }
        finally
        {
            _inputs = _targets = _callerGradient = _outputs = null;
        }

        if (phase == Phase.Forward)
        {
            return 0;
        }

        _pool.SumSlots(_slotGradients, _parameterCount, ParallelRows.UsedSlots(rows, ChunkRows, Slots), _gradient);
        if (targets is null)
        {
            return 0;
        }

        // Chunk losses add up in chunk order: the same sum for any thread count.
        int chunks = ParallelRows.ChunkCount(rows, ChunkRows);
        double sum = 0;
        for (int c = 0; c < chunks; c++)
        {
            sum += _chunkLosses[c];
        }

        return LossMath.Finish(_loss, sum, rows * _network.OutputSize);
    }

    /// <summary>One chunk of the phase in progress, in its thread's buffers; a slot's gradient accumulates its chunks.</summary>
    void IRowChunkWork.Process(in RowChunk chunk)
    {
        int inputSize = _network.InputSize, outputSize = _network.OutputSize, n = chunk.RowCount;
        int perRow = _network.TrainingActivationsPerRow;
        Span<float> activations = _phase == Phase.Step
            ? _threadActivations.Slice((long)chunk.Thread * ChunkRows * perRow, n * perRow)
            : _retainedActivations!.AsSpan(chunk.FirstRow * perRow, n * perRow);
        ReadOnlySpan<float> outputs = activations.Slice(n * (perRow - outputSize), n * outputSize);
        if (_phase != Phase.Backward)
        {
            var inputs = new ReadOnlySpan<float>(_inputs + (long)chunk.FirstRow * inputSize, n * inputSize);
            _network.ForwardRows(inputs, n, activations, _forwardPack.Span);
            if (_phase == Phase.Forward)
            {
                outputs.CopyTo(new Span<float>(_outputs + (long)chunk.FirstRow * outputSize, n * outputSize));
                return;
            }
        }

        Span<float> outputGradient = _threadOutputGradients.AsSpan(chunk.Thread * ChunkRows * outputSize, n * outputSize);
        if (_callerGradient is not null)
        {
            new ReadOnlySpan<float>(_callerGradient + (long)chunk.FirstRow * outputSize, n * outputSize).CopyTo(outputGradient);
        }
        else
        {
            var targets = new ReadOnlySpan<float>(_targets + (long)chunk.FirstRow * outputSize, n * outputSize);
            _chunkLosses[chunk.Chunk] = LossMath.Sum(_loss, outputs, targets, outputGradient, _rows * outputSize);
        }

        int scratchPerRow = Math.Max(1, _network.BackwardScratchPerRow);
        _network.BackwardRows(outputGradient, n, activations, _threadScratch.Slice((long)chunk.Thread * ChunkRows * scratchPerRow, n * scratchPerRow),
            _backwardPack.Span, _slotGradients.AsSpan(chunk.Slot * _parameterCount, _parameterCount), accumulate: !chunk.IsFirstInSlot);
    }

    /// <summary>The optimiser update at <paramref name="learningRate"/>, all or nothing: a non-finite result changes nothing and throws.</summary>
    private void Apply(double learningRate)
    {
        Span<float> parameters = _network.Parameters;
        long step = StepCount + 1;
        bool applied = Optimizer.Kind == OptimizerKind.Adam
            ? OptimizerMath.TryAdam(parameters, _gradient, _firstMoment, _secondMoment,
                new AdamCoefficients(learningRate, Optimizer.Beta1, Optimizer.Beta2, Optimizer.Epsilon, step))
            : OptimizerMath.TrySgd(parameters, _gradient, learningRate);
        _network.ParametersWritten();
        if (!applied)
        {
            throw new TrainingDivergedException(step, "the gradient or the updated parameters are not finite");
        }

        StepCount = step;
    }
}
