namespace FourierGen.Numerics;

/// <summary>
/// A float buffer whose first element sits on a 64-byte boundary (a cache line, one 512-bit vector), in a pinned
/// array so that the boundary stays put. For the packed weights and the activations the kernels stream, and for a
/// network's parameters (one-sample predict reads W where it lies): a 64-byte
/// load from a misaligned address touches two cache lines (measured: a Vector512 register tile streaming its
/// packed panel from L2 ran 15 % slower misaligned).
/// </summary>
internal readonly struct AlignedBuffer
{
    private const int Alignment = 64;
    private readonly float[] _array;
    private readonly int _offset;

    /// <summary>Allocates <paramref name="length"/> zeroed floats.</summary>
    public AlignedBuffer(long length)
    {
        int floats = Guard.Count(length + (Alignment / sizeof(float)), nameof(length), "an aligned buffer");
        _array = GC.AllocateArray<float>(floats, pinned: true);
        unsafe
        {
            nint address = (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _array[0]);
            _offset = (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1)) / sizeof(float);
        }

        Length = (int)length;
    }

    /// <summary>The number of floats.</summary>
    public int Length { get; }

    /// <summary>The whole buffer.</summary>
    public Span<float> Span => _array.AsSpan(_offset, Length);

    /// <summary>A part of the buffer.</summary>
    public Span<float> Slice(long start, int length) => _array.AsSpan(checked(_offset + (int)start), length);
}
