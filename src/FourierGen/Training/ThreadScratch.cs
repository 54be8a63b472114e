namespace FourierGen.Training;

/// <summary>A per-thread buffer for one-sample prediction of networks too large for stack buffers.</summary>
internal static class ThreadScratch
{
    [ThreadStatic]
    private static float[]? t_buffer;

    /// <summary>This thread's buffer of at least <paramref name="length"/> floats (grown once, then reused).</summary>
    public static Span<float> Get(int length)
    {
        float[]? buffer = t_buffer;
        if (buffer is null || buffer.Length < length)
        {
            t_buffer = buffer = new float[length];
        }

        return buffer.AsSpan(0, length);
    }
}
