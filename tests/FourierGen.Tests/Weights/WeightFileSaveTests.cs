using FourierGen.Weights;

namespace FourierGen.Tests.Weights;

/// <summary>Saving replaces a file atomically: an interrupted save leaves the previous file whole and no temporary file.</summary>
public class WeightFileSaveTests
{
    [Fact]
    public void SaveReplacesAnExistingFileAndLeavesNoTemporaryFile()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "net.fgw");
        Save(path, seed: 1);
        Save(path, seed: 2);

        Assert.Equal(WeightSamples.File(seed: 2), File.ReadAllBytes(path));
        Assert.Equal(["net.fgw"], directory.Files());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(100)]
    [InlineData(-4)]
    [InlineData(-1)]
    public void InterruptedSaveLeavesThePreviousFileIntactAndNoTemporaryFile(int failAfter)
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "net.fgw");
        Save(path, seed: 1);
        byte[] before = File.ReadAllBytes(path);
        long crashAt = failAfter >= 0 ? failAfter : before.Length + failAfter;

        var e = Assert.Throws<IOException>(() => Save(path, seed: 2, file => new FailingWriteStream(file, crashAt)));

        Assert.Contains("Simulated crash", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["net.fgw"], directory.Files());
        var loaded = WeightFile.Load(path, WeightSamples.Fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount, WeightSamples.ParameterCount);
        Assert.Equal(WeightSamples.Values(seed: 1).Parameters, loaded.Parameters);
    }

    [Fact]
    public void FailureWhileFlushingLeavesThePreviousFileIntact()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "net.fgw");
        Save(path, seed: 1);
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<IOException>(() => Save(path, seed: 2, file => new FailingWriteStream(file, long.MaxValue, failOnFlush: true)));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["net.fgw"], directory.Files());
    }

    [Fact]
    public void InterruptedFirstSaveCreatesNoFile()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "net.fgw");

        Assert.Throws<IOException>(() => Save(path, seed: 1, file => new FailingWriteStream(file, 50)));

        Assert.Empty(directory.Files());
    }

    [Fact]
    public void InvalidArgumentsWriteNothing()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "net.fgw");
        var (b, a, p) = WeightSamples.Values();
        float[] withNaN = (float[])p.Clone();
        withNaN[7] = float.NaN;

        var e = Assert.Throws<ArgumentException>(() => WeightFile.Save(path, WeightSamples.Fingerprint, WeightSamples.Inputs, b, a, withNaN));
        Assert.StartsWith("parameters[7] is NaN", e.Message);
        Assert.Throws<ArgumentException>(() => WeightFile.Save(path, WeightSamples.Fingerprint, 3, b, a, p));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightFile.Save(path, WeightSamples.Fingerprint, 0, b, a, p));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightFile.Save(path, WeightSamples.Fingerprint, WeightSamples.Inputs, b, a, []));
        Assert.Throws<ArgumentException>(() => WeightFile.Save(path, string.Empty, WeightSamples.Inputs, b, a, p));
        Assert.Throws<ArgumentException>(() => WeightFile.Save(path, new string('x', 4097), WeightSamples.Inputs, b, a, p));
        Assert.Throws<ArgumentException>(() => WeightFile.Save(path, "lone \ud800 surrogate", WeightSamples.Inputs, b, a, p));

        Assert.Empty(directory.Files());
    }

    [Fact]
    public void SaveIntoAMissingDirectoryFailsWithoutLeavingAnything()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "missing", "net.fgw");

        Assert.Throws<DirectoryNotFoundException>(() => Save(path, seed: 1));

        Assert.Empty(directory.Files());
    }

    [Fact]
    public void ConcurrentSavesToDifferentPathsAllSucceed()
    {
        using var directory = new TempDirectory();
        Parallel.For(0, 32, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            string path = Path.Combine(directory.Path, $"net{i}.fgw");
            for (int round = 0; round < 3; round++)
            {
                Save(path, seed: (100 * i) + round);
            }
        });

        Assert.Equal(32, directory.Files().Length);
        for (int i = 0; i < 32; i++)
        {
            string path = Path.Combine(directory.Path, $"net{i}.fgw");
            var loaded = WeightFile.Load(path, WeightSamples.Fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount, WeightSamples.ParameterCount);
            Assert.Equal(WeightSamples.Values(seed: (100 * i) + 2).Parameters, loaded.Parameters);
        }
    }

    private static void Save(string path, int seed, Func<Stream, Stream>? interceptWrites = null)
    {
        var (b, a, p) = WeightSamples.Values(seed);
        WeightFile.Save(path, WeightSamples.Fingerprint, WeightSamples.Inputs, b, a, p, interceptWrites);
    }
}
