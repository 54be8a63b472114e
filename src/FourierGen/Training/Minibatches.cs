using FourierGen.Numerics;

namespace FourierGen;

/// <summary>
/// Shuffled minibatches over a fixed dataset of (inputs, targets) rows, like PyTorch's
/// <c>DataLoader(shuffle=True, drop_last=False)</c>: each epoch visits every row once in an order drawn from the seed
/// and the epoch number, in batches of <see cref="BatchSize"/> rows (the last one of an epoch smaller unless
/// <c>dropLast</c>). Allocation-free after construction: the batch is gathered into buffers made once. Without
/// <c>shuffle</c> the rows come in their order, and the batches are views of the arrays themselves (full-batch training:
/// <c>batchSize</c> = all rows, <c>shuffle: false</c>).
/// </summary>
/// <remarks>
/// The order is a pure function of (seed, epoch), so <see cref="GetBatch"/>(i) is the same on every call and every
/// machine: the batches <c>Fit</c> draws after resuming a checkpoint are the uninterrupted run's. Not thread-safe: a
/// batch is valid until the next <see cref="GetBatch"/>. The arrays are referenced, not copied: do not change them while
/// training.
/// </remarks>
public sealed class Minibatches : ITrainingData
{
    /// <summary>The random stream of the shuffles (frequencies and parameters use others).</summary>
    private const ulong ShuffleStream = 3;

    private readonly ReadOnlyMemory<float> _inputs, _targets;
    private readonly int[] _order;
    private readonly float[] _batchInputs, _batchTargets;
    private readonly int _seed;
    private long _epoch = -1;

    /// <summary>Minibatches over <paramref name="inputs"/> and <paramref name="targets"/>.</summary>
    /// <param name="inputs">The rows' inputs, row-major, <paramref name="inputSize"/> per row.</param>
    /// <param name="targets">The rows' targets, row-major, <paramref name="outputSize"/> per row.</param>
    /// <param name="inputSize">Floats per input row.</param>
    /// <param name="outputSize">Floats per target row.</param>
    /// <param name="batchSize">Rows per batch; a dataset smaller than this is one batch per epoch.</param>
    /// <param name="seed">Seeds the order of every epoch.</param>
    /// <param name="dropLast">Skip each epoch's last batch when it is smaller than <paramref name="batchSize"/> (PyTorch's drop_last).</param>
    /// <param name="shuffle">Draw a new row order every epoch (PyTorch's shuffle); false keeps the rows in order.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    /// <exception cref="ArgumentException">The arrays do not hold the same number of whole rows, or hold none, or a value is NaN or ∞.</exception>
    public Minibatches(ReadOnlyMemory<float> inputs, ReadOnlyMemory<float> targets, int inputSize, int outputSize, int batchSize, int seed = 0,
        bool dropLast = false, bool shuffle = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int rows = Guard.Rows(inputs.Span, inputSize, nameof(inputs), "InputSize per row");
        if (rows == 0)
        {
            throw new ArgumentException("The dataset holds no rows.", nameof(inputs));
        }

        Guard.Length(targets.Span, (long)rows * outputSize, nameof(targets), $"{rows} rows × OutputSize");
        Guard.Finite(inputs.Span, nameof(inputs));
        Guard.Finite(targets.Span, nameof(targets));
        InputSize = inputSize;
        OutputSize = outputSize;
        Rows = rows;
        BatchSize = Math.Min(batchSize, rows);
        DropLast = dropLast && rows % BatchSize != 0;
        BatchesPerEpoch = DropLast ? rows / BatchSize : (rows + BatchSize - 1) / BatchSize;
        _inputs = inputs;
        _targets = targets;
        _seed = seed;
        Shuffled = shuffle;
        _order = shuffle ? new int[rows] : [];
        _batchInputs = shuffle ? new float[BatchSize * inputSize] : [];
        _batchTargets = shuffle ? new float[BatchSize * outputSize] : [];
    }

    /// <summary>Whether each epoch draws a new row order.</summary>
    public bool Shuffled { get; }

    /// <summary>Rows in the dataset.</summary>
    public int Rows { get; }

    /// <summary>Rows per batch (at most <see cref="Rows"/>).</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch's smaller last batch is skipped.</summary>
    public bool DropLast { get; }

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public int OutputSize { get; }

    /// <inheritdoc/>
    public int MaxBatchRows => BatchSize;

    /// <inheritdoc/>
    public long BatchesPerEpoch { get; }

    /// <summary>Minibatches over a network's rows: <typeparamref name="TNet"/> gives the row sizes.</summary>
    /// <typeparam name="TNet">The generated network type the data is for.</typeparam>
    /// <param name="inputs">The rows' inputs, row-major, InputSize per row.</param>
    /// <param name="targets">The rows' targets, row-major, OutputSize per row.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="seed">Seeds the order of every epoch.</param>
    /// <param name="dropLast">Skip each epoch's last batch when it is smaller than <paramref name="batchSize"/>.</param>
    /// <param name="shuffle">Draw a new row order every epoch; false keeps the rows in order.</param>
    /// <returns>The minibatches.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The arrays do not hold the same number of whole rows, or hold none, or a value is NaN or ∞.</exception>
    public static Minibatches For<TNet>(ReadOnlyMemory<float> inputs, ReadOnlyMemory<float> targets, int batchSize, int seed = 0, bool dropLast = false,
        bool shuffle = true)
        where TNet : IFourierNetwork<TNet> =>
        new(inputs, targets, TNet.InputSize, TNet.OutputSize, batchSize, seed, dropLast, shuffle);

    /// <inheritdoc/>
    public TrainingBatch GetBatch(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        int first = (int)(index % BatchesPerEpoch) * BatchSize;
        int rows = Math.Min(BatchSize, Rows - first);
        if (!Shuffled)
        {
            return new TrainingBatch(_inputs.Span.Slice(first * InputSize, rows * InputSize), _targets.Span.Slice(first * OutputSize, rows * OutputSize));
        }

        long epoch = index / BatchesPerEpoch;
        if (epoch != _epoch)
        {
            Shuffle(epoch);
        }

        ReadOnlySpan<float> inputs = _inputs.Span, targets = _targets.Span;
        for (int r = 0; r < rows; r++)
        {
            int row = _order[first + r];
            inputs.Slice(row * InputSize, InputSize).CopyTo(_batchInputs.AsSpan(r * InputSize));
            targets.Slice(row * OutputSize, OutputSize).CopyTo(_batchTargets.AsSpan(r * OutputSize));
        }

        return new TrainingBatch(_batchInputs.AsSpan(0, rows * InputSize), _batchTargets.AsSpan(0, rows * OutputSize));
    }

    /// <summary>The row order of <paramref name="epoch"/>: a Fisher–Yates shuffle of 0..Rows−1 from (seed, epoch) alone.</summary>
    private void Shuffle(long epoch)
    {
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        var random = new SplitMixRandom(ShuffleStream + ((ulong)(epoch >> 32) << 8), _seed, (int)epoch);
        for (int i = _order.Length - 1; i > 0; i--)
        {
            // j uniform in 0..i: the high word of a 64 × 64-bit product (Lemire), no division.
            int j = (int)Math.BigMul(random.NextUInt64(), (ulong)(i + 1), out _);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }

        _epoch = epoch;
    }
}
