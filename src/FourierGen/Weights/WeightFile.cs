namespace FourierGen.Weights;

/// <summary>
/// Saves and loads FourierGen weight files (.fgw): a declaration's fingerprint, the mapping's B
/// and a, the trainable parameters and a CRC-32C checksum (layout in docs/weights-format.md).
/// Generated networks call these from their <c>Save</c> and <c>Load</c> members.
/// </summary>
internal static class WeightFile
{
    /// <summary>The format version written by <see cref="Save(string, string, int, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float})"/> and the only one read.</summary>
    public const int FormatVersion = WeightFileFormat.Version;

    /// <summary>
    /// Writes a weight file atomically: to a uniquely named temporary file in the target's
    /// directory, flushed to disk, then renamed over <paramref name="path"/>. If anything fails,
    /// the temporary file is deleted and an existing file at <paramref name="path"/> is untouched.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="fingerprint">The declaration's canonical fingerprint (1..4096 bytes of UTF-8).</param>
    /// <param name="inputs">d, the number of inputs (1..<see cref="NetworkLimits.MaxInputs"/>).</param>
    /// <param name="frequencies">B, row-major m × d.</param>
    /// <param name="amplitudes">a, m values.</param>
    /// <param name="parameters">The trainable parameters.</param>
    /// <exception cref="ArgumentException">The sizes do not fit together, or a value is NaN or ∞ (nothing is written).</exception>
    public static void Save(
        string path, string fingerprint, int inputs, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes, ReadOnlySpan<float> parameters) =>
        Save(path, fingerprint, inputs, frequencies, amplitudes, parameters, interceptWrites: null);

    /// <summary>
    /// Writes a weight file to <paramref name="stream"/> at its current position (the stream is
    /// flushed, not closed).
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="fingerprint">The declaration's canonical fingerprint (1..4096 bytes of UTF-8).</param>
    /// <param name="inputs">d, the number of inputs (1..<see cref="NetworkLimits.MaxInputs"/>).</param>
    /// <param name="frequencies">B, row-major m × d.</param>
    /// <param name="amplitudes">a, m values.</param>
    /// <param name="parameters">The trainable parameters.</param>
    /// <exception cref="ArgumentException">The sizes do not fit together, or a value is NaN or ∞ (nothing is written).</exception>
    public static void Save(
        Stream stream, string fingerprint, int inputs, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes, ReadOnlySpan<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        WeightFileFormat.Write(stream, fingerprint, inputs, frequencies, amplitudes, parameters);
        stream.Flush();
    }

    /// <summary>
    /// Reads a weight file and checks it against the declaration that loads it.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="expectedFingerprint">The loading declaration's canonical fingerprint.</param>
    /// <param name="expectedInputs">The declaration's d.</param>
    /// <param name="expectedFrequencyCount">The declaration's m (0 for raw inputs).</param>
    /// <param name="expectedParameterCount">The declaration's number of trainable parameters.</param>
    /// <returns>B (row-major m × d), a and the parameters, as new arrays.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is not a weight file, has an unsupported version, belongs to another declaration,
    /// is truncated, has trailing bytes, is corrupt or holds NaN or ∞; the message (prefixed with
    /// the path) says which.
    /// </exception>
    public static (float[] Frequencies, float[] Amplitudes, float[] Parameters) Load(
        string path, string expectedFingerprint, int expectedInputs, int expectedFrequencyCount, int expectedParameterCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            return WeightFileFormat.Read(stream, expectedFingerprint, expectedInputs, expectedFrequencyCount, expectedParameterCount);
        }
        catch (InvalidDataException e)
        {
            throw WeightFileFormat.WithPath(e, path);
        }
    }

    /// <summary>
    /// Reads a weight file from the current position of <paramref name="stream"/> to its end and
    /// checks it against the declaration that loads it. The stream need not be seekable.
    /// </summary>
    /// <param name="stream">A readable stream; nothing may follow the file in it.</param>
    /// <param name="expectedFingerprint">The loading declaration's canonical fingerprint.</param>
    /// <param name="expectedInputs">The declaration's d.</param>
    /// <param name="expectedFrequencyCount">The declaration's m (0 for raw inputs).</param>
    /// <param name="expectedParameterCount">The declaration's number of trainable parameters.</param>
    /// <returns>B (row-major m × d), a and the parameters, as new arrays.</returns>
    /// <exception cref="InvalidDataException">The data fails a check; the message says which.</exception>
    public static (float[] Frequencies, float[] Amplitudes, float[] Parameters) Load(
        Stream stream, string expectedFingerprint, int expectedInputs, int expectedFrequencyCount, int expectedParameterCount) =>
        WeightFileFormat.Read(stream, expectedFingerprint, expectedInputs, expectedFrequencyCount, expectedParameterCount);

    /// <summary>
    /// <see cref="Save(string, string, int, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float})"/>
    /// with a test seam: <paramref name="interceptWrites"/> wraps the temporary file's stream, so a
    /// test can make writing fail part-way (a simulated crash).
    /// </summary>
    internal static void Save(
        string path,
        string fingerprint,
        int inputs,
        ReadOnlySpan<float> frequencies,
        ReadOnlySpan<float> amplitudes,
        ReadOnlySpan<float> parameters,
        Func<Stream, Stream>? interceptWrites)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        // Validate before touching the file system: a bad argument leaves nothing behind.
        byte[] fingerprintBytes = WeightFileFormat.ValidateForWrite(fingerprint, inputs, frequencies, amplitudes, parameters);
        using AtomicFile.Transaction file = AtomicFile.Begin(path, interceptWrites);
        WeightFileFormat.WriteValidated(file.Stream, fingerprintBytes, inputs, frequencies, amplitudes, parameters);
        file.Commit();
    }
}
