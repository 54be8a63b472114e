using FourierGen.Numerics;

namespace FourierGen.Training;

/// <summary>
/// Batched prediction for generated networks: packs the weights once per call, then runs chunks of rows on
/// a process-wide worker pool. Thread-safe: concurrent callers each get their own buffers; the pool serves
/// one caller at a time and the others run on their own thread. Allocates nothing once a thread's buffers
/// have grown to the largest network it has run.
/// </summary>
/// <remarks>
/// Rows are independent in the forward kernels, so outputs are identical however the rows are split. Every chunk is
/// its own slot, claimed by whichever thread is free: a thread that another process slows down takes fewer chunks
/// instead of holding up the call with its half of the batch. Scratch is per thread, not per slot.
/// </remarks>
internal static unsafe class BatchInference
{
    /// <summary>Rows per chunk: one chunk's buffers stay in L2.</summary>
    public const int ChunkRows = 256;

    private static ParallelRows? s_pool = Environment.ProcessorCount > 1 ? new ParallelRows(Environment.ProcessorCount) : null;

    [ThreadStatic]
    private static InferenceWork? t_work;

    /// <summary>The forward pass of every row of <paramref name="inputs"/> into <paramref name="outputs"/> (both row-major).</summary>
    public static void Predict(INetworkPasses network, ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int rows = Guard.Rows(inputs, network.InputSize, nameof(inputs), "InputSize per row");
        Guard.AtLeast(outputs, (long)rows * network.OutputSize, nameof(outputs), "rows × OutputSize");
        Guard.Finite(inputs, nameof(inputs));
        if (rows == 0)
        {
            return;
        }

        InferenceWork work = t_work ??= new InferenceWork();
        ParallelRows? pool = rows > ChunkRows ? Interlocked.Exchange(ref s_pool, null) : null;
        work.Prepare(network, pool?.Threads ?? 1);
        try
        {
            fixed (float* x = inputs, y = outputs)
            {
                work.Inputs = x;
                work.Outputs = y;
                if (pool is not null)
                {
                    pool.Run(work, rows, ChunkRows, slots: ParallelRows.ChunkCount(rows, ChunkRows));
                }
                else
                {
                    int chunks = ParallelRows.ChunkCount(rows, ChunkRows);
                    for (int c = 0; c < chunks; c++)
                    {
                        int first = c * ChunkRows;
                        work.Process(new RowChunk(0, c, first, Math.Min(ChunkRows, rows - first), c == 0));
                    }
                }
            }
        }
        finally
        {
            work.Inputs = work.Outputs = null;
            work.Network = null;
            if (pool is not null)
            {
                Volatile.Write(ref s_pool, pool);
            }
        }
    }

    /// <summary>One calling thread's buffers and the batch in progress.</summary>
    private sealed class InferenceWork : IRowChunkWork
    {
        private AlignedBuffer _pack = new(0);
        private AlignedBuffer _scratch = new(0);
        private int _scratchPerRow;

        public INetworkPasses? Network;
        public float* Inputs;
        public float* Outputs;

        public void Prepare(INetworkPasses network, int threads)
        {
            Network = network;
            if (_pack.Length < network.ForwardPackLength)
            {
                _pack = new AlignedBuffer(network.ForwardPackLength);
            }

            _scratchPerRow = network.InferenceScratchPerRow;
            long scratch = (long)threads * ChunkRows * _scratchPerRow;
            if (_scratch.Length < scratch)
            {
                _scratch = new AlignedBuffer(scratch);
            }

            network.PackForward(_pack.Span);
        }

        public void Process(in RowChunk chunk)
        {
            INetworkPasses network = Network!;
            int n = chunk.RowCount;
            var inputs = new ReadOnlySpan<float>(Inputs + (long)chunk.FirstRow * network.InputSize, n * network.InputSize);
            var outputs = new Span<float>(Outputs + (long)chunk.FirstRow * network.OutputSize, n * network.OutputSize);
            network.InferRows(inputs, n, _scratch.Slice((long)chunk.Thread * ChunkRows * _scratchPerRow, n * _scratchPerRow), _pack.Span, outputs);
        }
    }
}
