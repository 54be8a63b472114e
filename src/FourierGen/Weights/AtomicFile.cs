namespace FourierGen.Weights;

/// <summary>
/// Writes a file atomically: to a uniquely named temporary file in the target's directory, flushed to disk, then
/// renamed over the target. If anything fails, the temporary file is deleted and an existing target is untouched.
/// Weight files and checkpoints both save through it.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Starts writing <paramref name="path"/>: write to <see cref="Transaction.Stream"/>, then <see cref="Transaction.Commit"/>; disposing without committing deletes the temporary file.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="interceptWrites">A test seam: wraps the temporary file's stream (e.g. to fail part-way, a simulated crash).</param>
    public static Transaction Begin(string path, Func<Stream, Stream>? interceptWrites = null) => new(path, interceptWrites);

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> asynchronously, with the same guarantees as <see cref="Begin"/>.</summary>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> contents, CancellationToken cancellationToken)
    {
        string tempPath = TemporaryPath(path);
        try
        {
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
            {
                await file.WriteAsync(contents, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(tempPath, Path.GetFullPath(path), overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>Reads a stream to its end asynchronously, at most <paramref name="limit"/> bytes (a reader then reports what is wrong with more).</summary>
    public static async Task<MemoryStream> ReadAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        var buffer = new MemoryStream();
        byte[] chunk = new byte[64 * 1024];
        while (buffer.Length < limit)
        {
            int read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Same directory as the target (so the rename stays on one file system), unique, hidden on Unix, and short enough for a 255-byte name limit.</summary>
    private static string TemporaryPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' names a root directory, not a file.", nameof(path));
        string fileName = Path.GetFileName(fullPath);
        if (fileName.Length == 0)
        {
            throw new ArgumentException($"'{path}' names a directory, not a file.", nameof(path));
        }

        return Path.Combine(directory, $".{fileName[..Math.Min(fileName.Length, 100)]}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>One atomic write in progress.</summary>
    public sealed class Transaction : IDisposable
    {
        private readonly string _path, _tempPath;
        private readonly FileStream _file;
        private bool _done;

        internal Transaction(string path, Func<Stream, Stream>? interceptWrites)
        {
            _path = Path.GetFullPath(path);
            _tempPath = TemporaryPath(path);
            _file = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.None);
            Stream = interceptWrites is null ? _file : interceptWrites(_file);
        }

        /// <summary>Where to write the contents.</summary>
        public Stream Stream { get; }

        /// <summary>Flushes the contents to disk and renames the temporary file over the target.</summary>
        public void Commit()
        {
            Stream.Flush();
            _file.Flush(flushToDisk: true);
            _file.Dispose();
            File.Move(_tempPath, _path, overwrite: true);
            _done = true;
        }

        /// <summary>Deletes the temporary file unless committed.</summary>
        public void Dispose()
        {
            if (!_done)
            {
                _file.Dispose();
                TryDelete(_tempPath);
                _done = true;
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original exception is the one to report.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
