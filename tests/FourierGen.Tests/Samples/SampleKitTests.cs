using SampleKit;

namespace FourierGen.Tests.Samples;

/// <summary>What the Table 1 samples share: shards, run grids, run files, merge summaries, mapping tokens.</summary>
public class SampleKitTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    [InlineData(" 2 / 8 ", 2, 8)]
    public void ShardsParse(string text, int index, int count) => Assert.Equal(new Shard(index, count), Shard.Parse(text, _ => null));

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    [InlineData("a/4")]
    [InlineData("1")]
    [InlineData("env/4")]
    public void BadShardsAreOneLineErrors(string text)
    {
        var error = Assert.Throws<FormatException>(() => Shard.Parse(text, _ => null));
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void EnvShardsReadSlurmThenKubernetes()
    {
        Assert.Equal(new Shard(2, 4), Shard.Parse("env/4", v => v == "SLURM_ARRAY_TASK_ID" ? "2" : "3"));
        Assert.Equal(new Shard(3, 4), Shard.Parse("env/4", v => v == "JOB_COMPLETION_INDEX" ? "3" : null));
        Assert.Contains("SLURM_ARRAY_TASK_ID", Assert.Throws<FormatException>(() => Shard.Parse("env/4", v => v == "SLURM_ARRAY_TASK_ID" ? "7" : null)).Message);
    }

    [Fact]
    public void ShardsPartitionTheGrid()
    {
        IReadOnlyList<MappingToken> mappings = MappingToken.ParseList("none,basic,posenc:3,gauss:4,gridopt", allowGridOpt: true);
        string[] items = ["a", "b", "c"];
        int[] seeds = [0, 1];
        IReadOnlyList<GridRun> all = RunGrid.Build(items, mappings, seeds, Shard.All);
        Assert.Equal(3 * (4 * 2 + 1), all.Count); // gridopt runs once per item
        var union = new List<GridRun>();
        for (int i = 0; i < 4; i++)
        {
            IReadOnlyList<GridRun> shard = RunGrid.Build(items, mappings, seeds, new Shard(i, 4));
            Assert.InRange(shard.Count, all.Count / 4, all.Count / 4 + 1);
            union.AddRange(shard);
        }

        Assert.Equal(all.Select(r => r.Label).Order(), union.Select(r => r.Label).Order());
    }

    [Theory]
    [InlineData("fourier")]
    [InlineData("gauss")]
    [InlineData("gauss:-2")]
    [InlineData("none:3")]
    [InlineData("none,none")]
    [InlineData(",")]
    public void BadMappingListsAreOneLineErrors(string list)
    {
        var error = Assert.Throws<FormatException>(() => MappingToken.ParseList(list, allowGridOpt: true));
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void GridOptIsOnlyAcceptedWhereTheSampleHasIt()
    {
        Assert.Equal(MappingKind.GridOpt, MappingToken.Parse("GridOpt", allowGridOpt: true).Kind);
        Assert.Throws<FormatException>(() => MappingToken.Parse("gridopt", allowGridOpt: false));
    }

    [Fact]
    public void RunFilesRoundTripAndMergeIntoOneSummary()
    {
        string folder = Directory.CreateTempSubdirectory("fg-runs-").FullName;
        try
        {
            // Two "shards" write into their own folders; a summary file beside them is skipped.
            RunFiles.Write(Path.Combine(folder, "shard0"), Record("a", "gauss:4", 30));
            RunFiles.Write(Path.Combine(folder, "shard0"), Record("b", "gauss:4", 32));
            RunFiles.Write(Path.Combine(folder, "shard1"), Record("a", "none", 20));
            File.WriteAllText(Path.Combine(folder, "results.json"), "{\"kind\": \"fouriergen-summary\"}");
            IReadOnlyList<RunRecord> runs = RunFiles.ReadAll([folder]);
            Assert.Equal(3, runs.Count);
            ExperimentSummary summary = ExperimentSummary.Of(runs);
            MappingSummary gauss = summary.Mappings.Single(m => m.Mapping == "gauss:4");
            Assert.Equal((2, 31.0, Math.Sqrt(2)), (gauss.Runs, gauss.Metrics["psnr"].Mean, gauss.Metrics["psnr"].Std));
            Assert.Equal(["a", "b"], summary.Items.Order());
            Assert.Equal([0, 1], gauss.Curve.Select(p => p.Step));

            // The same run twice is an error that names both files.
            RunFiles.Write(Path.Combine(folder, "copy"), Record("a", "none", 20));
            var duplicate = Assert.Throws<RunFileException>(() => RunFiles.ReadAll([folder]));
            Assert.Contains("same run", duplicate.Message);

            File.WriteAllText(Path.Combine(folder, "copy", "broken.json"), "{\"kind\": \"fouriergen-run\", ");
            Assert.Contains("broken.json", Assert.Throws<RunFileException>(() => RunFiles.ReadAll([Path.Combine(folder, "copy", "broken.json")])).Message);
            Assert.Throws<RunFileException>(() => RunFiles.ReadAll([Path.Combine(folder, "missing")]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AreaResizeAveragesDownAndRepeatsUp()
    {
        float[] image = [0, 1, 1, 0];
        Assert.Equal([0.5f], GrayImage.Resize(image, 2, 1));
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f, 1f, 1f, 1f, 1f, 0f, 0f, 1f, 1f, 0f, 0f], GrayImage.Resize(image, 2, 4));
    }

    private static RunRecord Record(string item, string mapping, double psnr) => new()
    {
        Sample = "Test",
        Item = item,
        Mapping = mapping,
        Metrics = new Dictionary<string, double> { ["psnr"] = psnr },
        Curve = [new CurvePoint(0, 1, psnr - 5), new CurvePoint(1, 0.5, psnr)],
    };
}
