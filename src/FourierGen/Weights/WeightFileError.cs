// Shared source: compiled into the runtime and linked into the generator with WeightFileFormat.cs.
namespace FourierGen.Weights;

/// <summary>Which check a weight file or a checkpoint failed (the message says the details).</summary>
internal enum WeightFileError
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>The file does not start with the magic "FGW1".</summary>
    NotAWeightFile,

    /// <summary>A version this code does not read.</summary>
    UnsupportedVersion,

    /// <summary>Flags this version does not define.</summary>
    UnsupportedFlags,

    /// <summary>A header field or the stored fingerprint is damaged.</summary>
    CorruptHeader,

    /// <summary>The file ends before its declared length.</summary>
    Truncated,

    /// <summary>Bytes follow the checksum.</summary>
    TrailingBytes,

    /// <summary>The file is intact but was saved by another declaration.</summary>
    FingerprintMismatch,

    /// <summary>The contents do not match the stored CRC-32C.</summary>
    ChecksumMismatch,

    /// <summary>The bytes are intact but hold NaN or ∞.</summary>
    NonFiniteValue,

    /// <summary>The expectations passed to the reader are themselves invalid (a bug in the caller).</summary>
    InvalidExpectations,

    /// <summary>A checkpoint is intact but was written by a trainer with another optimiser or other hyper-parameters.</summary>
    OptimizerMismatch,

    /// <summary>A checkpoint is intact but was written by a trainer with another learning-rate schedule.</summary>
    ScheduleMismatch,

    /// <summary>A checkpoint's B or a differ from those of the network resuming it (created with another seed or scale).</summary>
    MappingMismatch,
}
