using Xunit;
using FourierGen.Numerics;
using static FourierGen.Tests.Numerics.NumericsReference;

namespace FourierGen.Tests.Numerics;

/// <summary>
/// A small network trained the way a generated trainer does it: per chunk, forward, loss gradient and
/// backward into the chunk's slot buffer; then the slots are summed in order.
/// </summary>
internal sealed class TinyTrainer : IRowChunkWork
{
    public const int In = 5, Hidden = 40, Out = 3;
    public const int W0 = 0, B0 = W0 + In * Hidden, W1 = B0 + Hidden, B1 = W1 + Hidden * Out, ParameterCount = B1 + Out;

    private readonly float[] _parameters;
    private readonly float[] _packed0, _packed1, _packed1T;
    private readonly float[] _x, _targets, _hidden, _output, _dHidden;
    private readonly double[] _slotLoss;
    private readonly int _rows;

    public TinyTrainer(int rows, int slots, int seed)
    {
        _rows = rows;
        _parameters = Random(ParameterCount, seed, 0.5f);
        _x = Random(rows * In, seed + 1);
        _targets = Random(rows * Out, seed + 2);
        _hidden = new float[rows * Hidden];
        _output = new float[rows * Out];
        _dHidden = new float[rows * Hidden];
        _packed0 = new float[Dense.PackedWeightsLength(In, Hidden)];
        _packed1 = new float[Dense.PackedWeightsLength(Hidden, Out)];
        _packed1T = new float[Dense.PackedTransposedWeightsLength(Hidden, Out)];
        Dense.PackWeights(W(W0, In * Hidden), _packed0, In, Hidden);
        Dense.PackWeights(W(W1, Hidden * Out), _packed1, Hidden, Out);
        Dense.PackTransposedWeights(W(W1, Hidden * Out), _packed1T, Hidden, Out);
        SlotGradients = new float[slots * ParameterCount];
        _slotLoss = new double[slots];
    }

    public float[] SlotGradients { get; }

    public float[] Parameters => _parameters;

    public float[] X => _x;

    public float[] Targets => _targets;

    private ReadOnlySpan<float> W(int offset, int length) => _parameters.AsSpan(offset, length);

    public double Step(ParallelRows pool, int chunkRows, int slots, Span<float> gradient)
    {
        pool.Run(this, _rows, chunkRows, slots);
        int used = ParallelRows.UsedSlots(_rows, chunkRows, slots);
        pool.SumSlots(SlotGradients, ParameterCount, used, gradient);
        double loss = 0;
        for (int s = 0; s < used; s++)
        {
            loss += _slotLoss[s];
        }

        return Losses.MeanSquaredErrorFinish(loss, _rows * Out);
    }

    public void Process(in RowChunk chunk)
    {
        int r0 = chunk.FirstRow, n = chunk.RowCount;
        Span<float> g = SlotGradients.AsSpan(chunk.Slot * ParameterCount, ParameterCount);
        Span<float> hidden = _hidden.AsSpan(r0 * Hidden, n * Hidden);
        Span<float> output = _output.AsSpan(r0 * Out, n * Out);
        Dense.ForwardPacked(_x.AsSpan(r0 * In, n * In), _packed0, W(B0, Hidden), hidden, n, In, Hidden, Activation.Relu, 0.8f, 1.2f);
        Dense.ForwardPacked(hidden, _packed1, W(B1, Out), output, n, Hidden, Out, Activation.Identity, 0.9f, 1f);

        // The loss gradient overwrites the outputs (they are not needed again: identity's derivative is 1).
        double loss = Losses.MeanSquaredErrorSum(output, _targets.AsSpan(r0 * Out, n * Out), output, _rows * Out);
        _slotLoss[chunk.Slot] = chunk.IsFirstInSlot ? loss : _slotLoss[chunk.Slot] + loss;

        bool accumulate = !chunk.IsFirstInSlot;
        Span<float> dHidden = _dHidden.AsSpan(r0 * Hidden, n * Hidden);
        Dense.Backward(output, output, hidden, _packed1T, g.Slice(W1, Hidden * Out), g.Slice(B1, Out), dHidden,
            n, Hidden, Out, Activation.Identity, 0.9f, 1f, accumulate);
        Dense.Backward(dHidden, hidden, _x.AsSpan(r0 * In, n * In), [], g.Slice(W0, In * Hidden), g.Slice(B0, Hidden), [],
            n, In, Hidden, Activation.Relu, 0.8f, 1.2f, accumulate);
    }
}

public class ParallelRowsTests
{
    [Fact]
    public void SlotChunks_DealContiguousRunsThatCoverEveryChunkOnce()
    {
        foreach (int chunks in new[] { 1, 3, 8, 9, 17, 256 })
        {
            foreach (int slots in new[] { 1, 2, 3, 8, 16 })
            {
                int next = 0;
                for (int s = 0; s < slots; s++)
                {
                    (int first, int count) = ParallelRows.SlotChunks(chunks, slots, s);
                    Assert.Equal(next, first);
                    Assert.InRange(count, chunks / slots, chunks / slots + 1);
                    Assert.Equal(s < Math.Min(chunks, slots), count > 0);
                    next += count;
                }

                Assert.Equal(chunks, next);
            }
        }

        Assert.Equal(16, ParallelRows.ChunkCount(1000, 64));
        Assert.Equal(8, ParallelRows.UsedSlots(1000, 64, 8));
        Assert.Equal(2, ParallelRows.UsedSlots(100, 64, 8));
        Assert.Equal(0, ParallelRows.ChunkCount(0, 64));
    }

    private sealed class Recorder : IRowChunkWork
    {
        public readonly int[] Calls = new int[64];
        public readonly int[] SlotOf = new int[64];
        public readonly int[] LastChunkOfSlot = Enumerable.Repeat(-1, 16).ToArray();
        public readonly int[] ManagedThreadOfIndex = Enumerable.Repeat(-1, 16).ToArray();
        public volatile bool OutOfOrder, ThreadIndexShared;
        public int Rows;

        public void Process(in RowChunk chunk)
        {
            // Chunk.Thread names the OS thread running the chunk: one per index, so per-thread scratch is never shared.
            int managed = Environment.CurrentManagedThreadId;
            if (Interlocked.CompareExchange(ref ManagedThreadOfIndex[chunk.Thread], managed, -1) is int owner && owner != -1 && owner != managed)
            {
                ThreadIndexShared = true;
            }

            Interlocked.Increment(ref Calls[chunk.Chunk]);
            SlotOf[chunk.Chunk] = chunk.Slot;
            if (chunk.Chunk <= LastChunkOfSlot[chunk.Slot] || chunk.IsFirstInSlot != (LastChunkOfSlot[chunk.Slot] == -1))
            {
                OutOfOrder = true;
            }

            LastChunkOfSlot[chunk.Slot] = chunk.Chunk;
            Interlocked.Add(ref Rows, chunk.RowCount);
            Thread.SpinWait(2000);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Run_ProcessesEveryChunkOnceInSlotOrder(int threads)
    {
        using var pool = new ParallelRows(threads);
        var recorder = new Recorder();
        pool.Run(recorder, 1000, 23, 7); // 44 chunks over 7 slots
        Assert.All(recorder.Calls.Take(44), c => Assert.Equal(1, c));
        Assert.All(recorder.Calls.Skip(44), c => Assert.Equal(0, c));
        Assert.False(recorder.OutOfOrder);
        Assert.False(recorder.ThreadIndexShared);
        Assert.All(recorder.ManagedThreadOfIndex.Skip(threads), t => Assert.Equal(-1, t));
        Assert.Equal(1000, recorder.Rows);
        for (int s = 0; s < 7; s++)
        {
            (int first, int count) = ParallelRows.SlotChunks(44, 7, s);
            for (int c = first; c < first + count; c++)
            {
                Assert.Equal(s, recorder.SlotOf[c]);
            }
        }

        pool.Run(recorder, 0, 23, 7); // an empty batch does nothing
        Assert.Equal(1000, recorder.Rows);
    }

    [Fact]
    public void TrainingGradient_IsBitIdenticalForOneTwoAndThreeThreads()
    {
        const int rows = 1000, chunkRows = 64, slots = 8;
        float[]? expected = null;
        double expectedLoss = 0;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            using var pool = new ParallelRows(threads);
            var trainer = new TinyTrainer(rows, slots, seed: 42);
            var gradient = new float[TinyTrainer.ParameterCount];
            for (int repeat = 0; repeat < 3; repeat++)
            {
                double loss = trainer.Step(pool, chunkRows, slots, gradient);
                if (expected is null)
                {
                    expected = (float[])gradient.Clone();
                    expectedLoss = loss;
                }
                else
                {
                    AssertBitIdentical(expected, gradient, $"gradient with {threads} threads, repeat {repeat}");
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expectedLoss), BitConverter.DoubleToInt64Bits(loss));
                }
            }
        }

        // And it is the gradient of the batch: compare with one whole-batch pass.
        using var single = new ParallelRows(1);
        var whole = new TinyTrainer(rows, 1, seed: 42);
        var wholeGradient = new float[TinyTrainer.ParameterCount];
        double wholeLoss = whole.Step(single, rows, 1, wholeGradient);
        AssertClose(wholeLoss, expectedLoss, 1e-12 * wholeLoss, "loss");
        for (int i = 0; i < wholeGradient.Length; i++)
        {
            AssertClose(wholeGradient[i], expected![i], 1e-5 * (1 + Math.Abs(wholeGradient[i])), $"gradient {i}");
        }
    }

    [Fact]
    public void SumSlots_ParallelEqualsSequential()
    {
        const int length = 50_001, used = 5;
        float[] slots = Random(length * 6, 9);
        float[] parallel = new float[length], sequential = new float[length];
        using var pool = new ParallelRows(2);
        pool.SumSlots(slots, length, used, parallel);
        ParallelRows.SumSlotsSequential(slots, length, used, sequential);
        AssertBitIdentical(sequential, parallel, "slot sums");
        AssertClose(slots[7] + (double)slots[length + 7] + slots[2 * length + 7] + slots[3 * length + 7] + slots[4 * length + 7], parallel[7], 1e-6, "element 7");
    }

    private sealed class Thrower : IRowChunkWork
    {
        public void Process(in RowChunk chunk)
        {
            if (chunk.Chunk == 5)
            {
                throw new InvalidOperationException("chunk 5");
            }
        }
    }

    [Fact]
    public void Run_RethrowsWorkExceptionsAndStaysUsable()
    {
        using var pool = new ParallelRows(2);
        var e = Assert.Throws<InvalidOperationException>(() => pool.Run(new Thrower(), 100, 10, 10));
        Assert.Equal("chunk 5", e.Message);
        var recorder = new Recorder();
        pool.Run(recorder, 100, 10, 10);
        Assert.Equal(100, recorder.Rows);
    }

    [Fact]
    public void Dispose_StopsTheWorkers()
    {
        var pool = new ParallelRows(3);
        pool.Run(new Recorder(), 100, 10, 4);
        pool.Dispose();
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Run(new Recorder(), 100, 10, 4));
    }
}
