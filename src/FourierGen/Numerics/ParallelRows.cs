using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;

namespace FourierGen.Numerics;

/// <summary>One chunk of rows handed to <see cref="IRowChunkWork.Process"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
internal readonly struct RowChunk
{
    /// <summary>Creates a chunk description.</summary>
    public RowChunk(int slot, int chunk, int firstRow, int rowCount, bool isFirstInSlot, int thread = 0)
    {
        Slot = slot;
        Chunk = chunk;
        FirstRow = firstRow;
        RowCount = rowCount;
        IsFirstInSlot = isFirstInSlot;
        Thread = thread;
    }

    /// <summary>The accumulation slot this chunk belongs to (which gradient buffer to add into).</summary>
    public int Slot { get; }

    /// <summary>The chunk's index in the batch (0, 1, …); chunk c holds rows [c·chunkRows, …).</summary>
    public int Chunk { get; }

    /// <summary>The first row of the chunk.</summary>
    public int FirstRow { get; }

    /// <summary>Rows in the chunk (chunkRows, or fewer for the last chunk).</summary>
    public int RowCount { get; }

    /// <summary>True for the first chunk of its slot: overwrite the slot's buffers instead of adding (no clearing needed).</summary>
    public bool IsFirstInSlot { get; }

    /// <summary>
    /// The thread processing the chunk: 0 for the caller of <see cref="ParallelRows.Run"/>, 1 … Threads − 1 for the
    /// pool's workers. For scratch that only lives while a chunk runs: one buffer per thread instead of one per slot.
    /// Which thread takes a slot varies from call to call, so nothing a result depends on may be indexed by it.
    /// </summary>
    public int Thread { get; }
}

/// <summary>The work <see cref="ParallelRows.Run"/> applies to each chunk of a batch.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
internal interface IRowChunkWork
{
    /// <summary>
    /// Processes one chunk. Chunks of one slot are processed in chunk order by one thread; different slots
    /// may run concurrently, so everything a chunk writes must be private to its rows or its slot.
    /// </summary>
    void Process(in RowChunk chunk);
}

/// <summary>
/// Splits batches of rows across a small persistent pool of threads so that results are bit-identical for
/// any thread count; allocates nothing per call.
/// </summary>
/// <remarks>
/// <para>
/// <b>Determinism.</b> A batch of R rows is cut into fixed chunks of <c>chunkRows</c> rows (the last may be
/// shorter), and the C chunks are dealt to S <i>slots</i> as contiguous runs: slot s gets chunks
/// [s·⌊C/S⌋ + min(s, C mod S), …) — the first C mod S slots one chunk more. Each slot owns one gradient
/// accumulator; its chunks are added into it in chunk order (the first overwrites). Finally
/// <see cref="SumSlots"/> adds the used slots in slot order 0, 1, 2, …. Chunk boundaries, the slot of each
/// chunk and the order of every sum depend on R, chunkRows and S only. Threads merely claim whole slots
/// (first come, first served), so 1, 2 or 16 threads produce the same bits. S must therefore be a constant
/// of the trainer, not derived from the thread count or the machine; more threads than slots cannot help.
/// </para>
/// <para>
/// <b>Why slots rather than per-chunk buffers or per-thread buffers.</b> Per-chunk gradient buffers are the
/// simplest deterministic scheme but cost C × P floats (P parameters): a 65 536-row batch in 256-row chunks
/// has 256 chunks, 256 × 1 MB for the paper's 512→256→256→256→3 network (P = 263 683). Per-thread buffers
/// (chunk c to thread c mod T) make the summation order depend on T. Fixed slots sit between: S × P
/// floats (8 slots: 8.4 MB for that network), one O(S·P) reduction per step, and a layer's dW is
/// accumulated in place by <see cref="Dense.Backward"/> (no separate per-chunk add). Measured on the
/// 2-core development machine for that network (features given, MSE, Adam, 256-row chunks, 8 slots):
/// a 65 536-row step takes 890 ms on one thread and 442 ms on two, of which the slot reduction is
/// 0.3–0.7 ms and Adam 0.3 ms; a 1 024-row step takes 15.5 ms / 7.5 ms with a 0.15–0.5 ms reduction.
/// Load balance is exact when T divides S (and S ≤ C); with 8 slots that covers 1, 2, 4 and 8 threads.
/// </para>
/// <para>
/// <b>Threads.</b> The calling thread works too; <c>threads − 1</c> background threads wait on events
/// between calls (spinning briefly first). <see cref="Run"/> is not reentrant and must not be called
/// concurrently on one instance. An exception thrown by the work stops the remaining slots from starting and
/// is rethrown on the calling thread.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
internal sealed class ParallelRows : IDisposable
{
    private readonly Worker[] _workers;
    private readonly Signal _done = new();
    private readonly SumWork _sumWork = new();

    // The current call (written by Run before waking the workers; the event is a full fence).
    private IRowChunkWork? _work;
    private int _rows, _chunkRows, _slots, _chunks, _usedSlots;
    private int _nextSlot;
    private int _pending;
    private Exception? _error;
    private int _running;
    private volatile bool _disposed;

    /// <summary>A chunk size that measured well for training (128 and 256 rows run the paper's network equally fast).</summary>
    public const int DefaultChunkRows = 256;

    /// <summary>A good slot count: 8 × P floats of gradient buffers, balanced for 1, 2, 4 or 8 threads.</summary>
    public const int DefaultSlots = 8;

    /// <summary>Creates a pool that runs work on <paramref name="threads"/> threads (the caller's included).</summary>
    public ParallelRows(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "At least one thread is needed.");
        }

        Threads = threads;
        _workers = new Worker[threads - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Worker(this, i + 1);
        }
    }

    /// <summary>Threads that share the work (including the calling thread).</summary>
    public int Threads { get; }

    /// <summary>Chunks a batch of <paramref name="rows"/> rows is cut into: ⌈rows / chunkRows⌉.</summary>
    public static int ChunkCount(int rows, int chunkRows)
    {
        CheckBatch(rows, chunkRows, 1);
        return (int)(((long)rows + chunkRows - 1) / chunkRows);
    }

    /// <summary>Slots that receive at least one chunk: min(chunks, slots). Exactly slots 0 … UsedSlots − 1 are used.</summary>
    public static int UsedSlots(int rows, int chunkRows, int slots)
    {
        CheckBatch(rows, chunkRows, slots);
        return Math.Min(ChunkCount(rows, chunkRows), slots);
    }

    /// <summary>The contiguous run of chunks slot <paramref name="slot"/> processes, out of <paramref name="chunkCount"/> chunks.</summary>
    public static (int FirstChunk, int Count) SlotChunks(int chunkCount, int slots, int slot)
    {
        int quotient = chunkCount / slots, remainder = chunkCount % slots;
        int first = slot * quotient + Math.Min(slot, remainder);
        return (first, quotient + (slot < remainder ? 1 : 0));
    }

    /// <summary>
    /// Processes every chunk of a batch: <paramref name="rows"/> rows in chunks of <paramref name="chunkRows"/>,
    /// dealt to <paramref name="slots"/> slots (see the remarks). Returns when all chunks are done.
    /// </summary>
    public void Run(IRowChunkWork work, int rows, int chunkRows, int slots)
    {
        ArgumentNullException.ThrowIfNull(work);
        CheckBatch(rows, chunkRows, slots);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("ParallelRows.Run is already running on this instance (it is not reentrant).");
        }

        try
        {
            int chunks = ChunkCount(rows, chunkRows);
            _work = work;
            _rows = rows;
            _chunkRows = chunkRows;
            _slots = slots;
            _chunks = chunks;
            _usedSlots = Math.Min(chunks, slots);
            _nextSlot = 0;
            _error = null;

            int helpers = Math.Min(_workers.Length, _usedSlots - 1);
            if (helpers > 0)
            {
                _pending = helpers;
                _done.Reset();
                for (int i = 0; i < helpers; i++)
                {
                    _workers[i].Wake();
                }
            }

            Drain(0);
            if (helpers > 0)
            {
                _done.Wait();
            }

            Exception? error = _error;
            _error = null;
            if (error is not null)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            _work = null;
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// destination[i] = slot₀[i] + slot₁[i] + … + slot_(usedSlots−1)[i], added in slot order, with slot s at
    /// <paramref name="slotBuffers"/>[s·slotLength …]. The element range is split across the pool's threads
    /// (element-wise, so the result does not depend on the split).
    /// </summary>
    public unsafe void SumSlots(ReadOnlySpan<float> slotBuffers, int slotLength, int usedSlots, Span<float> destination)
    {
        CheckSum(slotBuffers.Length, slotLength, usedSlots, destination.Length);
        if (Threads == 1 || slotLength < 2 * SumWork.Block)
        {
            SumSlotsSequential(slotBuffers, slotLength, usedSlots, destination);
            return;
        }

        fixed (float* source = slotBuffers, target = destination)
        {
            _sumWork.Source = source;
            _sumWork.Target = target;
            _sumWork.SlotLength = slotLength;
            _sumWork.UsedSlots = usedSlots;
            int blocks = (slotLength + SumWork.Block - 1) / SumWork.Block;
            Run(_sumWork, slotLength, SumWork.Block, blocks);
            _sumWork.Source = null;
            _sumWork.Target = null;
        }
    }

    /// <summary>The single-threaded <see cref="SumSlots"/> (same result).</summary>
    public static void SumSlotsSequential(ReadOnlySpan<float> slotBuffers, int slotLength, int usedSlots, Span<float> destination)
    {
        CheckSum(slotBuffers.Length, slotLength, usedSlots, destination.Length);
        Span<float> target = destination.Slice(0, slotLength);
        slotBuffers.Slice(0, slotLength).CopyTo(target);
        for (int s = 1; s < usedSlots; s++)
        {
            TensorPrimitives.Add(target, slotBuffers.Slice(s * slotLength, slotLength), target);
        }
    }

    /// <summary>Stops and joins the worker threads.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (Worker worker in _workers)
        {
            worker.Stop();
        }

    }

    private void Drain(int thread)
    {
        IRowChunkWork work = _work!;
        int slot;
        while ((slot = Interlocked.Increment(ref _nextSlot) - 1) < _usedSlots)
        {
            try
            {
                (int first, int count) = SlotChunks(_chunks, _slots, slot);
                for (int c = first; c < first + count; c++)
                {
                    int firstRow = c * _chunkRows;
                    int rowCount = Math.Min(_chunkRows, _rows - firstRow);
                    work.Process(new RowChunk(slot, c, firstRow, rowCount, c == first, thread));
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
                Volatile.Write(ref _nextSlot, int.MaxValue / 2); // no new slots start
                return;
            }
        }
    }

    private void WorkerFinished()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _done.Set();
        }
    }

    private static void CheckBatch(int rows, int chunkRows, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
    }

    private static void CheckSum(int sourceLength, int slotLength, int usedSlots, int destinationLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slotLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(usedSlots, 1);
        if ((long)slotLength * usedSlots > sourceLength)
        {
            throw new ArgumentException($"slotBuffers must hold {usedSlots} slots of {slotLength}; it holds {sourceLength} values.", "slotBuffers");
        }

        if (destinationLength < slotLength)
        {
            throw new ArgumentException($"destination must hold at least {slotLength} values; it holds {destinationLength}.", "destination");
        }
    }

    /// <summary>
    /// A manual-reset event that spins briefly, then blocks on a monitor. Unlike
    /// <see cref="ManualResetEventSlim"/>, whose first blocking wait allocates its lock object, it never
    /// allocates after construction.
    /// </summary>
    private sealed class Signal
    {
        private const int SpinIterations = 200;
        private readonly object _lock = new();
        private volatile bool _set;

        public void Set()
        {
            lock (_lock)
            {
                _set = true;
                Monitor.PulseAll(_lock);
            }
        }

        public void Reset() => _set = false;

        public void Wait()
        {
            var spinner = default(SpinWait);
            for (int i = 0; i < SpinIterations && !_set; i++)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            if (_set)
            {
                return;
            }

            lock (_lock)
            {
                while (!_set)
                {
                    Monitor.Wait(_lock);
                }
            }
        }
    }

    /// <summary>One background thread: waits for a wake-up, drains slots, reports completion.</summary>
    private sealed class Worker
    {
        private readonly ParallelRows _owner;
        private readonly Signal _go = new();
        private readonly Thread _thread;
        private readonly int _index;

        public Worker(ParallelRows owner, int index)
        {
            _owner = owner;
            _index = index;
            _thread = new Thread(Loop) { IsBackground = true, Name = $"FourierGen worker {index}" };
            _thread.Start();
        }

        public void Wake() => _go.Set();

        public void Stop()
        {
            _go.Set();
            _thread.Join();
        }

        private void Loop()
        {
            while (true)
            {
                _go.Wait();
                _go.Reset();
                if (_owner._disposed)
                {
                    return;
                }

                _owner.Drain(_index);
                _owner.WorkerFinished();
            }
        }
    }

    /// <summary>The element-wise slot sum as chunk work: chunk c sums elements [c·Block, …).</summary>
    private sealed unsafe class SumWork : IRowChunkWork
    {
        public const int Block = 16384;

        public float* Source;
        public float* Target;
        public int SlotLength;
        public int UsedSlots;

        public void Process(in RowChunk chunk)
        {
            var target = new Span<float>(Target + chunk.FirstRow, chunk.RowCount);
            new ReadOnlySpan<float>(Source + chunk.FirstRow, chunk.RowCount).CopyTo(target);
            for (int s = 1; s < UsedSlots; s++)
            {
                TensorPrimitives.Add(target, new ReadOnlySpan<float>(Source + (nint)s * SlotLength + chunk.FirstRow, chunk.RowCount), target);
            }
        }
    }
}
