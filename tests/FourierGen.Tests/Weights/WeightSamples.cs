using System.Buffers.Binary;
using FourierGen.Weights;

namespace FourierGen.Tests.Weights;

/// <summary>A small valid weight file (d = 2, m = 3, 20 parameters) and stream doubles for the weight tests.</summary>
internal static class WeightSamples
{
    public const int Inputs = 2;
    public const int FrequencyCount = 3;
    public const int ParameterCount = 20;

    /// <summary>2 inputs → 6 Fourier features → hidden [2] → 2 outputs with biases: 6·2 + 2 + 2·2 + 2 = 20 parameters.</summary>
    public static readonly string Fingerprint = WeightFingerprint.Create(
        inputs: Inputs, outputs: 2, hidden: [2], mappingKind: "Random", frequencyCount: FrequencyCount, normalize: false,
        hiddenActivation: "Relu", outputActivation: "Identity", parameterization: "Standard", bias: true, weightStd: 1.0, biasStd: 0.05);

    /// <summary>The same network with a wider hidden layer (a different declaration).</summary>
    public static readonly string OtherFingerprint = WeightFingerprint.Create(
        inputs: Inputs, outputs: 2, hidden: [256, 256], mappingKind: "Random", frequencyCount: FrequencyCount, normalize: false,
        hiddenActivation: "Tanh", outputActivation: "Identity", parameterization: "Standard", bias: true, weightStd: 1.0, biasStd: 0.05);

    public static (float[] Frequencies, float[] Amplitudes, float[] Parameters) Values(int seed = 1)
    {
        var random = new Random(seed);
        return (RandomFloats(random, FrequencyCount * Inputs), RandomFloats(random, FrequencyCount), RandomFloats(random, ParameterCount));
    }

    /// <summary>The bytes of a valid file.</summary>
    public static byte[] File(int seed = 1)
    {
        var (b, a, p) = Values(seed);
        return Bytes(Fingerprint, Inputs, b, a, p);
    }

    public static byte[] Bytes(string fingerprint, int inputs, float[] b, float[] a, float[] p)
    {
        using var stream = new MemoryStream();
        WeightFile.Save(stream, fingerprint, inputs, b, a, p);
        return stream.ToArray();
    }

    /// <summary>Loads the sample declaration from bytes, through a seekable or a non-seekable stream.</summary>
    public static (float[] Frequencies, float[] Amplitudes, float[] Parameters) Load(byte[] bytes, bool seekable, string? fingerprint = null)
    {
        Stream stream = seekable ? new MemoryStream(bytes, writable: false) : new NonSeekableStream(bytes);
        using (stream)
        {
            return WeightFile.Load(stream, fingerprint ?? Fingerprint, Inputs, FrequencyCount, ParameterCount);
        }
    }

    /// <summary>Finite floats from random bit patterns: every exponent, sign and mantissa, subnormals included.</summary>
    public static float[] RandomFloats(Random random, int count)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            float value;
            do
            {
                value = BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next() << 1));
            }
            while (!float.IsFinite(value));
            values[i] = value;
        }

        return values;
    }

    /// <summary>Offset of the first data float (B) in a file with this fingerprint.</summary>
    public static int DataOffset(byte[] file) =>
        WeightFileFormat.HeaderSize + (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(WeightFileFormat.FingerprintLengthOffset));

    /// <summary>Rewrites the fingerprint hash (if the length field still fits the file) and the checksum after a deliberate edit, so only the edit is wrong.</summary>
    public static byte[] Reseal(byte[] file)
    {
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(WeightFileFormat.FingerprintLengthOffset));
        if (length <= file.Length - WeightFileFormat.HeaderSize - 4)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(
                file.AsSpan(WeightFileFormat.FingerprintHashOffset), WeightFingerprint.Hash(file.AsSpan(WeightFileFormat.HeaderSize, (int)length)));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), Crc32C.Compute(file.AsSpan(0, file.Length - 4)));
        return file;
    }
}

/// <summary>A read-only stream that cannot seek and returns at most a few bytes per read.</summary>
internal sealed class NonSeekableStream(byte[] bytes, int maxRead = 7) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, maxRead), bytes.Length - _position);
        Array.Copy(bytes, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>An endless non-seekable stream of zeros (a reader must not try to drain it).</summary>
internal sealed class EndlessStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Array.Clear(buffer, offset, count);
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Passes writes through until <c>failAfter</c> bytes, then throws (a crash mid-write); optionally fails on Flush.</summary>
internal sealed class FailingWriteStream(Stream inner, long failAfter, bool failOnFlush = false) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        long room = failAfter - _written;
        if (count > room)
        {
            inner.Write(buffer, offset, (int)Math.Max(0, room));
            _written = failAfter;
            throw new IOException($"Simulated crash after {failAfter} bytes.");
        }

        inner.Write(buffer, offset, count);
        _written += count;
    }

    public override void Flush()
    {
        if (failOnFlush)
        {
            throw new IOException("Simulated failure while flushing.");
        }

        inner.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>A fresh empty directory, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fgw-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string[] Files() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Select(name => name!).Order(StringComparer.Ordinal).ToArray();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
