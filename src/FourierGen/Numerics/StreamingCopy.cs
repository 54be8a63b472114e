namespace FourierGen.Numerics;

/// <summary>
/// Copies runs of values to memory that is written once and not read soon (a kernel matrix's rows) with streaming stores:
/// a normal store first reads each line it writes into the cache (and evicts something for it), which for an output of
/// hundreds of megabytes doubles the memory traffic and was a large part of a kernel matrix's time.
/// </summary>
/// <remarks>
/// The caller ends its writes with a full memory barrier (<see cref="Interlocked.MemoryBarrier"/>) before another thread
/// reads them: streaming stores are weakly ordered on x64. The values and their bits are those of a plain copy.
/// </remarks>
internal static unsafe class StreamingCopy
{
    /// <summary>Copies <paramref name="count"/> values; the destination's whole cache lines get streaming stores.</summary>
    public static void Copy<V>(double* source, double* destination, int count)
        where V : unmanaged, ISimd<V, double>
    {
        int i = 0;
        if (((nint)destination & (sizeof(double) - 1)) == 0)
        {
            // Plain stores up to the first cache line boundary; after it every vector store is aligned to its own size.
            int head = Math.Min(count, (int)((64 - ((nint)destination & 63)) & 63) / sizeof(double));
            for (; i < head; i++)
            {
                destination[i] = source[i];
            }

            for (; i + V.Count <= count; i += V.Count)
            {
                V.StoreStreaming(V.Load(source + i), destination + i);
            }
        }

        for (; i < count; i++)
        {
            destination[i] = source[i];
        }
    }
}
