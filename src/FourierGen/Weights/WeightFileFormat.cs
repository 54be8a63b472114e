// Shared source: compiled into the runtime (net10.0) and linked into the generator
// (netstandard2.0 + System.Memory), so that Load and compile-time baking validate a file with
// the same code. Use only APIs both have (no Stream.Read(Span), no float.IsFinite, ...).
using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace FourierGen.Weights;

/// <summary>
/// The FourierGen weight file (.fgw), version 1: one reader and one writer for the runtime and
/// the generator. Layout, little-endian (docs/weights-format.md):
/// <code>
///  0  4  "FGW1"                    magic
///  4  2  uint16                    format version (1)
///  6  2  uint16                    flags (0; no flag is defined)
///  8  4  uint32                    d, inputs
/// 12  4  uint32                    m, frequencies (rows of B)
/// 16  4  uint32                    P, trainable parameters
/// 20  4  uint32                    L, fingerprint length in bytes (1..4096)
/// 24  8  uint64                    FNV-1a 64 of the fingerprint bytes
/// 32  L  UTF-8                     fingerprint (<see cref="WeightFingerprint"/>)
///  …  4·m·d  float32               B, row-major m × d
///  …  4·m    float32               a
///  …  4·P    float32               parameters
///  …  4  uint32                    CRC-32C of every byte before it
/// </code>
/// </summary>
/// <remarks>
/// The reader checks, in order: magic, version, flags, fingerprint length, fingerprint hash,
/// fingerprint text against the declaration, counts against the declaration, exact file length
/// (truncated / trailing bytes), checksum, finite values. Every failure is an
/// <see cref="InvalidDataException"/> naming the check. Nothing is allocated from a length
/// field before it has been checked against the declaration (and, for a seekable stream,
/// against the stream's length); streams are read in chunks of at most 64 KiB.
/// </remarks>
internal static class WeightFileFormat
{
    /// <summary>The format version this code reads and writes.</summary>
    public const ushort Version = 1;

    /// <summary>Bytes before the fingerprint.</summary>
    public const int HeaderSize = 32;

    /// <summary>Bytes of the trailing checksum.</summary>
    public const int ChecksumSize = 4;

    /// <summary>The longest fingerprint a file may hold, in UTF-8 bytes.</summary>
    public const int MaxFingerprintBytes = 4096;

    /// <summary>Field offsets in the header.</summary>
    internal const int VersionOffset = 4, FlagsOffset = 6, InputsOffset = 8, FrequencyCountOffset = 12,
        ParameterCountOffset = 16, FingerprintLengthOffset = 20, FingerprintHashOffset = 24;

    /// <summary>Largest read or write buffer (a multiple of 4, so chunks hold whole floats).</summary>
    private const int ChunkSize = 64 * 1024;

    /// <summary>At most this many bytes past the end are read to count trailing bytes.</summary>
    private const int TrailingProbeLimit = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>"FGW1".</summary>
    private static ReadOnlySpan<byte> Magic => new byte[] { 0x46, 0x47, 0x57, 0x31 };

    /// <summary>The exact size of a file with these contents.</summary>
    public static long FileLength(int fingerprintBytes, int inputs, int frequencyCount, int parameterCount) =>
        HeaderSize + (long)fingerprintBytes + (4L * (((long)frequencyCount * inputs) + frequencyCount + parameterCount)) + ChecksumSize;

    /// <summary>
    /// Checks everything <see cref="WriteValidated"/> needs and returns the fingerprint's UTF-8
    /// bytes. Throws <see cref="ArgumentException"/> (nothing is written) on a bad argument.
    /// </summary>
    public static byte[] ValidateForWrite(
        string fingerprint, int inputs, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes, ReadOnlySpan<float> parameters)
    {
        byte[] fingerprintBytes = EncodeFingerprint(fingerprint, nameof(fingerprint));
        CheckSizes(inputs, amplitudes.Length, parameters.Length, nameof(inputs), nameof(amplitudes), nameof(parameters));
        if ((long)frequencies.Length != (long)inputs * amplitudes.Length)
        {
            throw new ArgumentException(
                $"frequencies must hold B, row-major m × d = {amplitudes.Length} × {inputs} = {(long)inputs * amplitudes.Length} values (m = amplitudes.Length), not {frequencies.Length}.",
                nameof(frequencies));
        }

        CheckFinite(frequencies, nameof(frequencies));
        CheckFinite(amplitudes, nameof(amplitudes));
        CheckFinite(parameters, nameof(parameters));
        return fingerprintBytes;
    }

    /// <summary>Writes a whole file to <paramref name="stream"/> (validating the arguments first).</summary>
    public static void Write(
        Stream stream, string fingerprint, int inputs, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes, ReadOnlySpan<float> parameters)
    {
        byte[] fingerprintBytes = ValidateForWrite(fingerprint, inputs, frequencies, amplitudes, parameters);
        WriteValidated(stream, fingerprintBytes, inputs, frequencies, amplitudes, parameters);
    }

    /// <summary>Writes a whole file; the arguments have passed <see cref="ValidateForWrite"/>.</summary>
    public static void WriteValidated(
        Stream stream, byte[] fingerprintBytes, int inputs, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes, ReadOnlySpan<float> parameters)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        byte[] header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(VersionOffset), Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(FlagsOffset), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(InputsOffset), (uint)inputs);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(FrequencyCountOffset), (uint)amplitudes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(ParameterCountOffset), (uint)parameters.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(FingerprintLengthOffset), (uint)fingerprintBytes.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(FingerprintHashOffset), WeightFingerprint.Hash(fingerprintBytes));

        uint crc = Crc32C.InitialState;
        crc = WriteBytes(stream, header, crc);
        crc = WriteBytes(stream, fingerprintBytes, crc);
        long largest = Math.Max(frequencies.Length, Math.Max(amplitudes.Length, parameters.Length));
        byte[] chunk = new byte[(int)Math.Min(ChunkSize, Math.Max(4L, 4 * largest))];
        crc = WriteFloats(stream, frequencies, chunk, crc);
        crc = WriteFloats(stream, amplitudes, chunk, crc);
        crc = WriteFloats(stream, parameters, chunk, crc);

        byte[] checksum = new byte[ChecksumSize];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, Crc32C.Finish(crc));
        stream.Write(checksum, 0, ChecksumSize);
    }

    /// <summary>
    /// Reads and checks a whole file from the current position of <paramref name="stream"/> to its
    /// end, against the declaration that is loading it.
    /// </summary>
    /// <exception cref="InvalidDataException">The file fails a check; the message names which.</exception>
    /// <exception cref="ArgumentException">The expectations themselves are invalid (a caller bug).</exception>
    public static (float[] Frequencies, float[] Amplitudes, float[] Parameters) Read(
        Stream stream, string expectedFingerprint, int expectedInputs, int expectedFrequencyCount, int expectedParameterCount)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        EncodeFingerprint(expectedFingerprint, nameof(expectedFingerprint));
        CheckSizes(expectedInputs, expectedFrequencyCount, expectedParameterCount,
            nameof(expectedInputs), nameof(expectedFrequencyCount), nameof(expectedParameterCount));

        var input = new Input(stream);

        // Header. A short file that does not start like a weight file is "not a weight file", not "truncated".
        byte[] header = new byte[HeaderSize];
        int got = input.ReadUpTo(header, 0, HeaderSize);
        for (int i = 0; i < Math.Min(got, Magic.Length); i++)
        {
            if (header[i] != Magic[i])
            {
                throw Fail(WeightFileError.NotAWeightFile,
                    $"Not a FourierGen weight file (bad magic): it starts with {Hex(header, Math.Min(got, Magic.Length))}, a weight file with 46-47-57-31 (\"FGW1\").");
            }
        }

        if (got < HeaderSize)
        {
            throw Fail(WeightFileError.Truncated, $"Truncated weight file: expected at least {HeaderSize} bytes (the header), got {input.KnownLength(got)}.");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(VersionOffset));
        if (version != Version)
        {
            throw Fail(WeightFileError.UnsupportedVersion,
                $"Unsupported weight file version {version}: this FourierGen reads version {Version} only" +
                (version > Version ? " (the file was written by a newer FourierGen)." : "."));
        }

        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(FlagsOffset));
        if (flags != 0)
        {
            throw Fail(WeightFileError.UnsupportedFlags, $"Unsupported weight file flags 0x{flags:X4}: version {Version} defines no flags (the field must be 0).");
        }

        uint inputs = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(InputsOffset));
        uint frequencyCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(FrequencyCountOffset));
        uint parameterCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(ParameterCountOffset));
        uint fingerprintLength = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(FingerprintLengthOffset));
        ulong fingerprintHash = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(FingerprintHashOffset));

        // Fingerprint: its length is bounded before anything is allocated for it.
        if (fingerprintLength < 1 || fingerprintLength > MaxFingerprintBytes)
        {
            throw Fail(WeightFileError.CorruptHeader,
                $"Corrupt weight file header: the fingerprint length field is {fingerprintLength}, outside 1..{MaxFingerprintBytes}.");
        }

        int fingerprintSize = (int)fingerprintLength;
        if (input.Available >= 0 && input.Available < HeaderSize + fingerprintSize)
        {
            throw Fail(WeightFileError.Truncated,
                $"Truncated weight file: expected at least {HeaderSize + fingerprintSize} bytes (the header and the {fingerprintSize}-byte fingerprint), got {input.Available}.");
        }

        byte[] fingerprintBytes = new byte[fingerprintSize];
        got = input.ReadUpTo(fingerprintBytes, 0, fingerprintSize);
        if (got < fingerprintSize)
        {
            throw Fail(WeightFileError.Truncated,
                $"Truncated weight file: expected at least {HeaderSize + fingerprintSize} bytes (the header and the {fingerprintSize}-byte fingerprint), got {HeaderSize + got}.");
        }

        ulong actualHash = WeightFingerprint.Hash(fingerprintBytes);
        if (actualHash != fingerprintHash)
        {
            throw Fail(WeightFileError.CorruptHeader,
                $"Corrupt weight file header: the stored fingerprint hash 0x{fingerprintHash:X16} does not match the stored fingerprint (its hash is 0x{actualHash:X16}).");
        }

        string fileFingerprint;
        try
        {
            fileFingerprint = StrictUtf8.GetString(fingerprintBytes);
        }
        catch (ArgumentException)
        {
            throw Fail(WeightFileError.CorruptHeader, "Corrupt weight file: the stored fingerprint is not valid UTF-8.");
        }

        if (!string.Equals(fileFingerprint, expectedFingerprint, StringComparison.Ordinal))
        {
            throw Fail(WeightFileError.FingerprintMismatch,
                $"{FingerprintMismatchMessage}: {WeightFingerprint.DescribeDifference(fileFingerprint, expectedFingerprint)}. " +
                $"File: \"{fileFingerprint}\". This declaration: \"{expectedFingerprint}\".");
        }

        // Counts: the fingerprint holds every size (d, m, the widths, bias), so a file carrying this declaration's fingerprint
        // with other counts was not written by Save: its header is damaged (never "another declaration", issue 18).
        if (inputs != (uint)expectedInputs || frequencyCount != (uint)expectedFrequencyCount || parameterCount != (uint)expectedParameterCount)
        {
            throw Fail(WeightFileError.CorruptHeader,
                $"Corrupt weight file header: the count fields say inputs={inputs}, frequencies={frequencyCount}, parameters={parameterCount}, " +
                $"but the fingerprint it carries (this declaration's) fixes inputs={expectedInputs}, frequencies={expectedFrequencyCount}, parameters={expectedParameterCount}.");
        }

        // Every length is now the declaration's: check the stream against the exact file size before allocating.
        long expectedLength = FileLength(fingerprintSize, expectedInputs, expectedFrequencyCount, expectedParameterCount);
        if (input.Available >= 0 && input.Available != expectedLength)
        {
            throw Fail(input.Available < expectedLength ? WeightFileError.Truncated : WeightFileError.TrailingBytes, input.Available < expectedLength
                ? $"Truncated weight file: expected {expectedLength} bytes, got {input.Available}."
                : $"Trailing bytes after the weight file: expected {expectedLength} bytes, got {input.Available}.");
        }

        float[] frequencies = NewArray(expectedFrequencyCount * expectedInputs);
        float[] amplitudes = NewArray(expectedFrequencyCount);
        float[] parameters = NewArray(expectedParameterCount);
        byte[] chunk = new byte[(int)Math.Min(ChunkSize, Math.Max(ChecksumSize, 4L * Math.Max(frequencies.Length, parameters.Length)))];
        input.ReadFloats(frequencies, chunk, expectedLength);
        input.ReadFloats(amplitudes, chunk, expectedLength);
        input.ReadFloats(parameters, chunk, expectedLength);
        uint computed = Crc32C.Finish(input.Crc);

        got = input.ReadUpTo(chunk, 0, ChecksumSize);
        if (got < ChecksumSize)
        {
            throw Fail(WeightFileError.Truncated, $"Truncated weight file: expected {expectedLength} bytes, got {expectedLength - ChecksumSize + got}.");
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(0, ChecksumSize));

        // Whatever the stream claimed, nothing may follow the checksum (bounded probe: a stream may be endless).
        int trailing = input.ReadUpTo(chunk, 0, Math.Min(chunk.Length, TrailingProbeLimit));
        if (trailing > 0)
        {
            int more = input.ReadUpTo(chunk, 0, 1);
            throw Fail(WeightFileError.TrailingBytes,
                $"Trailing bytes after the weight file: expected {expectedLength} bytes, got {(more > 0 ? "more than " : string.Empty)}{expectedLength + trailing}.");
        }

        if (stored != computed)
        {
            throw Fail(WeightFileError.ChecksumMismatch,
                $"Weight file checksum mismatch: the file stores CRC-32C 0x{stored:X8} but its contents give 0x{computed:X8}; the file is corrupt.");
        }

        // The bytes are intact: a non-finite value was written by something other than WeightFile.Save.
        CheckFiniteData(frequencies, "B (frequencies)");
        CheckFiniteData(amplitudes, "a (amplitudes)");
        CheckFiniteData(parameters, "parameters");
        return (frequencies, amplitudes, parameters);
    }

    /// <summary>
    /// The generator's entry point: parses a whole file held in memory. Never throws; on failure
    /// returns false, empty arrays and the message <see cref="Read"/> would have thrown.
    /// </summary>
    public static bool TryParse(
        byte[] bytes,
        string expectedFingerprint,
        int expectedInputs,
        int expectedFrequencyCount,
        int expectedParameterCount,
        out (float[] Frequencies, float[] Amplitudes, float[] Parameters) contents,
        out string error) =>
        TryParse(bytes, expectedFingerprint, expectedInputs, expectedFrequencyCount, expectedParameterCount, out contents, out _, out error);

    /// <summary>
    /// <see cref="TryParse(byte[], string, int, int, int, out ValueTuple{float[], float[], float[]}, out string)"/> with the
    /// failed check as a code: the generator reports a file of another declaration (<see cref="WeightFileError.FingerprintMismatch"/>)
    /// differently from a damaged one.
    /// </summary>
    public static bool TryParse(
        byte[] bytes,
        string expectedFingerprint,
        int expectedInputs,
        int expectedFrequencyCount,
        int expectedParameterCount,
        out (float[] Frequencies, float[] Amplitudes, float[] Parameters) contents,
        out WeightFileError code,
        out string error)
    {
        contents = (Array.Empty<float>(), Array.Empty<float>(), Array.Empty<float>());
        if (bytes is null)
        {
            code = WeightFileError.InvalidExpectations;
            error = "No weight file contents.";
            return false;
        }

        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            contents = Read(stream, expectedFingerprint, expectedInputs, expectedFrequencyCount, expectedParameterCount);
            code = WeightFileError.None;
            error = string.Empty;
            return true;
        }
        catch (InvalidDataException e)
        {
            code = ErrorOf(e);
            error = e.Message;
        }
        catch (ArgumentException e)
        {
            code = WeightFileError.InvalidExpectations;
            error = "Invalid weight file expectations: " + e.Message;
        }

        return false;
    }

    /// <summary>The check an <see cref="InvalidDataException"/> from <see cref="Read"/> failed (it travels in the exception's Data, so the type stays InvalidDataException).</summary>
    public static WeightFileError ErrorOf(InvalidDataException exception) =>
        exception.Data[ErrorKey] is WeightFileError code ? code : WeightFileError.None;

    /// <summary>The same failure with the file's path in front of the message (and the same code).</summary>
    public static InvalidDataException WithPath(InvalidDataException exception, string path)
    {
        var wrapped = new InvalidDataException($"{path}: {exception.Message}", exception);
        wrapped.Data[ErrorKey] = ErrorOf(exception);
        return wrapped;
    }

    private const string ErrorKey = "FourierGen.WeightFileError";

    private const string FingerprintMismatchMessage = "Weight file fingerprint mismatch";

    /// <summary>An <see cref="InvalidDataException"/> carrying its check's code (see <see cref="ErrorOf"/>).</summary>
    internal static InvalidDataException Fail(WeightFileError code, string message)
    {
        var exception = new InvalidDataException(message);
        exception.Data[ErrorKey] = code;
        return exception;
    }

    private static float[] NewArray(int length) => length == 0 ? Array.Empty<float>() : new float[length];

    private static void CheckSizes(int inputs, int frequencyCount, int parameterCount, string inputsName, string frequencyName, string parameterName)
    {
        if (inputs < 1 || inputs > NetworkLimits.MaxInputs)
        {
            throw new ArgumentOutOfRangeException(inputsName, inputs, $"The number of inputs must be in 1..{NetworkLimits.MaxInputs}.");
        }

        if (frequencyCount < 0 || frequencyCount > NetworkLimits.MaxFrequencies)
        {
            throw new ArgumentOutOfRangeException(frequencyName, frequencyCount, $"The number of frequencies must be in 0..{NetworkLimits.MaxFrequencies}.");
        }

        if (parameterCount < 1 || parameterCount > NetworkLimits.MaxParameters)
        {
            throw new ArgumentOutOfRangeException(parameterName, parameterCount, $"The number of parameters must be in 1..{NetworkLimits.MaxParameters}.");
        }
    }

    private static byte[] EncodeFingerprint(string fingerprint, string name)
    {
        if (fingerprint is null)
        {
            throw new ArgumentNullException(name);
        }

        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(fingerprint);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("The fingerprint is not valid UTF-16 (it has an unpaired surrogate).", name, e);
        }

        if (bytes.Length < 1 || bytes.Length > MaxFingerprintBytes)
        {
            throw new ArgumentException($"The fingerprint must be 1..{MaxFingerprintBytes} bytes of UTF-8, not {bytes.Length}.", name);
        }

        return bytes;
    }

    private static bool IsFinite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);

    private static void CheckFinite(ReadOnlySpan<float> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"{name}[{i}] is {values[i].ToString(CultureInfo.InvariantCulture)}; a weight file holds finite values only (not NaN or ∞).", name);
            }
        }
    }

    private static void CheckFiniteData(float[] values, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!IsFinite(values[i]))
            {
                throw Fail(WeightFileError.NonFiniteValue,
                    $"Non-finite value in weight file: {name}[{i}] is {values[i].ToString(CultureInfo.InvariantCulture)}; a weight file holds finite values only.");
            }
        }
    }

    private static string Hex(byte[] bytes, int count)
    {
        var text = new StringBuilder(3 * count);
        for (int i = 0; i < count; i++)
        {
            text.Append(i == 0 ? string.Empty : "-").Append(bytes[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return count == 0 ? "(nothing)" : text.ToString();
    }

    private static uint WriteBytes(Stream stream, byte[] bytes, uint crc)
    {
        stream.Write(bytes, 0, bytes.Length);
        return Crc32C.Append(crc, bytes);
    }

    private static uint WriteFloats(Stream stream, ReadOnlySpan<float> values, byte[] chunk, uint crc)
    {
        ReadOnlySpan<int> bits = MemoryMarshal.Cast<float, int>(values);
        int perChunk = chunk.Length / 4;
        for (int start = 0; start < bits.Length; start += perChunk)
        {
            int count = Math.Min(perChunk, bits.Length - start);
            for (int i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(4 * i), bits[start + i]);
            }

            stream.Write(chunk, 0, 4 * count);
            crc = Crc32C.Append(crc, chunk.AsSpan(0, 4 * count));
        }

        return crc;
    }

    /// <summary>A stream being read: bytes consumed, the running checksum, and the bytes a seekable stream says remain.</summary>
    private sealed class Input
    {
        private readonly Stream _stream;

        public Input(Stream stream)
        {
            _stream = stream;
            Available = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : -1;
        }

        /// <summary>Bytes from the start position to the end of a seekable stream; −1 if unknown.</summary>
        public long Available { get; }

        /// <summary>The running CRC-32C state over every byte read before the checksum field.</summary>
        public uint Crc { get; private set; } = Crc32C.InitialState;

        /// <summary>Bytes read so far.</summary>
        public long Consumed { get; private set; }

        /// <summary>The length of the file for a message: the stream's, or what was read before its end.</summary>
        public long KnownLength(long readSoFar) => Available >= 0 ? Available : readSoFar;

        /// <summary>Reads until <paramref name="count"/> bytes or the end of the stream; returns the bytes read.</summary>
        public int ReadUpTo(byte[] buffer, int offset, int count)
        {
            int total = 0;
            while (total < count)
            {
                int n = _stream.Read(buffer, offset + total, count - total);
                if (n <= 0)
                {
                    break;
                }

                total += Math.Min(n, count - total);
            }

            Consumed += total;
            Crc = Crc32C.Append(Crc, buffer.AsSpan(offset, total));
            return total;
        }

        /// <summary>Fills <paramref name="values"/> from little-endian float32 bytes, chunk by chunk.</summary>
        public void ReadFloats(float[] values, byte[] chunk, long expectedLength)
        {
            Span<int> bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
            int perChunk = chunk.Length / 4;
            for (int start = 0; start < bits.Length; start += perChunk)
            {
                int count = Math.Min(perChunk, bits.Length - start);
                int got = ReadUpTo(chunk, 0, 4 * count);
                if (got < 4 * count)
                {
                    throw Fail(WeightFileError.Truncated, $"Truncated weight file: expected {expectedLength} bytes, got {Consumed}.");
                }

                for (int i = 0; i < count; i++)
                {
                    bits[start + i] = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(4 * i));
                }
            }
        }
    }
}
