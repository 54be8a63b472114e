using System.Text.Json;
using SampleKit;
using Tomography2D;
using Xunit.Abstractions;

namespace FourierGen.Tests.Samples;

/// <summary>
/// samples/Tomography2D: the experiment end to end on a tiny phantom, the projection operator against its definition, its
/// adjoint, the loss gradient the sample feeds the caller-gradient Step against central differences, and the CLI.
/// </summary>
public class TomographySampleTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryMappingAndGridOptRunEndToEndOnA16PixelPhantom()
    {
        var reports = new List<RunProgress>();
        var finished = new List<RunRecord>();
        var options = new ReconstructionOptions
        {
            Items = CtExperiment.Phantoms(1, 16),
            Size = 16,
            Dimensions = 2,
            Steps = 5,
            Mappings = MappingToken.ParseList(CtProtocol.DefaultMappings, allowGridOpt: true),
            Threads = 2,
        };

        CtExperimentResult result = CtExperiment.Run(options, new ListProgress<RunProgress>(reports), finished.Add);

        Assert.Equal(["none", "basic", "posenc:3", "gauss:4", "gridopt"], result.Runs.Select(r => r.Record.Mapping));
        Assert.Equal(result.Runs.Select(r => r.Record), finished);
        foreach (FieldRunOutcome run in result.Runs)
        {
            double psnr = run.Record.Metrics["psnr"];
            output.WriteLine($"{run.Record.Mapping}: PSNR {psnr:F2} dB, loss {run.Record.Metrics["loss"]:E3}, lr {run.Record.Settings["learningRate"]}");
            Assert.True(double.IsFinite(psnr) && psnr is > 3 and < 60, $"{run.Record.Mapping}: PSNR {psnr}");
            Assert.Equal(256, run.Field.Length);
            Assert.All(run.Field, v => Assert.InRange(v, 0f, 1f));
            Assert.Equal(5, run.Record.Curve[^1].Step);
            Assert.Equal(run.Record.ToJson(), RunRecord.FromJson(run.Record.ToJson()).ToJson());
        }

        Assert.Equal(["0.01", "0.01", "0.001", "0.001", "0.1"], result.Runs.Select(r => r.Record.Settings["learningRate"]));
        Assert.Equal(5, reports.Count(p => p.Phase == RunPhase.Done));
        Assert.Equal(5 * 5, reports.Count(p => p.Phase == RunPhase.Training && p.Step > 0));

        string folder = Directory.CreateTempSubdirectory("fg-ct-").FullName;
        try
        {
            IReadOnlyList<string> sheets = Tomography2D.Output.ReconstructionSheet.SaveAll(result, folder);
            SampleProcess.AssertPng(Assert.Single(sheets));
            ExperimentSummary summary = ExperimentSummary.Of(result.Runs.Select(r => r.Record).ToArray());
            SampleKit.Pictures.ScoreChart.Save(summary, CtExperiment.Table, Path.Combine(folder, "scores.png"));
            SampleProcess.AssertPng(Path.Combine(folder, "scores.png"));
            using JsonDocument document = JsonDocument.Parse(summary.ToJson());
            Assert.Equal("Tomography2D", document.RootElement.GetProperty("sample").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(9)]
    [InlineData(16)]
    public void ProjectionFollowsTheNotebooksDefinition(int n)
    {
        // ct_project: rotate the centred grid by θ, sample nearest (halves away from zero, outside = 0), mean over rows.
        var projection = new ParallelProjection(n);
        double[] image = RandomVector(n * n, seed: 1);
        var sinogram = new double[projection.MeasurementCount];
        projection.Project(image, sinogram);
        for (int k = 0; k < 20; k++)
        {
            double theta = Math.PI * k / 20;
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int i = 0; i < n; i++)
                {
                    double x = j / (double)n - 0.5, y = i / (double)n - 0.5;
                    double column = (x * Math.Cos(theta) - y * Math.Sin(theta) + 0.5) * n;
                    double row = (x * Math.Sin(theta) + y * Math.Cos(theta) + 0.5) * n;
                    long r = (long)Math.Round(row, MidpointRounding.AwayFromZero), c = (long)Math.Round(column, MidpointRounding.AwayFromZero);
                    sum += r >= 0 && r < n && c >= 0 && c < n ? image[r * n + c] : 0;
                }

                Assert.Equal(sum / n, sinogram[k * n + j], 12);
            }
        }

        // θ = 0 is no rotation: the first projection is the column means.
        for (int j = 0; j < n; j++)
        {
            Assert.Equal(Enumerable.Range(0, n).Average(i => image[i * n + j]), sinogram[j], 12);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(32)]
    public void BackprojectionIsTheExactAdjoint(int n)
    {
        var projection = new ParallelProjection(n);
        double[] x = RandomVector(n * n, seed: 2), y = RandomVector(projection.MeasurementCount, seed: 3);
        var px = new double[projection.MeasurementCount];
        var pty = new double[n * n];
        projection.Project(x, px);
        projection.Backproject(y, pty);
        double left = Dot(px, y), right = Dot(x, pty);
        output.WriteLine($"n = {n}: <Px, y> = {left:R}, <x, P^T y> = {right:R}");
        Assert.True(Math.Abs(left - right) <= 1e-12 * Math.Abs(left), $"{left} vs {right}");
    }

    [Fact]
    public void TheGradientFedToStepMatchesCentralDifferencesOfTheLoss()
    {
        const int n = 12;
        var projection = new ParallelProjection(n);
        float[] truth = CtExperiment.Phantoms(1, n)[0].Truth;
        var loss = new ProjectionLoss(projection, CtExperiment.Measure(projection, truth));
        double[] field = RandomVector(n * n, seed: 4);
        var gradient = new double[n * n];
        loss.Evaluate(field, gradient);

        const double h = 1e-4;
        double largest = gradient.Max(Math.Abs);
        foreach (int p in Enumerable.Range(0, n * n).Where(p => p % 7 == 3))
        {
            double saved = field[p];
            field[p] = saved + h;
            double plus = loss.Evaluate(field, new double[n * n]);
            field[p] = saved - h;
            double minus = loss.Evaluate(field, new double[n * n]);
            field[p] = saved;
            double difference = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(difference - gradient[p]) <= 1e-8 * largest, $"pixel {p}: analytic {gradient[p]:E6}, central difference {difference:E6}");
        }

        // The float path the trainer's Step receives is the same gradient, rounded to float.
        var gradientFloat = new float[n * n];
        double lossFloat = loss.Evaluate(field.Select(v => (float)v).ToArray(), gradientFloat);
        Assert.Equal(loss.Evaluate(field.Select(v => (double)(float)v).ToArray(), gradient), lossFloat, 12);
        for (int p = 0; p < n * n; p++)
        {
            Assert.Equal((float)gradient[p], gradientFloat[p]);
        }
    }

    [Fact]
    public void PerturbedPhantomsAreSeededAndInTheUnitInterval()
    {
        IReadOnlyList<FieldItem> first = CtExperiment.Phantoms(3, 32), again = CtExperiment.Phantoms(3, 32);
        Assert.Equal(first.Select(p => p.Truth), again.Select(p => p.Truth));
        Assert.NotEqual(first[0].Truth, first[1].Truth);
        Assert.All(first, p => Assert.All(p.Truth, v => Assert.InRange(v, 0f, 1f)));
        float[] unperturbed = SheppLogan.Rasterize2D(SheppLogan.Parameters2D(), 64);
        Assert.Equal(0f, unperturbed[0]);                // outside the head
        Assert.Equal(1f, unperturbed[32 * 64 + 10], 5);  // the skull: the outer ellipse alone (y ≈ 0, x ≈ −0.68)
        Assert.Equal(0.2f, unperturbed[32 * 64 + 32], 5); // the brain: 1 − 0.8
    }

    [Theory]
    [InlineData("--mappings none,fourier:3")]
    [InlineData("--size twelve")]
    [InlineData("--size 3")]
    [InlineData("--image /nonexistent/ct.png")]
    [InlineData("--protocol best")]
    [InlineData("--shard 4/4")]
    [InlineData("--shard env/4")]
    [InlineData("--lr -1")]
    [InlineData("merge /nonexistent/runs")]
    public void TheCliRejectsBadInputWithOneLine(string arguments) => SampleProcess.AssertOneLineError("Tomography2D", arguments);

    [Fact]
    public void TheCliDocumentsEveryOptionAndMerge() =>
        SampleProcess.AssertHelpNames("Tomography2D", "--phantoms", "--image", "--size", "--steps", "--mappings", "--seeds", "--lr", "--protocol", "--threads", "--out", "--shard", "--checkpoint-every", "merge");

    [Fact]
    public void ShardedCliRunsMergeIntoOneTable()
    {
        string folder = Directory.CreateTempSubdirectory("fg-ct-shards-").FullName;
        try
        {
            string common = "--size 8 --steps 2 --mappings none,gauss:4,gridopt --threads 1";
            (int first, string firstOut, string firstErr) = SampleProcess.Run("Tomography2D", $"{common} --shard 0/2 --out \"{folder}/a\"");
            (int second, _, string secondErr) = SampleProcess.Run("Tomography2D", $"{common} --shard env/2 --out \"{folder}/b\"",
                new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "1" });
            Assert.True(first == 0 && second == 0, firstErr + secondErr);
            Assert.Contains("shard 0/2", firstOut);
            Assert.Equal(2, Directory.GetFiles(Path.Combine(folder, "a", "runs")).Length);
            Assert.Single(Directory.GetFiles(Path.Combine(folder, "b", "runs")));

            (int merged, string mergeOut, string mergeErr) = SampleProcess.Run("Tomography2D", $"merge \"{folder}/a/runs\" \"{folder}/b\" --out \"{folder}/all\"");
            Assert.True(merged == 0, mergeErr);
            Assert.Contains("3 runs merged", mergeOut);
            ExperimentSummary? summary = JsonSerializer.Deserialize<ExperimentSummary>(File.ReadAllText(Path.Combine(folder, "all", "results.json")), SampleJson.Options);
            Assert.Equal(["gauss:4", "gridopt", "none"], summary!.Mappings.Select(m => m.Mapping).Order(StringComparer.Ordinal));
            SampleProcess.AssertPng(Path.Combine(folder, "all", "scores.png"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static double[] RandomVector(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble()).ToArray();
    }

    internal static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
}

/// <summary>Collects progress reports.</summary>
internal sealed class ListProgress<T>(List<T> reports) : IProgress<T>
{
    public void Report(T value) => reports.Add(value);
}
