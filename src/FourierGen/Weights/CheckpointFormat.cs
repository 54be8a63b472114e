using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace FourierGen.Weights;

/// <summary>What a checkpoint holds besides the network's weights: the trainer's position and optimiser state.</summary>
/// <param name="Optimizer">The optimiser the state belongs to.</param>
/// <param name="Beta1">Its β1 (0 for SGD).</param>
/// <param name="Beta2">Its β2 (0 for SGD).</param>
/// <param name="Epsilon">Its ε (0 for SGD).</param>
/// <param name="LearningRate">The trainer's base learning rate (it may have been set since creation).</param>
/// <param name="StepCount">Steps applied: Adam's t and the schedule's position.</param>
/// <param name="Schedule">The schedule's description (<see cref="LearningRateSchedule.ToString"/>).</param>
/// <param name="BestValidationLoss">Fit's best validation loss so far; NaN before the first validation.</param>
/// <param name="BestStep">The step count at that validation; −1 before the first.</param>
internal readonly record struct TrainingState(OptimizerKind Optimizer, float Beta1, float Beta2, float Epsilon, float LearningRate, long StepCount, string Schedule, double BestValidationLoss, long BestStep);

/// <summary>A checkpoint as read: the state, the embedded weights and the optimiser and early-stopping blocks.</summary>
internal sealed record CheckpointContents(
    TrainingState State, float[] Frequencies, float[] Amplitudes, float[] Parameters, float[]? FirstMoment, float[]? SecondMoment, float[]? BestParameters);

/// <summary>
/// The FourierGen checkpoint (.fgc), version 1: a trainer's state around a complete weight file, so that a resumed run is
/// bit-identical to an uninterrupted one (layout and checks in docs/weights-format.md, "Checkpoints"). Little-endian:
/// <code>
///  0  4  "FGC1"                magic
///  4  2  uint16                version (1)
///  6  2  uint16                flags (0)
///  8  4  uint32                optimiser kind (0 SGD, 1 Adam)
/// 12 12  float32 × 3           β1, β2, ε
/// 24  4  float32               base learning rate
/// 28  4  uint32                blocks: bit 0 Adam's m and v, bit 1 the best parameters
/// 32  8  int64                 step count
/// 40  8  float64               best validation loss (NaN: none)
/// 48  8  int64                 step of the best validation loss (−1: none)
/// 56  4  uint32                S, schedule description bytes (0..4096)
/// 60  4  uint32                reserved, 0
/// 64  8  uint64                W, bytes of the embedded weight file
/// 72  S  UTF-8                 schedule description
///  …  W  FGW1 weight file      fingerprint, B, a, parameters and their own CRC-32C
///  …  4P float32 × 2           m, v (bit 0)
///  …  4P float32               best parameters (bit 1)
///  …  4  uint32                CRC-32C of every byte before it
/// </code>
/// </summary>
internal static class CheckpointFormat
{
    public const ushort Version = 1;

    public const int HeaderSize = 72;

    public const int MaxScheduleBytes = 4096;

    private const uint AdamBlocks = 1, BestParametersBlock = 2;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>"FGC1".</summary>
    private static ReadOnlySpan<byte> Magic => "FGC1"u8;

    /// <summary>Writes a whole checkpoint to <paramref name="stream"/> at its position.</summary>
    public static void Write(Stream stream, string fingerprint, int inputs, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes,
        ReadOnlySpan<float> parameters, in TrainingState state, ReadOnlySpan<float> firstMoment, ReadOnlySpan<float> secondMoment,
        ReadOnlySpan<float> bestParameters)
    {
        byte[] fingerprintBytes = WeightFileFormat.ValidateForWrite(fingerprint, inputs, frequencies, amplitudes, parameters);
        byte[] schedule = StrictUtf8.GetBytes(state.Schedule);
        if (schedule.Length > MaxScheduleBytes)
        {
            throw new ArgumentException($"The schedule's description is {schedule.Length} bytes of UTF-8; a checkpoint holds at most {MaxScheduleBytes}.", nameof(state));
        }

        bool adam = state.Optimizer == OptimizerKind.Adam;
        uint blocks = (adam ? AdamBlocks : 0) | (bestParameters.IsEmpty ? 0 : BestParametersBlock);
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)state.Optimizer);
        BinaryPrimitives.WriteSingleLittleEndian(header[12..], state.Beta1);
        BinaryPrimitives.WriteSingleLittleEndian(header[16..], state.Beta2);
        BinaryPrimitives.WriteSingleLittleEndian(header[20..], state.Epsilon);
        BinaryPrimitives.WriteSingleLittleEndian(header[24..], state.LearningRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], blocks);
        BinaryPrimitives.WriteInt64LittleEndian(header[32..], state.StepCount);
        BinaryPrimitives.WriteDoubleLittleEndian(header[40..], state.BestValidationLoss);
        BinaryPrimitives.WriteInt64LittleEndian(header[48..], state.BestStep);
        BinaryPrimitives.WriteUInt32LittleEndian(header[56..], (uint)schedule.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[64..], (ulong)WeightFileFormat.FileLength(fingerprintBytes.Length, inputs, amplitudes.Length, parameters.Length));

        var output = new ChecksumStream(stream);
        output.Write(header);
        output.Write(schedule);
        WeightFileFormat.WriteValidated(output, fingerprintBytes, inputs, frequencies, amplitudes, parameters);
        if (adam)
        {
            WriteFloats(output, firstMoment);
            WriteFloats(output, secondMoment);
        }

        WriteFloats(output, bestParameters);
        Span<byte> checksum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, output.Checksum);
        stream.Write(checksum);
        stream.Flush();
    }

    /// <summary>The most bytes a checkpoint of a declaration can have (the schedule's description at its longest).</summary>
    public static long MaxLength(string fingerprint, int inputs, int frequencyCount, int parameterCount) =>
        HeaderSize + MaxScheduleBytes + WeightFileFormat.FileLength(Encoding.UTF8.GetByteCount(fingerprint), inputs, frequencyCount, parameterCount)
        + (3L * 4 * parameterCount) + 4;

    /// <summary>Reads and checks a whole checkpoint against the declaration that resumes it (the trainer checks the optimiser and schedule).</summary>
    /// <exception cref="InvalidDataException">The data fails a check; the message says which, and <see cref="WeightFileFormat.ErrorOf"/> gives its code.</exception>
    public static CheckpointContents Read(Stream stream, string fingerprint, int inputs, int frequencyCount, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        long available = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : -1;
        var input = new ChecksumStream(stream);
        Span<byte> header = stackalloc byte[HeaderSize];
        int got = ReadUpTo(input, header);
        if (got < Magic.Length || !header[..Magic.Length].SequenceEqual(Magic))
        {
            throw WeightFileFormat.Fail(WeightFileError.NotAWeightFile,
                "Not a FourierGen checkpoint (bad magic): a checkpoint starts with 46-47-43-31 (\"FGC1\")"
                + (got >= 4 && header[..4].SequenceEqual("FGW1"u8) ? "; this is a weight file: load it with the network's Load." : "."));
        }

        if (got < HeaderSize)
        {
            throw Truncated($"expected at least {HeaderSize} bytes (the header), got {got}");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != Version)
        {
            throw WeightFileFormat.Fail(WeightFileError.UnsupportedVersion,
                $"Unsupported checkpoint version {version}: this FourierGen reads version {Version} only{(version > Version ? " (the file was written by a newer FourierGen)" : "")}.");
        }

        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        if (flags != 0)
        {
            throw WeightFileFormat.Fail(WeightFileError.UnsupportedFlags, $"Unsupported checkpoint flags 0x{flags:X4}: version {Version} defines no flags.");
        }

        uint kind = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        uint blocks = BinaryPrimitives.ReadUInt32LittleEndian(header[28..]);
        long stepCount = BinaryPrimitives.ReadInt64LittleEndian(header[32..]);
        long bestStep = BinaryPrimitives.ReadInt64LittleEndian(header[48..]);
        uint scheduleLength = BinaryPrimitives.ReadUInt32LittleEndian(header[56..]);
        uint reserved = BinaryPrimitives.ReadUInt32LittleEndian(header[60..]);
        ulong weightLength = BinaryPrimitives.ReadUInt64LittleEndian(header[64..]);
        bool adam = kind == (uint)OptimizerKind.Adam;
        if (kind > (uint)OptimizerKind.Adam || (blocks & ~(AdamBlocks | BestParametersBlock)) != 0 || ((blocks & AdamBlocks) != 0) != adam
            || stepCount < 0 || bestStep < -1 || bestStep > stepCount || scheduleLength > MaxScheduleBytes || reserved != 0 || weightLength > long.MaxValue)
        {
            throw WeightFileFormat.Fail(WeightFileError.CorruptHeader,
                $"Corrupt checkpoint header: optimiser {kind}, blocks 0x{blocks:X}, step {stepCount}, best step {bestStep}, schedule length {scheduleLength}, reserved {reserved}.");
        }

        byte[] scheduleBytes = new byte[scheduleLength];
        if (!input.TryReadExactly(scheduleBytes))
        {
            throw Truncated($"it ends within the schedule description (byte {input.Count})");
        }

        string schedule;
        try
        {
            schedule = StrictUtf8.GetString(scheduleBytes);
        }
        catch (ArgumentException)
        {
            throw WeightFileFormat.Fail(WeightFileError.CorruptHeader, "Corrupt checkpoint: the schedule description is not valid UTF-8.");
        }

        input.ReadLimit = (long)weightLength;
        (float[] frequencies, float[] amplitudes, float[] parameters) weights;
        try
        {
            weights = WeightFileFormat.Read(input, fingerprint, inputs, frequencyCount, parameterCount);
        }
        catch (InvalidDataException e)
        {
            var wrapped = WeightFileFormat.Fail(WeightFileFormat.ErrorOf(e), $"Checkpoint's embedded weights: {e.Message}");
            throw wrapped;
        }

        if (input.ReadLimit != 0)
        {
            throw WeightFileFormat.Fail(WeightFileError.CorruptHeader, $"Corrupt checkpoint header: it gives the embedded weight file {weightLength} bytes, the file has {(long)weightLength - input.ReadLimit}.");
        }

        // The embedded file matched this declaration: now the whole length is known.
        int blockCount = (adam ? 2 : 0) + ((blocks & BestParametersBlock) != 0 ? 1 : 0);
        long expectedLength = HeaderSize + scheduleLength + (long)weightLength + (4L * blockCount * parameterCount) + 4;
        if (available >= 0 && available != expectedLength)
        {
            throw available < expectedLength
                ? Truncated($"expected {expectedLength} bytes, got {available}")
                : WeightFileFormat.Fail(WeightFileError.TrailingBytes, $"Trailing bytes after the checkpoint: expected {expectedLength} bytes, got {available}.");
        }

        input.ReadLimit = -1;
        float[]? m = adam ? ReadFloats(input, parameterCount) : null;
        float[]? v = adam ? ReadFloats(input, parameterCount) : null;
        float[]? best = (blocks & BestParametersBlock) != 0 ? ReadFloats(input, parameterCount) : null;
        uint computed = input.Checksum;
        Span<byte> checksum = stackalloc byte[4];
        if (!input.TryReadExactly(checksum))
        {
            throw Truncated($"expected {expectedLength} bytes, got {input.Count}");
        }

        Span<byte> probe = stackalloc byte[1];
        if (input.Read(probe) > 0)
        {
            throw WeightFileFormat.Fail(WeightFileError.TrailingBytes, $"Trailing bytes after the checkpoint: expected {expectedLength} bytes, got more.");
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(checksum);
        if (stored != computed)
        {
            throw WeightFileFormat.Fail(WeightFileError.ChecksumMismatch,
                $"Checkpoint checksum mismatch: the file stores CRC-32C 0x{stored:X8} but its contents give 0x{computed:X8}; the file is corrupt.");
        }

        float learningRate = BinaryPrimitives.ReadSingleLittleEndian(header[24..]);
        double bestLoss = BinaryPrimitives.ReadDoubleLittleEndian(header[40..]);
        if (!(learningRate >= 0 && float.IsFinite(learningRate)) || double.IsInfinity(bestLoss) || (bestStep >= 0) == double.IsNaN(bestLoss))
        {
            throw WeightFileFormat.Fail(WeightFileError.NonFiniteValue,
                $"Invalid value in checkpoint: learning rate {learningRate}, best validation loss {bestLoss} at step {bestStep}.");
        }

        CheckFinite(m, "Adam's m");
        CheckFinite(v, "Adam's v");
        CheckFinite(best, "the best parameters");
        var state = new TrainingState((OptimizerKind)kind, BinaryPrimitives.ReadSingleLittleEndian(header[12..]), BinaryPrimitives.ReadSingleLittleEndian(header[16..]),
            BinaryPrimitives.ReadSingleLittleEndian(header[20..]), learningRate, stepCount, schedule, bestLoss, bestStep);
        return new CheckpointContents(state, weights.frequencies, weights.amplitudes, weights.parameters, m, v, best);
    }

    private static InvalidDataException Truncated(string detail) =>
        WeightFileFormat.Fail(WeightFileError.Truncated, $"Truncated checkpoint: {detail}.");

    private static int ReadUpTo(ChecksumStream input, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = input.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> four = stackalloc byte[4];
        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, value);
            stream.Write(four);
        }
    }

    private static float[] ReadFloats(ChecksumStream input, int count)
    {
        float[] values = new float[count];
        if (!input.TryReadExactly(MemoryMarshal.AsBytes(values.AsSpan())))
        {
            throw Truncated($"it ends within the optimiser state (byte {input.Count})");
        }

        if (!BitConverter.IsLittleEndian)
        {
            Span<int> bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
            for (int i = 0; i < bits.Length; i++)
            {
                bits[i] = BinaryPrimitives.ReverseEndianness(bits[i]);
            }
        }

        return values;
    }

    private static void CheckFinite(float[]? values, string name)
    {
        if (values is null)
        {
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw WeightFileFormat.Fail(WeightFileError.NonFiniteValue, $"Non-finite value in checkpoint: {name}[{i}] is {values[i]}.");
            }
        }
    }
}
