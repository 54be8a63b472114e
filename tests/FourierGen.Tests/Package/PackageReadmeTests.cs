using System.Text.RegularExpressions;

namespace FourierGen.Tests.Package;

/// <summary>
/// The package README's complete example (a 2-D signed distance field) is this file's code, run here: the README block
/// must equal the statements in <see cref="RunTheExample"/> followed by the declaration of <see cref="SdfNet"/>.
/// </summary>
[Collection(nameof(WorkingDirectoryCollection))]
public class PackageReadmeTests
{
    [Fact]
    public void TheReadmeExampleIsThisCode()
    {
        string readme = File.ReadAllText(RepositoryFile("src/FourierGen/README.md"));
        Match block = Regex.Match(readme, @"<!-- sdf-example:start -->\s*```csharp\n(?<code>.*?)```\s*<!-- sdf-example:end -->", RegexOptions.Singleline);
        Assert.True(block.Success, "the README has no sdf-example block");
        string[] example = Lines(block.Groups["code"].Value).Where(l => l != "using FourierGen;").ToArray();

        string source = File.ReadAllText(ThisFile());
        string[] code = Region(source, "statements").Concat(Region(source, "declaration")).ToArray();
        Assert.Equal(code, example);
        Assert.True(example.Length + 1 <= 30, $"the example is {example.Length + 1} lines of code");
    }

    [Fact]
    public void TheReadmeExampleTrainsResumesAndStopsEarly()
    {
        InFolderOfItsOwn(() =>
        {
            (FitResult first, SdfNet trained) = RunTheExample();
            Assert.True(File.Exists("sdf.fgc"));
            Assert.True(first.BestValidationLoss < 2e-4, $"best validation Huber loss {first.BestValidationLoss}");

            // Run again: it resumes from the checkpoint (early-stopped or finished) and trains no further.
            (FitResult again, SdfNet resumed) = RunTheExample();
            Assert.Equal(0, again.StepsRun);
            Assert.Equal(first.StepCount, again.StepCount);
            Assert.Equal(first.BestValidationLoss, again.BestValidationLoss);
            Assert.True(trained.Parameters.SequenceEqual(resumed.Parameters) || first.StoppedEarly);
            return 0;
        });
    }

    [Fact]
    public void TheReadmeExampleResumesAnInterruptedRunExactly()
    {
        // The example run through, in one folder; in another, a crash at its first progress line past step 600 (after
        // the step-500 checkpoint), then the same program again: it resumes and ends where the uninterrupted run did.
        (FitResult whole, SdfNet wholeNet) = InFolderOfItsOwn(RunTheExample);
        Assert.True(whole.StepCount > 700, $"the run ended at step {whole.StepCount}, before the interruption this test makes");
        (FitResult resumed, SdfNet resumedNet) = InFolderOfItsOwn(() =>
        {
            TextWriter console = Console.Out;
            Console.SetOut(new CrashingWriter(crashAtStep: 600));
            try
            {
                Assert.Throws<SimulatedCrash>(() => RunTheExample());
            }
            finally
            {
                Console.SetOut(console);
            }

            return RunTheExample();
        });

        Assert.InRange(resumed.StepsRun, 1, whole.StepCount - 500);
        Assert.Equal(whole.StepCount, resumed.StepCount);
        Assert.Equal(whole.StoppedEarly, resumed.StoppedEarly);
        Assert.Equal(whole.BestStep, resumed.BestStep);
        Assert.Equal(whole.BestValidationLoss, resumed.BestValidationLoss);
        Assert.True(wholeNet.Parameters.SequenceEqual(resumedNet.Parameters), "the resumed run's parameters differ from the uninterrupted run's");
    }

    /// <summary>Runs <paramref name="run"/> with a fresh temporary folder as the working directory (the example keeps sdf.fgc there).</summary>
    private static T InFolderOfItsOwn<T>(Func<T> run)
    {
        string previous = Environment.CurrentDirectory;
        string directory = Directory.CreateTempSubdirectory("fouriergen-sdf-").FullName;
        try
        {
            Environment.CurrentDirectory = directory;
            return run();
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class SimulatedCrash : Exception;

    /// <summary>The console of a process that dies when the progress bar reports step <c>crashAtStep</c> or later.</summary>
    private sealed class CrashingWriter(long crashAtStep) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            Match step = Regex.Match(value ?? "", @"step (\d+)/");
            if (step.Success && long.Parse(step.Groups[1].Value) >= crashAtStep)
            {
                throw new SimulatedCrash();
            }

            base.WriteLine(value);
        }
    }

    private static (FitResult Fit, SdfNet Net) RunTheExample()
    {
        // README sdf: statements begin
        // The signed distance to a circle of radius 0.5: negative inside. 20 000 random points in [-1, 1]².
        var random = new Random(0);
        float[] points = new float[2 * 20_000], distances = new float[20_000];
        for (int i = 0; i < distances.Length; i++)
        {
            float x = points[2 * i] = 2 * random.NextSingle() - 1, y = points[2 * i + 1] = 2 * random.NextSingle() - 1;
            distances[i] = MathF.Sqrt(x * x + y * y) - 0.5f;
        }

        var net = new SdfNet(seed: 0);
        using var trainer = net.CreateTrainer(new TrainerOptions
        {
            Optimizer = Optimizer.Adam(2e-3f), Schedule = LearningRateSchedule.Cosine(steps: 1500),
            Loss = Loss.Huber(delta: 0.1f), BatchCapacity = 512,
        });
        if (File.Exists("sdf.fgc")) trainer.LoadCheckpoint("sdf.fgc");   // resume an interrupted run where it stopped
        FitResult fit = trainer.Fit(
            Minibatches.For<SdfNet>(points.AsMemory(0, 32_000), distances.AsMemory(0, 16_000), batchSize: 512, seed: 0),
            new FitOptions { Steps = 1500, Validation = new(points.AsMemory(32_000), distances.AsMemory(16_000)),
                             ValidateEvery = 100, Patience = 4, CheckpointPath = "sdf.fgc", CheckpointEvery = 250 },
            new TrainingProgressBar(Console.Out));
        Console.WriteLine($"best validation loss {fit.BestValidationLoss:E2} at step {fit.BestStep}; held-out mean absolute error "
            + $"{net.Evaluate(points.AsSpan(32_000), distances.AsSpan(16_000)).MeanAbsoluteError:E2}");
        // README sdf: statements end
        return (fit, net);
    }

    private static IEnumerable<string> Region(string source, string name)
    {
        Match region = Regex.Match(source, $@"// README sdf: {name} begin\n(?<code>.*?)\n\s*// README sdf: {name} end", RegexOptions.Singleline);
        Assert.True(region.Success, $"no {name} region");
        return Lines(region.Groups["code"].Value);
    }

    /// <summary>Non-empty lines, without indentation (the README's code is top-level, this file's is in a method).</summary>
    private static IEnumerable<string> Lines(string code) =>
        code.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    // Not [CallerFilePath]: a CI build (ContinuousIntegrationBuild) maps source paths to "/_/", which is not on disk.
    private static string ThisFile() => RepositoryFile("tests/FourierGen.Tests/Package/PackageReadmeTests.cs");

    /// <summary>A file of the repository, found from the directory holding FourierGen.sln above the test binaries.</summary>
    private static string RepositoryFile(string relative)
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FourierGen.sln")))
            {
                return Path.Combine(directory.FullName, relative);
            }
        }

        throw new InvalidOperationException("FourierGen.sln not found above " + AppContext.BaseDirectory);
    }
}

// README sdf: declaration begin
[FourierNetwork(inputs: 2, outputs: 1, Hidden = [64, 64])]
[GaussianFeatures(size: 64, scale: 1f)]
public partial class SdfNet;
// README sdf: declaration end

/// <summary>Tests that change the process's working directory run alone.</summary>
[CollectionDefinition(nameof(WorkingDirectoryCollection), DisableParallelization = true)]
public sealed class WorkingDirectoryCollection;
