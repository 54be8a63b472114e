using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using ImageRegression;
using Xunit.Abstractions;

namespace FourierGen.Tests.Samples;

/// <summary>
/// samples/ImageRegression without its console: the experiment's training loop on a 32×32 crop of the sample's
/// bundled image for a few steps (so the sample cannot silently rot), its pieces, and the CLI's bad-input exits.
/// </summary>
public class ImageRegressionSampleTests(ITestOutputHelper output)
{
    /// <summary>The sample's bundled image, copied to this project's output by the ProjectReference.</summary>
    private static string BundledImage => Path.Combine(AppContext.BaseDirectory, "images", "chelsea.png");

    [Fact]
    public void TrainingLoopRunsEndToEndOnA32PixelImage()
    {
        var reports = new List<MappingProgress>();
        var options = new ExperimentOptions
        {
            Image = RgbImage.Load(BundledImage),
            ImageName = "chelsea.png",
            Size = 32,
            Steps = 6,
            Mappings = MappingSpec.ParseList("none,basic,posenc:6,gauss:10"),
            Threads = 2,
            Ntk = true,
            CurvePoints = 3,
        };

        ExperimentRun run = ImageRegressionExperiment.Run(options, new ListProgress(reports));
        ExperimentResult result = run.Result;

        Assert.Equal((32, "paper", 6, 256, 256, 256), (result.Size, result.Protocol, result.Steps, result.TrainPoints, result.TestPoints, result.NtkTrainPoints));
        Assert.Equal(["none", "basic", "posenc:6", "gauss:10"], result.Results.Select(r => r.Mapping));
        Assert.Equal([1e-2f, 1e-2f, 1e-3f, 1e-3f], result.Results.Select(r => r.LearningRate));
        // --ntk: the grid solver on every training pixel for the Fourier mappings, the dense one (with its note) for none.
        Assert.Equal(["dense", "grid", "grid", "grid"], result.Results.Select(r => r.NtkSolver));
        Assert.All(result.Results, r => Assert.Equal(256, r.NtkTrainPoints));
        Assert.All(result.Results.Skip(1), r => Assert.True(r.NtkIterations >= 1 && r.NtkResidual <= options.NtkTolerance, $"{r.Mapping}: CG {r.NtkIterations}, {r.NtkResidual}"));
        foreach (MappingResult r in result.Results)
        {
            output.WriteLine($"{r.Mapping}: train {r.TrainPsnr:F2}, test {r.TestPsnr:F2}, NTK {r.NtkTestPsnr:F2} dB");
            AssertSanePsnr(r.TrainPsnr, $"{r.Mapping} train");
            AssertSanePsnr(r.TestPsnr, $"{r.Mapping} test");
            AssertSanePsnr(r.NtkTestPsnr ?? double.NaN, $"{r.Mapping} NTK");
            Assert.Equal([0, 2, 4, 6], r.Curve.Select(p => p.Step));
            Assert.All(r.Curve, p => AssertSanePsnr(p.TestPsnr, $"{r.Mapping} curve"));
            Assert.Equal(r.TestPsnr, r.Curve[^1].TestPsnr);
            Assert.True(r.Seconds > 0);
        }

        Assert.Equal(4, run.Reconstructions.Count);
        Assert.All(run.Reconstructions, image =>
        {
            Assert.Equal((32, 32), (image.Width, image.Height));
            Assert.All(image.Pixels, v => Assert.InRange(v, 0f, 1f));
        });
        Assert.Equal(4, reports.Count(p => p.Phase == ExperimentPhase.Done));
        Assert.Equal(4 * 6, reports.Count(p => p.Phase == ExperimentPhase.Training && p.Step > 0));

        // results.json round-trips, with the field names.
        string json = result.ToJson();
        ExperimentResult back = ExperimentResult.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(result.Results.Select(r => (r.Mapping, r.TestPsnr, r.NtkTestPsnr)), back.Results.Select(r => (r.Mapping, r.TestPsnr, r.NtkTestPsnr)));
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement first = document.RootElement.GetProperty("results")[0];
        foreach (string name in new[] { "mapping", "learningRate", "trainPsnr", "testPsnr", "seconds", "ntkTestPsnr", "curve" })
        {
            Assert.True(first.TryGetProperty(name, out _), $"results[0] lacks \"{name}\"");
        }

        Assert.Equal("chelsea.png", document.RootElement.GetProperty("image").GetString());
        Assert.True(first.GetProperty("curve")[0].TryGetProperty("trainPsnr", out _));

        // The two pictures are written and are PNGs (SkiaSharp's native library loads here).
        string folder = Directory.CreateTempSubdirectory("fg-imagesample-").FullName;
        try
        {
            string sheet = Path.Combine(folder, "reconstructions.png"), chart = Path.Combine(folder, "psnr.png");
            ImageRegression.Output.ReconstructionSheet.Save(run, sheet);
            ImageRegression.Output.PsnrChart.Save(result, chart);
            foreach (string png in new[] { sheet, chart })
            {
                byte[] bytes = File.ReadAllBytes(png);
                Assert.True(bytes.Length > 1000 && bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{png} is not a PNG");
            }

            RgbImage picture = RgbImage.Load(sheet);
            Assert.True(picture.Width >= 5 * 256 && picture.Height > 256, $"reconstructions.png is {picture.Width}×{picture.Height}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(Protocol.Paper)]
    [InlineData(Protocol.Demo)]
    public void TheGridNtkEqualsTheDenseNtkOnEveryTrainingPixel(Protocol protocol)
    {
        // The structured solver must give the dense Cholesky's answer on the same pixels (all 256 of a 32×32 image).
        PixelSplit split = PixelSplit.Create(RgbImage.Load(BundledImage).CropAndResize(32), protocol);
        var net = new GaussianImageNet(seed: 0, frequencyScale: 10f);
        NtkOutcome grid = NtkRegression.GridTestPsnr(net, split, 1e-6, 1e-10, null, CancellationToken.None);
        NtkOutcome dense = NtkRegression.TestPsnr(net, split, maxTrainPoints: split.TrainCount, diagReg: 1e-6, seed: 0);
        output.WriteLine($"{protocol}: grid {grid.TestPsnr:F6} dB ({grid.Iterations} CG iterations), dense {dense.TestPsnr:F6} dB");
        Assert.Equal((256, 1e-6), (dense.TrainPoints, dense.DiagReg));
        Assert.Equal(dense.TestPsnr, grid.TestPsnr, 1e-6);
    }

    [Fact]
    public void NtkDynamicsRunFromNothingToTheConvergedRegression()
    {
        PixelSplit split = PixelSplit.Create(RgbImage.Load(BundledImage).CropAndResize(32), Protocol.Paper);
        var net = new PositionalImageNet(seed: 0, frequencyScale: 6f);
        var dynamics = NtkDynamics.Create(net, split, 1e-6, 1e-10);
        DynamicsPoint early = NtkDynamics.At(dynamics, split, 1e-9);
        DynamicsPoint late = NtkDynamics.At(dynamics, split, double.PositiveInfinity);
        NtkOutcome converged = NtkRegression.GridTestPsnr(net, split, 1e-6, 1e-10, null, CancellationToken.None);
        Assert.Equal(converged.TestPsnr, late.TestPsnr, 1e-6);
        Assert.True(early.TrainPsnr < late.TrainPsnr - 10, $"train PSNR {early.TrainPsnr:F2} early, {late.TrainPsnr:F2} converged");

        // The time matched to a train PSNR between the two reaches it (bisection on τ).
        double target = (early.TrainPsnr + late.TrainPsnr) / 2;
        DynamicsPoint matched = NtkDynamics.MatchTrainPsnr(dynamics, split, target);
        Assert.InRange(matched.TrainPsnr, target, target + 0.5);

        // Gradient descent's time for s steps at rate lr: 2·lr·s/N (N = 3 × 256 targets).
        Assert.Equal(2 * 1e-3 * 300 / 768.0, NtkDynamics.GradientDescentTau(split, 1e-3f, 300), 1e-9);
    }

    [Fact]
    public void TheSigmaSweepPredictsEveryScaleAndPicksTheBest()
    {
        var options = new ExperimentOptions { Image = RgbImage.Load(BundledImage), ImageName = "chelsea.png", Size = 16, Steps = 2, Threads = 1 };
        var points = new List<SweepPoint>();
        SweepResult sweep = SigmaSweep.Run(options, train: true, new Structured.ListProgress<SweepPoint>(points));
        Assert.Equal(["gauss:1", "gauss:2", "gauss:5", "gauss:10", "gauss:20", "gauss:50", "gauss:100", "posenc:3", "posenc:4", "posenc:5",
            "posenc:6", "posenc:7", "posenc:8"], sweep.Points.Select(p => p.Mapping));
        Assert.Equal(sweep.Points.Select(p => (p.Mapping, p.NtkTestPsnr)), points.Select(p => (p.Mapping, p.NtkTestPsnr))); // reported as they finish
        Assert.All(sweep.Points, p =>
        {
            AssertSanePsnr(p.NtkTestPsnr, p.Mapping);
            AssertSanePsnr(p.TrainedTestPsnr ?? double.NaN, p.Mapping);
        });
        Assert.Equal(sweep.Points.Where(p => p.Mapping.StartsWith("gauss", StringComparison.Ordinal)).Max(p => p.NtkTestPsnr), sweep.NtkChoice("gauss").NtkTestPsnr);
        Assert.Equal(sweep.Points.Where(p => p.Mapping.StartsWith("posenc", StringComparison.Ordinal)).Max(p => p.TrainedTestPsnr), sweep.TrainedChoice("posenc")!.TrainedTestPsnr);
        Assert.Equal(sweep.ToJson(), SweepResult.FromJson(sweep.ToJson()).ToJson());
    }

    [Fact]
    public void WithoutNtkTheNtkFieldIsNull()
    {
        var options = new ExperimentOptions
        {
            Image = RgbImage.Load(BundledImage),
            Size = 8,
            Steps = 2,
            Mappings = MappingSpec.ParseList("gauss:1"),
            Protocol = Protocol.Demo,
            Threads = 1,
        };
        ExperimentResult result = ImageRegressionExperiment.Run(options).Result;
        Assert.Equal((16, 64, null), (result.TrainPoints, result.TestPoints, result.NtkTrainPoints));
        Assert.Null(result.Results[0].NtkTestPsnr);
        using JsonDocument document = JsonDocument.Parse(result.ToJson());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("results")[0].GetProperty("ntkTestPsnr").ValueKind);
        Assert.Equal("demo", document.RootElement.GetProperty("protocol").GetString());
    }

    [Theory]
    [InlineData("none", MappingKind.None, null)]
    [InlineData("basic", MappingKind.Basic, null)]
    [InlineData("posenc:6", MappingKind.Positional, 6f)]
    [InlineData("GAUSS:12.5", MappingKind.Gaussian, 12.5f)]
    public void MappingTokensParse(string token, MappingKind kind, float? scale)
    {
        MappingSpec spec = MappingSpec.Parse(token);
        Assert.Equal((token, kind, scale), (spec.Token, spec.Kind, spec.Scale));
    }

    [Theory]
    [InlineData("fourier")]
    [InlineData("gauss")]
    [InlineData("gauss:")]
    [InlineData("gauss:ten")]
    [InlineData("posenc:-1")]
    [InlineData("gauss:NaN")]
    [InlineData(",")]
    public void BadMappingTokensAreRejectedWithOneLine(string list)
    {
        var error = Assert.Throws<FormatException>(() => MappingSpec.ParseList(list));
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void OneGaussianTypeServesEveryScaleWithOneDrawOfB()
    {
        // gauss:1, gauss:10 and gauss:100 with one seed: the same N(0, 1) draw, scaled (the paper's B_gauss * scale).
        float[] unit = new GaussianImageNet(seed: 3, frequencyScale: 1f).Frequencies.ToArray();
        float[] ten = new GaussianImageNet(seed: 3, frequencyScale: 10f).Frequencies.ToArray();
        Assert.Equal(GaussianImageNet.FrequencyCount * 2, unit.Length);
        for (int i = 0; i < unit.Length; i++)
        {
            Assert.Equal(10 * unit[i], ten[i], Math.Abs(ten[i]) * 1e-6f + 1e-6f);
        }

        float[] positional = new PositionalImageNet(frequencyScale: 6f).Frequencies.ToArray();
        Assert.Equal(63f, positional.Max(), 3); // σp = 6: the top frequency is 2^6 − 1
    }

    [Fact]
    public void PaperSplitTrainsOnEvenPixelsAndTestsOnOddOnes()
    {
        var image = new RgbImage(4, 4, Enumerable.Range(0, 48).Select(i => i / 47f).ToArray());
        PixelSplit split = PixelSplit.Create(image, Protocol.Paper);
        Assert.Equal([0f, 0f, 0.5f, 0f, 0f, 0.5f, 0.5f, 0.5f], split.TrainX);
        Assert.Equal([0.25f, 0.25f, 0.75f, 0.25f, 0.25f, 0.75f, 0.75f, 0.75f], split.TestX);
        Assert.Equal(image.Pixels.AsSpan(3 * 5, 3).ToArray(), split.TestY[..3]); // pixel (1, 1)
        Assert.Equal(16, PixelSplit.Create(image, Protocol.Demo).TestCount);
    }

    [Fact]
    public void CropAndResizeKeepsTheCentreAndAverages()
    {
        // 6×4: the centre 4×4 square is columns 1..4; halving it averages 2×2 blocks.
        var pixels = new float[6 * 4 * 3];
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 6; x++)
            {
                pixels[(y * 6 + x) * 3] = x / 10f;
                pixels[(y * 6 + x) * 3 + 1] = y / 10f;
            }
        }

        RgbImage small = new RgbImage(6, 4, pixels).CropAndResize(2);
        Assert.Equal((2, 2), (small.Width, small.Height));
        Assert.Equal(0.15f, small.Pixels[0], 5);  // mean of x = 1, 2
        Assert.Equal(0.35f, small.Pixels[3], 5);  // mean of x = 3, 4
        Assert.Equal(0.25f, small.Pixels[2 * 3 + 1], 5); // mean of y = 2, 3
        RgbImage large = small.Resize(4, 4);
        Assert.All(large.Pixels, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(0.15f, large.Pixels[0], 5); // clamped at the edge
    }

    [Fact]
    public void GrayscaleAndRgbaImagesLoad()
    {
        string gray = Path.Combine(Path.GetTempPath(), $"fg-gray-{Environment.ProcessId}.png");
        string rgba = Path.Combine(Path.GetTempPath(), $"fg-rgba-{Environment.ProcessId}.png");
        try
        {
            File.WriteAllBytes(gray, Png(2, 1, colorType: 0, [0, 255]));
            File.WriteAllBytes(rgba, Png(1, 1, colorType: 6, [255, 0, 0, 0])); // red, fully transparent
            Assert.Equal([0f, 0f, 0f, 1f, 1f, 1f], RgbImage.Load(gray).Pixels);
            Assert.Equal([1f, 1f, 1f], RgbImage.Load(rgba).Pixels); // composited over white
        }
        finally
        {
            File.Delete(gray);
            File.Delete(rgba);
        }
    }

    [Fact]
    public void MissingOrUnreadableImagesThrowOneLineMessages()
    {
        var missing = Assert.Throws<ImageLoadException>(() => RgbImage.Load("/nonexistent/cat.png"));
        Assert.Contains("no such file", missing.Message);
        string junk = Path.Combine(Path.GetTempPath(), $"fg-junk-{Environment.ProcessId}.png");
        try
        {
            File.WriteAllText(junk, "not an image");
            var bad = Assert.Throws<ImageLoadException>(() => RgbImage.Load(junk));
            Assert.Contains("cannot decode", bad.Message);
            Assert.DoesNotContain('\n', bad.Message);
        }
        finally
        {
            File.Delete(junk);
        }
    }

    [Theory]
    [InlineData("missing image", "--image /nonexistent/cat.png")]
    [InlineData("unknown mapping", "--mappings none,fourier:3")]
    [InlineData("bad number", "--size twelve")]
    [InlineData("bad protocol", "--protocol best")]
    [InlineData("negative steps", "--steps -5")]
    [InlineData("sweep training without the sweep", "--sweep-train --size 8")]
    [InlineData("dynamics without the NTK", "--ntk-dynamics --size 8")]
    [InlineData("missing results file", "--ntk-dynamics-from /nonexistent/results.json --size 8")]
    public void TheCliRejectsBadInputWithOneLineAndANonZeroExit(string what, string arguments)
    {
        (int exitCode, string stdout, string stderr) = RunSample(arguments);
        output.WriteLine($"{what}: exit {exitCode}; stderr: {stderr}");
        Assert.NotEqual(0, exitCode);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public void TheCliDocumentsEveryOption()
    {
        (int exitCode, string stdout, _) = RunSample("--help");
        Assert.Equal(0, exitCode);
        foreach (string option in new[] { "--image", "--size", "--steps", "--lr", "--mappings", "--protocol", "--threads", "--seed", "--out", "--json", "--ntk", "--ntk-points", "--ntk-dynamics", "--ntk-dynamics-from", "--sigma-sweep", "--sweep-train" })
        {
            Assert.Contains(option, stdout);
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) RunSample(string arguments)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "ImageRegression.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "the sample did not exit within 60 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static void AssertSanePsnr(double psnr, string what) =>
        Assert.True(double.IsFinite(psnr) && psnr is > 5 and < 80, $"{what} PSNR {psnr} dB is not in (5, 80)");

    /// <summary>A minimal 8-bit PNG (no interlace, filter 0 on every row).</summary>
    private static byte[] Png(int width, int height, byte colorType, byte[] samples)
    {
        int channels = colorType == 6 ? 4 : 1;
        using var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            raw.Write(samples, y * width * channels, width * channels);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9]) = (8, colorType);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    private sealed class ListProgress(List<MappingProgress> reports) : IProgress<MappingProgress>
    {
        public void Report(MappingProgress value) => reports.Add(value);
    }
}
