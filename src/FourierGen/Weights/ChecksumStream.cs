namespace FourierGen.Weights;

/// <summary>
/// A forward-only view of a stream that keeps the CRC-32C of every byte read or written through it and can end reads
/// early: a checkpoint reads its embedded weight file through it with <see cref="ReadLimit"/> set to that file's length,
/// so the weight-file reader sees the end where the file ends, and the checkpoint's own checksum still covers its bytes.
/// </summary>
internal sealed class ChecksumStream(Stream inner) : Stream
{
    private uint _crc = Crc32C.InitialState;

    /// <summary>Bytes a read may still return before this stream reports its end; unlimited when negative.</summary>
    public long ReadLimit { get; set; } = -1;

    /// <summary>The CRC-32C of the bytes passed through so far.</summary>
    public uint Checksum => Crc32C.Finish(_crc);

    /// <summary>Bytes passed through so far.</summary>
    public long Count { get; private set; }

    /// <inheritdoc/>
    public override bool CanRead => inner.CanRead;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => inner.CanWrite;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => Count;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (ReadLimit >= 0 && buffer.Length > ReadLimit)
        {
            buffer = buffer[..(int)ReadLimit];
        }

        int read = inner.Read(buffer);
        _crc = Crc32C.Append(_crc, buffer[..read]);
        Count += read;
        if (ReadLimit >= 0)
        {
            ReadLimit -= read;
        }

        return read;
    }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes; false if the stream ends first.</summary>
    public bool TryReadExactly(Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int read = Read(buffer);
            if (read == 0)
            {
                return false;
            }

            buffer = buffer[read..];
        }

        return true;
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        _crc = Crc32C.Append(_crc, buffer);
        Count += buffer.Length;
    }

    /// <inheritdoc/>
    public override void Flush() => inner.Flush();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}
