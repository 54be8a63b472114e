using System.Buffers.Binary;
using System.Diagnostics;
using FourierGen.Weights;

namespace FourierGen.Tests.Weights;

/// <summary>
/// Every damaged file is rejected with an <see cref="InvalidDataException"/> naming the failed check:
/// never loaded, never another exception, never a large allocation from a length field.
/// </summary>
public class WeightFileCorruptionTests
{
    /// <summary>The start of every message the reader throws, one per check.</summary>
    private static readonly string[] CheckMessages =
    [
        "Not a FourierGen weight file (bad magic)",
        "Unsupported weight file version",
        "Unsupported weight file flags",
        "Corrupt weight file header",
        "Corrupt weight file: the stored fingerprint is not valid UTF-8",
        "Weight file fingerprint mismatch",
        "Truncated weight file",
        "Trailing bytes after the weight file",
        "Weight file checksum mismatch",
        "Non-finite value in weight file",
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryFlippedBitAndByteIsRejected(bool seekable)
    {
        byte[] valid = WeightSamples.File();
        var seen = new HashSet<string>();
        bool countFieldDamaged = false;
        for (int position = 0; position < valid.Length; position++)
        {
            foreach (byte mask in (byte[])[0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF])
            {
                byte[] damaged = (byte[])valid.Clone();
                damaged[position] ^= mask;
                string message = AssertRejected(damaged, seekable, $"byte {position} ^ 0x{mask:X2}");
                seen.Add(CheckMessages.First(message.StartsWith));
                countFieldDamaged |= message.StartsWith("Corrupt weight file header: the count fields say", StringComparison.Ordinal);
            }
        }

        // Structure is checked before the checksum, so flips get specific messages.
        Assert.Contains("Not a FourierGen weight file (bad magic)", seen);
        Assert.Contains("Unsupported weight file version", seen);
        Assert.Contains("Unsupported weight file flags", seen);
        Assert.Contains("Corrupt weight file header", seen);
        Assert.True(countFieldDamaged, "no flip of d, m or P was reported as a damaged count field");
        Assert.Contains("Weight file checksum mismatch", seen);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryTruncationIsRejected(bool seekable)
    {
        byte[] valid = WeightSamples.File();
        for (int length = 0; length < valid.Length; length++)
        {
            string message = AssertRejected(valid[..length], seekable, $"truncated to {length} bytes");
            Assert.StartsWith("Truncated weight file", message);
            Assert.Contains($"got {length}", message);
        }
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 4)]
    [InlineData(true, 1000)]
    [InlineData(false, 1)]
    [InlineData(false, 4)]
    [InlineData(false, 1000)]
    [InlineData(false, 200_000)]
    public void TrailingBytesAreRejected(bool seekable, int extra)
    {
        byte[] valid = WeightSamples.File();
        byte[] padded = [.. valid, .. new byte[extra]];

        string message = AssertRejected(padded, seekable, $"{extra} trailing bytes");

        Assert.StartsWith("Trailing bytes after the weight file", message);
        Assert.Contains($"expected {valid.Length} bytes", message);
        if (seekable || extra <= 4)
        {
            Assert.EndsWith($"got {padded.Length}.", message);
        }
    }

    [Fact]
    public void TrailingBytesFromAnEndlessStreamAreRejectedWithoutDrainingIt()
    {
        byte[] valid = WeightSamples.File();
        using var stream = new ConcatenatedStream(new NonSeekableStream(valid, maxRead: 4096), new EndlessStream());

        var e = Assert.Throws<InvalidDataException>(() => WeightFile.Load(
            stream, WeightSamples.Fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount, WeightSamples.ParameterCount));

        Assert.StartsWith("Trailing bytes after the weight file", e.Message);
        Assert.Contains("got more than", e.Message);
    }

    [Theory]
    [InlineData(WeightFileFormat.FingerprintLengthOffset, 0u)]
    [InlineData(WeightFileFormat.FingerprintLengthOffset, 4097u)]
    [InlineData(WeightFileFormat.FingerprintLengthOffset, int.MaxValue)]
    [InlineData(WeightFileFormat.FingerprintLengthOffset, uint.MaxValue)]
    [InlineData(WeightFileFormat.ParameterCountOffset, int.MaxValue)]
    [InlineData(WeightFileFormat.ParameterCountOffset, uint.MaxValue)]
    [InlineData(WeightFileFormat.FrequencyCountOffset, int.MaxValue)]
    [InlineData(WeightFileFormat.FrequencyCountOffset, uint.MaxValue)]
    [InlineData(WeightFileFormat.InputsOffset, int.MaxValue)]
    public void HugeLengthFieldsAreRejectedQuicklyWithoutLargeAllocations(int offset, uint value)
    {
        byte[] file = WeightSamples.File();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(offset), value);
        WeightSamples.Reseal(file);

        foreach (bool seekable in (bool[])[true, false])
        {
            AssertRejected(file, seekable, "warm-up");
            var clock = Stopwatch.StartNew();
            long before = GC.GetAllocatedBytesForCurrentThread();
            AssertRejected(file, seekable, $"field at {offset} = {value}");
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        }
    }

    [Fact]
    public void AFileClaimingAHugeDeclarationsSizesIsCheckedAgainstTheStreamLengthBeforeAllocating()
    {
        // The declaration really is huge (2^30 parameters) and the header agrees: only the stream length tells.
        const int huge = NetworkLimits.MaxParameters;
        byte[] file = WeightSamples.File();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(WeightFileFormat.ParameterCountOffset), huge);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => WeightFile.Load(
            new MemoryStream(file), WeightSamples.Fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount, huge));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.StartsWith("Truncated weight file: expected " + WeightFileFormat.FileLength(
            file.Length - 36 - (4 * (6 + 3 + 20)), 2, 3, huge) + " bytes, got " + file.Length + ".", e.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void BadMagicSaysSo()
    {
        byte[] text = "hello, world: not weights at all"u8.ToArray();
        Assert.StartsWith("Not a FourierGen weight file (bad magic): it starts with 68-65-6C-6C", AssertRejected(text, seekable: true, "text"));
        Assert.StartsWith("Not a FourierGen weight file (bad magic)", AssertRejected([0x46, 0x47, 0x58], seekable: false, "short"));
        Assert.Equal("Truncated weight file: expected at least 32 bytes (the header), got 0.", AssertRejected([], seekable: true, "empty"));
    }

    [Fact]
    public void NewerVersionSaysSo()
    {
        byte[] file = WeightSamples.File();
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(WeightFileFormat.VersionOffset), 2);
        WeightSamples.Reseal(file);

        Assert.Equal(
            "Unsupported weight file version 2: this FourierGen reads version 1 only (the file was written by a newer FourierGen).",
            AssertRejected(file, seekable: true, "version 2"));
    }

    [Fact]
    public void UnknownFlagsSaySo()
    {
        byte[] file = WeightSamples.File();
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(WeightFileFormat.FlagsOffset), 0x0100);
        WeightSamples.Reseal(file);

        Assert.StartsWith("Unsupported weight file flags 0x0100", AssertRejected(file, seekable: true, "flags"));
    }

    [Fact]
    public void FingerprintMismatchNamesTheDifferenceAndQuotesBothFingerprints()
    {
        byte[] other = WeightSamples.Bytes(
            WeightSamples.OtherFingerprint, WeightSamples.Inputs, new float[6], new float[3], new float[20]);

        string message = AssertRejected(other, seekable: false, "other declaration");

        Assert.StartsWith(
            "Weight file fingerprint mismatch: the file was saved by a network with hidden=[256,256], activation=tanh " +
            "but this declaration has hidden=[2], activation=relu.", message);
        Assert.Contains($"File: \"{WeightSamples.OtherFingerprint}\"", message);
        Assert.Contains($"This declaration: \"{WeightSamples.Fingerprint}\"", message);
    }

    [Fact]
    public void CountsThatDisagreeWithAMatchingFingerprintAreRejected()
    {
        byte[] file = WeightSamples.File();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(WeightFileFormat.InputsOffset), 3);
        WeightSamples.Reseal(file);

        Assert.Equal(
            "Corrupt weight file header: the count fields say inputs=3, frequencies=3, parameters=20, " +
            "but the fingerprint it carries (this declaration's) fixes inputs=2, frequencies=3, parameters=20.",
            AssertRejected(file, seekable: true, "inputs"));
    }

    [Fact]
    public void CorruptFingerprintIsCaughtByItsHash()
    {
        byte[] file = WeightSamples.File();
        file[WeightFileFormat.HeaderSize + 3] ^= 0x20;

        Assert.StartsWith("Corrupt weight file header: the stored fingerprint hash", AssertRejected(file, seekable: true, "fingerprint"));
    }

    [Fact]
    public void InvalidUtf8FingerprintIsRejected()
    {
        byte[] file = WeightSamples.File();
        file[WeightFileFormat.HeaderSize + 3] = 0xFF;
        WeightSamples.Reseal(file);

        Assert.Equal("Corrupt weight file: the stored fingerprint is not valid UTF-8.", AssertRejected(file, seekable: true, "utf-8"));
    }

    [Fact]
    public void ChangedDataFailsTheChecksum()
    {
        byte[] file = WeightSamples.File();
        file[WeightSamples.DataOffset(file) + 10] ^= 0x01;

        Assert.Matches(
            "^Weight file checksum mismatch: the file stores CRC-32C 0x[0-9A-F]{8} but its contents give 0x[0-9A-F]{8}; the file is corrupt\\.$",
            AssertRejected(file, seekable: true, "data"));
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void NonFiniteValuesWithAValidChecksumAreRejected(float value, string shown)
    {
        byte[] file = WeightSamples.File();
        int parameterOffset = WeightSamples.DataOffset(file) + (4 * (6 + 3));
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(parameterOffset + (4 * 5)), value);
        WeightSamples.Reseal(file);

        Assert.Equal(
            $"Non-finite value in weight file: parameters[5] is {shown}; a weight file holds finite values only.",
            AssertRejected(file, seekable: false, "non-finite"));
    }

    [Fact]
    public void TruncatedDataReportsExpectedAndActualLengths()
    {
        byte[] valid = WeightSamples.File();
        Assert.Equal(
            $"Truncated weight file: expected {valid.Length} bytes, got {valid.Length - 9}.",
            AssertRejected(valid[..^9], seekable: true, "seekable"));
        Assert.Equal(
            $"Truncated weight file: expected {valid.Length} bytes, got {valid.Length - 9}.",
            AssertRejected(valid[..^9], seekable: false, "non-seekable"));
    }

    [Fact]
    public void LoadingAPathPrefixesThePath()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "bad.fgw");
        File.WriteAllBytes(path, WeightSamples.File()[..40]);

        var e = Assert.Throws<InvalidDataException>(() => WeightFile.Load(
            path, WeightSamples.Fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount, WeightSamples.ParameterCount));

        Assert.StartsWith(path + ": Truncated weight file", e.Message);
        Assert.IsType<InvalidDataException>(e.InnerException);
    }

    [Fact]
    public void RandomMultiByteDamageIsRejected()
    {
        byte[] valid = WeightSamples.File();
        var random = new Random(2024);
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] damaged = (byte[])valid.Clone();
            int edits = random.Next(1, 6);
            for (int k = 0; k < edits; k++)
            {
                damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
            }

            if (random.Next(4) == 0)
            {
                damaged = damaged[..random.Next(damaged.Length)];
            }

            AssertRejected(damaged, seekable: random.Next(2) == 0, $"trial {trial}");
        }
    }

    /// <summary>
    /// Loads through the runtime (given stream kind) and the generator's parser; both must reject
    /// with the same message, and only with <see cref="InvalidDataException"/>. Returns the message.
    /// </summary>
    private static string AssertRejected(byte[] bytes, bool seekable, string what)
    {
        string message;
        try
        {
            WeightSamples.Load(bytes, seekable);
            Assert.Fail($"{what}: the damaged file loaded.");
            return string.Empty;
        }
        catch (InvalidDataException e) when (e.GetType() == typeof(InvalidDataException))
        {
            message = e.Message;
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{what}: threw {e.GetType().Name} instead of InvalidDataException: {e}");
            return string.Empty;
        }

        Assert.Contains(CheckMessages, message.StartsWith);

        bool parsed = WeightFileFormat.TryParse(
            bytes, WeightSamples.Fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount, WeightSamples.ParameterCount,
            out var contents, out string error);
        Assert.False(parsed, what);
        Assert.Empty(contents.Parameters);
        if (seekable)
        {
            Assert.Equal(message, error);
        }
        else
        {
            Assert.Contains(CheckMessages, error.StartsWith);
        }

        return message;
    }
}

/// <summary>Reads one stream, then another.</summary>
internal sealed class ConcatenatedStream(Stream first, Stream second) : Stream
{
    private bool _firstDone;

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
        if (!_firstDone)
        {
            int n = first.Read(buffer, offset, count);
            if (n > 0)
            {
                return n;
            }

            _firstDone = true;
        }

        return second.Read(buffer, offset, count);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
