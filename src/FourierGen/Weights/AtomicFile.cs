namespace FourierGen.Weights;

/// <summary>
/// Writes a file atomically: to a uniquely named temporary file in the target's directory, flushed to disk, then
/// renamed over the target. If anything fails, the temporary file is deleted, an existing target is untouched and the
/// exception names the target (never the hidden temporary); after a successful write, temporaries that killed writes
/// of the same target left behind are deleted. Weight files and checkpoints both save through it.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// How long a temporary must have been left untouched before a later save deletes it: a temporary that an
    /// unfinished save is still writing is locked, but between closing it and renaming it there is a moment when it is
    /// not, and its last write is then at most this long ago.
    /// </summary>
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    /// <summary>Starts writing <paramref name="path"/>: write to <see cref="Transaction.Stream"/>, then <see cref="Transaction.Commit"/>; disposing without committing deletes the temporary file.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="interceptWrites">A test seam: wraps the temporary file's stream (e.g. to fail part-way, a simulated crash).</param>
    public static Transaction Begin(string path, Func<Stream, Stream>? interceptWrites = null) => new(path, interceptWrites);

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> asynchronously, with the same guarantees as <see cref="Begin"/>.</summary>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> contents, CancellationToken cancellationToken)
    {
        var names = new Names(path);
        try
        {
            await using (var file = new FileStream(names.Temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
            {
                await file.WriteAsync(contents, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(names.Temporary, names.Target, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(names.Temporary);
            if (names.NamingTarget(e) is { } named)
            {
                throw named;
            }

            throw;
        }

        names.RemoveStaleTemporaries();
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

    /// <summary>One atomic write in progress.</summary>
    public sealed class Transaction : IDisposable
    {
        private readonly Names _names;
        private readonly FileStream _file;
        private bool _done;

        internal Transaction(string path, Func<Stream, Stream>? interceptWrites)
        {
            _names = new Names(path);
            try
            {
                _file = new FileStream(_names.Temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.None);
            }
            catch (Exception e) when (_names.NamingTarget(e) is { } named)
            {
                throw named;
            }

            Stream = new TargetNamingStream(interceptWrites is null ? _file : interceptWrites(_file), _names);
        }

        /// <summary>Where to write the contents (its failures name the target).</summary>
        public Stream Stream { get; }

        /// <summary>Flushes the contents to disk, renames the temporary file over the target and removes stale temporaries.</summary>
        public void Commit()
        {
            try
            {
                Stream.Flush();
                _file.Flush(flushToDisk: true);
                _file.Dispose();
                File.Move(_names.Temporary, _names.Target, overwrite: true);
            }
            catch (Exception e) when (_names.NamingTarget(e) is { } named)
            {
                throw named;
            }

            _done = true;
            _names.RemoveStaleTemporaries();
        }

        /// <summary>Deletes the temporary file unless committed.</summary>
        public void Dispose()
        {
            if (!_done)
            {
                _file.Dispose();
                TryDelete(_names.Temporary);
                _done = true;
            }
        }
    }

    /// <summary>The target's full path and the temporary one write uses; errors and clean-up in their terms.</summary>
    private sealed class Names
    {
        /// <summary>Characters of the target's file name kept in a temporary's name (a 255-byte name limit).</summary>
        private const int KeptNameLength = 100;

        /// <summary>Hex digits of the unique part (a <see cref="Guid"/> formatted "N").</summary>
        private const int UniqueLength = 32;

        private const string Extension = ".tmp";

        public Names(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            Target = Path.GetFullPath(path);
            Directory = Path.GetDirectoryName(Target)
                ?? throw new ArgumentException($"'{path}' names a root directory, not a file.", nameof(path));
            string fileName = Path.GetFileName(Target);
            if (fileName.Length == 0)
            {
                throw new ArgumentException($"'{path}' names a directory, not a file.", nameof(path));
            }

            // Same directory as the target (so the rename stays on one file system), unique, hidden on Unix.
            Prefix = $".{fileName[..Math.Min(fileName.Length, KeptNameLength)]}.";
            Temporary = Path.Combine(Directory, $"{Prefix}{Guid.NewGuid():N}{Extension}");
        }

        public string Target { get; }

        public string Temporary { get; }

        private string Directory { get; }

        private string Prefix { get; }

        /// <summary>
        /// A file-system error as the same kind of exception, its message naming the target instead of the temporary
        /// (the original is its inner exception); null for any other exception, which passes unchanged.
        /// </summary>
        public Exception? NamingTarget(Exception e)
        {
            if (e is not (IOException or UnauthorizedAccessException))
            {
                return null;
            }

            string message = $"Saving '{Target}' failed: {e.Message.Replace(Temporary, Target, StringComparison.Ordinal)}";
            return e switch
            {
                DirectoryNotFoundException => new DirectoryNotFoundException(message, e),
                PathTooLongException => new PathTooLongException(message, e),
                FileNotFoundException => new FileNotFoundException(message, Target, e),
                UnauthorizedAccessException => new UnauthorizedAccessException(message, e),
                _ => new IOException(message, e) { HResult = e.HResult },
            };
        }

        /// <summary>
        /// Deletes the temporaries of this target that killed saves left: named as <see cref="Temporary"/> is, not locked
        /// by a save in progress, untouched for <see cref="StaleAfter"/>. Best effort: the save already succeeded.
        /// </summary>
        public void RemoveStaleTemporaries()
        {
            try
            {
                DateTime staleBefore = DateTime.UtcNow - StaleAfter;
                foreach (string candidate in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension))
                {
                    if (IsTemporaryName(Path.GetFileName(candidate)) && File.GetLastWriteTimeUtc(candidate) < staleBefore)
                    {
                        DeleteUnlessLocked(candidate);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The directory cannot be listed now: the next save tries again.
            }
        }

        private bool IsTemporaryName(string name) =>
            name.Length == Prefix.Length + UniqueLength + Extension.Length
            && name.StartsWith(Prefix, StringComparison.Ordinal)
            && name.EndsWith(Extension, StringComparison.Ordinal)
            && name.AsSpan(Prefix.Length, UniqueLength).ContainsAnyExcept("0123456789abcdef") == false;

        /// <summary>Opening exclusively fails while a save holds the file (FileShare.None: a lock on Unix too).</summary>
        private static void DeleteUnlessLocked(string path)
        {
            try
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // In use, or already gone.
            }
        }
    }

    /// <summary>The temporary file's stream, its failures reported against the target.</summary>
    private sealed class TargetNamingStream(Stream inner, Names names) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                inner.Write(buffer);
            }
            catch (Exception e) when (names.NamingTarget(e) is { } named)
            {
                throw named;
            }
        }

        public override void WriteByte(byte value) => Write([value]);

        public override void Flush()
        {
            try
            {
                inner.Flush();
            }
            catch (Exception e) when (names.NamingTarget(e) is { } named)
            {
                throw named;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
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
