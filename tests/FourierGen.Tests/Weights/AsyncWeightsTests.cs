using FourierGen.Tests.Training;
using FourierGen.Weights;

namespace FourierGen.Tests.Weights;

/// <summary>SaveAsync, LoadAsync and TryLoad: the same bytes and checks as Save and Load, without a synchronous read.</summary>
public class AsyncWeightsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fouriergen-async-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AsyncSaveAndLoadRoundTripTheSameBytes()
    {
        var net = new MediumNet(seed: 71);
        using var sync = new MemoryStream();
        net.Save(sync);
        using var async = new MemoryStream();
        await net.SaveAsync(async);
        Assert.Equal(sync.ToArray(), async.ToArray());

        string path = Path.Combine(_directory, "net.fgw");
        await net.SaveAsync(path);
        Assert.Equal(sync.ToArray(), await File.ReadAllBytesAsync(path));
        Assert.Single(Directory.GetFiles(_directory));

        MediumNet fromFile = await MediumNet.LoadAsync(path);
        MediumNet fromStream = await MediumNet.LoadAsync(new AsyncOnlyStream(sync.ToArray()));
        Assert.True(net.Parameters.SequenceEqual(fromFile.Parameters));
        Assert.True(net.Parameters.SequenceEqual(fromStream.Parameters));
        Assert.True(net.Frequencies.SequenceEqual(fromStream.Frequencies));
    }

    [Fact]
    public async Task AsyncLoadRefusesWhatLoadRefuses()
    {
        var net = new MediumNet(seed: 72);
        using var bytes = new MemoryStream();
        net.Save(bytes);
        byte[] file = bytes.ToArray();
        var trailing = await Assert.ThrowsAsync<InvalidDataException>(() => MediumNet.LoadAsync(new AsyncOnlyStream([.. file, 1, 2])));
        Assert.Equal(WeightFileError.TrailingBytes, WeightFileFormat.ErrorOf(trailing));
        var truncated = await Assert.ThrowsAsync<InvalidDataException>(() => MediumNet.LoadAsync(new AsyncOnlyStream(file[..^9])));
        Assert.Equal(WeightFileError.Truncated, WeightFileFormat.ErrorOf(truncated));
        var other = await Assert.ThrowsAsync<InvalidDataException>(() => GradIdentityStandard.LoadAsync(new AsyncOnlyStream(file)));
        Assert.Equal(WeightFileError.FingerprintMismatch, WeightFileFormat.ErrorOf(other));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MediumNet.LoadAsync(new AsyncOnlyStream(file), cancelled.Token));
    }

    [Fact]
    public void TryLoadSaysFalseForAMissingOrInvalidFile()
    {
        var net = new MediumNet(seed: 73);
        string good = Path.Combine(_directory, "good.fgw"), bad = Path.Combine(_directory, "bad.fgw");
        net.Save(good);
        File.WriteAllBytes(bad, File.ReadAllBytes(good)[..^1]);

        Assert.True(MediumNet.TryLoad(good, out MediumNet? loaded));
        Assert.True(net.Parameters.SequenceEqual(loaded.Parameters));
        Assert.False(MediumNet.TryLoad(bad, out MediumNet? none));
        Assert.Null(none);
        Assert.False(MediumNet.TryLoad(Path.Combine(_directory, "missing.fgw"), out _));
        Assert.False(MediumNet.TryLoad(Path.Combine(_directory, "no-such-folder", "x.fgw"), out _));
        Assert.False(GradIdentityStandard.TryLoad(good, out _)); // another declaration's file
    }

    /// <summary>A stream that refuses synchronous reads, as ASP.NET Core's request body does by default.</summary>
    private sealed class AsyncOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous reads are disallowed.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(_inner.Read(buffer.Span));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
