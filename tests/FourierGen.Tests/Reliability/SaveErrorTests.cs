using FourierGen.Tests.Weights;
using FourierGen.Weights;

namespace FourierGen.Tests.Reliability;

/// <summary>
/// Saving (issue 18, finding 10): a failed save names the file the caller asked for, never the hidden temporary; a
/// successful save removes the temporaries that killed saves of the same target left, for weight files and checkpoints,
/// synchronous and asynchronous — and leaves alone a temporary that a save in progress holds, a recent one, and any
/// other file.
/// </summary>
public sealed class SaveErrorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public static TheoryData<string> Savers() => ["Save", "SaveAsync", "SaveCheckpoint", "SaveCheckpointAsync"];

    public void Dispose() => _directory.Dispose();

    [Theory]
    [MemberData(nameof(Savers))]
    public void SavingIntoAMissingDirectoryNamesTheTarget(string saver)
    {
        string target = Path.Combine(_directory.Path, "missing", "net.fgw");

        var e = Assert.Throws<DirectoryNotFoundException>(() => Save(saver, target));

        AssertNamesTarget(e, target);
        Assert.Empty(_directory.Files());
    }

    [Theory]
    [MemberData(nameof(Savers))]
    public void SavingOverADirectoryNamesTheTarget(string saver)
    {
        string target = Path.Combine(_directory.Path, "taken");
        Directory.CreateDirectory(target);

        Exception e = Assert.ThrowsAny<Exception>(() => Save(saver, target));

        Assert.True(e is IOException or UnauthorizedAccessException, e.GetType().Name);
        AssertNamesTarget(e, target);
        Assert.Empty(_directory.Files());
    }

    [Fact]
    public void AFailedWriteNamesTheTarget()
    {
        string target = Path.Combine(_directory.Path, "net.fgw");
        var (b, a, p) = WeightSamples.Values();

        var e = Assert.Throws<IOException>(() =>
            WeightFile.Save(target, WeightSamples.Fingerprint, WeightSamples.Inputs, b, a, p, file => new FailingWriteStream(file, 40)));

        AssertNamesTarget(e, target);
        Assert.Contains("Simulated crash", e.Message);
        Assert.IsType<IOException>(e.InnerException); // the original, for whoever needs the details
    }

    [Theory]
    [MemberData(nameof(Savers))]
    public void ASuccessfulSaveRemovesStaleTemporariesOfItsTarget(string saver)
    {
        string target = Path.Combine(_directory.Path, "net.fgw");
        string killed1 = Temporary("net.fgw", age: TimeSpan.FromHours(1));
        string killed2 = Temporary("net.fgw", age: TimeSpan.FromMinutes(1));
        string recent = Temporary("net.fgw", age: TimeSpan.Zero);          // possibly a save between close and rename
        string held = Temporary("net.fgw", age: TimeSpan.FromHours(1));    // a save in progress holds it
        string otherTarget = Temporary("other.fgw", age: TimeSpan.FromHours(1));
        string notOurs = Path.Combine(_directory.Path, ".net.fgw.not-a-save.tmp");
        File.WriteAllText(notOurs, "user data");
        File.SetLastWriteTimeUtc(notOurs, DateTime.UtcNow.AddHours(-1));

        using (new FileStream(held, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            Save(saver, target);
        }

        Assert.True(File.Exists(target));
        Assert.False(File.Exists(killed1));
        Assert.False(File.Exists(killed2));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(held));
        Assert.True(File.Exists(otherTarget));
        Assert.True(File.Exists(notOurs));
    }

    [Fact]
    public void AFailedSaveRemovesNothing()
    {
        string target = Path.Combine(_directory.Path, "net.fgw");
        string killed = Temporary("net.fgw", age: TimeSpan.FromHours(1));
        var (b, a, p) = WeightSamples.Values();

        Assert.Throws<IOException>(() =>
            WeightFile.Save(target, WeightSamples.Fingerprint, WeightSamples.Inputs, b, a, p, file => new FailingWriteStream(file, 40)));

        Assert.True(File.Exists(killed));
    }

    /// <summary>What a save killed mid-write leaves: part of a file under the temporary name the target's saves use.</summary>
    private string Temporary(string target, TimeSpan age)
    {
        string path = Path.Combine(_directory.Path, $".{target}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(path, new byte[100]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    private static void Save(string saver, string path)
    {
        var net = new StructNet(seed: 1);
        switch (saver)
        {
            case "Save":
                net.Save(path);
                break;
            case "SaveAsync":
                net.SaveAsync(path).GetAwaiter().GetResult();
                break;
            default:
                using (Trainer<StructNet> trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 1, Threads = 1 }))
                {
                    if (saver == "SaveCheckpoint")
                    {
                        trainer.SaveCheckpoint(path);
                    }
                    else
                    {
                        trainer.SaveCheckpointAsync(path).GetAwaiter().GetResult();
                    }
                }

                break;
        }
    }

    private static void AssertNamesTarget(Exception e, string target)
    {
        Assert.Contains(Path.GetFullPath(target), e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
    }
}
