using FourierGen.Numerics;

namespace FourierGen.Training;

/// <summary>
/// Runs training steps for a generated network: every step packs the weights once, splits the batch into
/// fixed chunks that run forward, loss and backward while their activations are still in cache, reduces
/// the per-slot gradients in a fixed order, and applies the optimiser only if everything is finite.
/// </summary>
/// <remarks>
/// <para>Buffers are sized once, here: per slot one chunk's activations and one gradient. Memory therefore
/// does not grow with <see cref="TrainerOptions.BatchCapacity"/> beyond one double per chunk.</para>
/// <para>Determinism: chunks, slots and every reduction order depend only on the batch (see
/// <see cref="ParallelRows"/>), so 1 and 2 threads give bit-identical parameters.</para>
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
    private readonly Optimizer _optimizer;
    private readonly ParallelRows _pool;
    private readonly int _parameterCount;
    private readonly AlignedBuffer _forwardPack, _backwardPack;
    private readonly float[] _slotGradients, _gradient;
    private readonly AlignedBuffer _slotActivations, _slotScratch;
    private readonly float[] _slotOutputGradients;
    private readonly float[] _firstMoment, _secondMoment;
    private readonly double[] _chunkLosses;

    // The batch of the step in progress (pinned by Step for its duration).
    private float* _inputs, _targets, _callerGradient;
    private int _rows;

    /// <summary>Creates the engine and every buffer it will use.</summary>
    public TrainingEngine(INetworkPasses network, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _loss = options.Loss;
        _optimizer = options.Optimizer;
        BatchCapacity = options.BatchCapacity;
        _parameterCount = network.Parameters.Length;

        _forwardPack = new AlignedBuffer(network.ForwardPackLength);
        _backwardPack = new AlignedBuffer(network.BackwardPackLength);
        _gradient = new float[_parameterCount];
        _slotGradients = new float[(long)Slots * _parameterCount];
        _slotActivations = new AlignedBuffer((long)Slots * ChunkRows * network.TrainingActivationsPerRow);
        _slotOutputGradients = new float[(long)Slots * ChunkRows * network.OutputSize];
        _slotScratch = new AlignedBuffer((long)Slots * ChunkRows * Math.Max(1, network.BackwardScratchPerRow));
        _chunkLosses = new double[ParallelRows.ChunkCount(BatchCapacity, ChunkRows)];
        _firstMoment = _optimizer.Kind == OptimizerKind.Adam ? new float[_parameterCount] : [];
        _secondMoment = _optimizer.Kind == OptimizerKind.Adam ? new float[_parameterCount] : [];
        _pool = new ParallelRows(Math.Min(options.Threads, Slots));
    }

    /// <summary>The most rows one step takes.</summary>
    public int BatchCapacity { get; }

    /// <summary>Steps applied so far (Adam's t).</summary>
    public long StepCount { get; private set; }

    /// <summary>The gradient of the last step (laid out like the parameters), for inspection and tests.</summary>
    public ReadOnlySpan<float> LastGradient => _gradient;

    /// <summary>One step on a batch with the trainer's loss; returns the loss before the update.</summary>
    public float Step(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        int rows = CheckBatch(inputs);
        Guard.Length(targets, rows * _network.OutputSize, nameof(targets), "rows × OutputSize");
        Guard.Finite(targets, nameof(targets));
        double loss;
        fixed (float* x = inputs, y = targets)
        {
            loss = ComputeGradient(x, y, null, rows);
        }

        if (!double.IsFinite(loss))
        {
            throw new TrainingDivergedException(StepCount + 1, $"the loss is {loss}");
        }

        Apply();
        return (float)loss;
    }

    /// <summary>One step from a caller-supplied ∂L/∂ŷ at the current parameters.</summary>
    public void Step(ReadOnlySpan<float> inputs, LossGradient gradient)
    {
        int rows = CheckBatch(inputs);
        Guard.Length(gradient.Values, rows * _network.OutputSize, "gradient", "rows × OutputSize");
        Guard.Finite(gradient.Values, "gradient");
        fixed (float* x = inputs, g = gradient.Values)
        {
            ComputeGradient(x, null, g, rows);
        }

        Apply();
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

    private double ComputeGradient(float* inputs, float* targets, float* callerGradient, int rows)
    {
        _network.PackForward(_forwardPack.Span);
        _network.PackBackward(_backwardPack.Span);
        _inputs = inputs;
        _targets = targets;
        _callerGradient = callerGradient;
        _rows = rows;
        try
        {
            _pool.Run(this, rows, ChunkRows, Slots);
        }
        finally
        {
            _inputs = _targets = _callerGradient = null;
        }

        _pool.SumSlots(_slotGradients, _parameterCount, ParallelRows.UsedSlots(rows, ChunkRows, Slots), _gradient);

        // Chunk losses add up in chunk order: the same sum for any thread count.
        int chunks = ParallelRows.ChunkCount(rows, ChunkRows);
        double sum = 0;
        for (int c = 0; c < chunks; c++)
        {
            sum += _chunkLosses[c];
        }

        int elements = rows * _network.OutputSize;
        return _loss switch
        {
            Loss.MeanSquaredError => Losses.MeanSquaredErrorFinish(sum, elements),
            Loss.BinaryCrossEntropyWithLogits => Losses.BinaryCrossEntropyWithLogitsFinish(sum, elements),
            _ => sum,
        };
    }

    /// <summary>Forward, loss and backward of one chunk, into its slot's gradient.</summary>
    void IRowChunkWork.Process(in RowChunk chunk)
    {
        int inputSize = _network.InputSize, outputSize = _network.OutputSize, n = chunk.RowCount;
        int perRow = _network.TrainingActivationsPerRow;
        Span<float> activations = _slotActivations.Slice((long)chunk.Slot * ChunkRows * perRow, n * perRow);
        var inputs = new ReadOnlySpan<float>(_inputs + (long)chunk.FirstRow * inputSize, n * inputSize);
        _network.ForwardRows(inputs, n, activations, _forwardPack.Span);

        ReadOnlySpan<float> outputs = activations.Slice(n * (perRow - outputSize), n * outputSize);
        Span<float> outputGradient = _slotOutputGradients.AsSpan(chunk.Slot * ChunkRows * outputSize, n * outputSize);
        if (_callerGradient is not null)
        {
            new ReadOnlySpan<float>(_callerGradient + (long)chunk.FirstRow * outputSize, n * outputSize).CopyTo(outputGradient);
        }
        else
        {
            var targets = new ReadOnlySpan<float>(_targets + (long)chunk.FirstRow * outputSize, n * outputSize);
            int elements = _rows * outputSize;
            _chunkLosses[chunk.Chunk] = _loss switch
            {
                Loss.MeanSquaredError => Losses.MeanSquaredErrorSum(outputs, targets, outputGradient, elements),
                Loss.HalfSumSquared => Losses.HalfSumSquared(outputs, targets, outputGradient),
                _ => Losses.BinaryCrossEntropyWithLogitsSum(outputs, targets, outputGradient, elements),
            };
        }

        int scratchPerRow = Math.Max(1, _network.BackwardScratchPerRow);
        _network.BackwardRows(outputGradient, n, activations, _slotScratch.Slice((long)chunk.Slot * ChunkRows * scratchPerRow, n * scratchPerRow),
            _backwardPack.Span, _slotGradients.AsSpan(chunk.Slot * _parameterCount, _parameterCount), accumulate: !chunk.IsFirstInSlot);
    }

    /// <summary>The optimiser update, all or nothing: a non-finite result changes nothing and throws.</summary>
    private void Apply()
    {
        Span<float> parameters = _network.Parameters;
        long step = StepCount + 1;
        bool applied = _optimizer.Kind == OptimizerKind.Adam
            ? OptimizerMath.TryAdam(parameters, _gradient, _firstMoment, _secondMoment,
                new AdamCoefficients(_optimizer.LearningRate, _optimizer.Beta1, _optimizer.Beta2, _optimizer.Epsilon, step))
            : OptimizerMath.TrySgd(parameters, _gradient, _optimizer.LearningRate);
        if (!applied)
        {
            throw new TrainingDivergedException(step, "the gradient or the updated parameters are not finite");
        }

        StepCount = step;
    }
}
