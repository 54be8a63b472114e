using System.Diagnostics;
using SpectralBias1D;

namespace FourierGen.Tests.Samples;

/// <summary>
/// The --quick versions of samples/SpectralBias1D (seconds each), asserting the shape of each result,
/// and the CLI's handling of bad input.
/// </summary>
public class SpectralBias1DSampleTests
{
    /// <summary>
    /// Fig. 3 quick: 4 × 512 network, 600 SGD steps at lr 1e-3 (the paper's lr·steps = 0.5). Width 512 keeps
    /// the finite network close enough to its infinite-width NTK dynamics for the stated tolerances,
    /// at about a quarter of the 4 × 1024 cost.
    /// </summary>
    [Fact]
    public void PowerLawQuickShowsTheMiddleExponentsWinAndTheoryFollowsTraining()
    {
        PowerLawResult result = PowerLawExperiment.Run(PowerLawSettings.Quick);
        Dictionary<string, PowerLawCurve> c = result.Curves.ToDictionary(k => k.Mapping);
        Assert.Equal(PowerLawExperiment.MappingNames.Length, c.Count);
        Assert.Equal(32, result.TrainIndices.Length);

        // Some p in {0.5, 1, 1.5} beats both p = 0 and p = ∞ on test MSE — trained and in theory.
        double bestMiddle = new[] { "0.5", "1", "1.5" }.Min(p => c[p].FinalTestMse);
        Assert.True(bestMiddle < c["0"].FinalTestMse && bestMiddle < c["inf"].FinalTestMse,
            $"best middle p {bestMiddle:E3}, p = 0 {c["0"].FinalTestMse:E3}, p = ∞ {c["inf"].FinalTestMse:E3}");
        double bestMiddleTheory = new[] { "0.5", "1", "1.5" }.Min(p => c[p].FinalTheoryTestMse);
        Assert.True(bestMiddleTheory < c["0"].FinalTheoryTestMse && bestMiddleTheory < c["inf"].FinalTheoryTestMse);

        // No mapping is the worst (spectral bias): every Fourier mapping generalises better.
        Assert.All(result.Curves.Where(k => k.Mapping != "none"), k => Assert.True(k.FinalTestMse < c["none"].FinalTestMse, k.Label));

        foreach (PowerLawCurve curve in result.Curves)
        {
            // Steps stay well inside the stable range of the discrete dynamics.
            Assert.True(curve.LargestStepTimesEigenvalue < 0.5, $"{curve.Label}: lr·λmax = {curve.LargestStepTimesEigenvalue}");
            // Theory and training agree at the end: final test MSE within 35 % (measured: 0.2–29 %, largest at p = ∞),
            // and the test predictions within 25 % of the signal's RMS (measured: 2–17 %, largest at p = 0).
            Assert.True(curve.FinalTestMseRelativeGap <= 0.35,
                $"{curve.Label}: trained {curve.FinalTestMse:E3} vs theory {curve.FinalTheoryTestMse:E3}");
            Assert.True(curve.TestPredictionGap <= 0.25, $"{curve.Label}: prediction gap {curve.TestPredictionGap:P1}");
            // Training reduced the error.
            Assert.True(curve.TrainMse[^1] < curve.TrainMse[0], curve.Label);
        }
    }

    /// <summary>Fig. 4 quick: 4 × 64 network, 128 training points, RMS(b) from 1 to 128.</summary>
    [Fact]
    public void SamplingQuickFallsOnOneUShapedCurve()
    {
        SamplingResult result = SamplingExperiment.Run(SamplingSettings.Quick);
        var best = new List<SamplingRun>();
        foreach (IGrouping<string, SamplingRun> group in result.Runs.GroupBy(r => r.Distribution))
        {
            SamplingRun[] runs = group.OrderBy(r => r.TargetRms).ToArray();
            int argmin = Array.IndexOf(runs, runs.MinBy(r => r.TestMse));
            // U-shaped: the best scale is inside the sweep, and too wide a distribution is far worse.
            Assert.True(argmin > 0 && argmin < runs.Length - 1, $"{group.Key}: best at sweep index {argmin}");
            Assert.True(runs[^1].TestMse > 5 * runs[argmin].TestMse, $"{group.Key}: widest {runs[^1].TestMse:E2} vs best {runs[argmin].TestMse:E2}");
            best.Add(runs[argmin]);
        }

        Assert.Equal(4, best.Count);
        // One curve: the distributions reach the same best error (within 25 %) at similar widths (within a factor 5).
        Assert.True(best.Max(r => r.TestMse) <= 1.25 * best.Min(r => r.TestMse), string.Join(", ", best.Select(r => $"{r.Distribution} {r.TestMse:E3}")));
        Assert.True(best.Max(r => r.Rms) <= 5 * best.Min(r => r.Rms), string.Join(", ", best.Select(r => $"{r.Distribution} {r.Rms:F1}")));
    }

    [Theory]
    [InlineData(FrequencyDistribution.Gaussian)]
    [InlineData(FrequencyDistribution.Uniform)]
    [InlineData(FrequencyDistribution.UniformLog)]
    [InlineData(FrequencyDistribution.Laplace)]
    public void ScaleForRmsGivesThatRootMeanSquare(FrequencyDistribution distribution)
    {
        // E[b²] of the library's sampler at the chosen σ, over many frequencies.
        float[] b = new float[200_000];
        double sigma = SamplingExperiment.ScaleForRms(distribution, 10);
        FourierGen.Features.FrequencySampler.Fill(b, distribution, sigma, 0, 1);
        Assert.Equal(10, SamplingExperiment.Rms(b), 0.3);
    }

    [Fact]
    public void SpectrumQuickHasThePapersPeakAndFallOff()
    {
        SpectrumResult result = SpectrumExperiment.Run(SpectrumSettings.Quick);
        Dictionary<string, SpectrumCurve> c = result.Curves.ToDictionary(k => k.Mapping);
        // The paper's Fig. 2: h(0) = 14 for the 4 × 1024 standard network on normalised power-law features.
        foreach (string p in new[] { "0", "0.5", "1", "1.5", "2", "inf" })
        {
            Assert.Equal(14.0, c[p].Peak, 1e-9);
            Assert.Equal(14.0, c[p].Kernel[c[p].Offsets.Length / 2], 1e-9); // v = 0
        }

        // Larger p: faster fall-off of the kernel's spectrum (|H(n/2)| / |H(0)|) and of the Gram eigenvalues.
        string[] order = ["0", "0.5", "1", "1.5", "2", "inf"];
        for (int i = 1; i < order.Length; i++)
        {
            SpectrumCurve previous = c[order[i - 1]], current = c[order[i]];
            Assert.True(current.Spectrum[^1] / current.Spectrum[0] < previous.Spectrum[^1] / previous.Spectrum[0], current.Label);
            Assert.True(current.Eigenvalues[^1] < previous.Eigenvalues[^1], current.Label);
        }

        foreach (SpectrumCurve curve in result.Curves)
        {
            for (int i = 1; i < curve.Eigenvalues.Length; i++)
            {
                Assert.True(curve.Eigenvalues[i] <= curve.Eigenvalues[i - 1]);
            }
        }

        // No mapping: the Gram matrix is numerically rank-deficient — the fall-off at its most extreme.
        Assert.True(c["none"].Eigenvalues[10] < 1e-9 * c["none"].Eigenvalues[0]);
    }

    [Fact]
    public void SpectrumCliWritesPlotsAndJson()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"spectralbias1d-{Guid.NewGuid():N}");
        try
        {
            (int code, string output, string error) = RunCli("spectrum", "--quick", "--out", directory);
            Assert.True(code == 0, $"exit {code}: {error}\n{output}");
            Assert.True(File.Exists(Path.Combine(directory, "spectrum.json")));
            foreach (string png in new[] { "spectrum_kernel.png", "spectrum_fourier.png", "spectrum_eigenvalues.png", "spectrum_ntk_nomapping.png" })
            {
                byte[] bytes = File.ReadAllBytes(Path.Combine(directory, png));
                Assert.True(bytes.Length > 1000 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G', png);
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("powerlaw", "--threads", "0")]
    [InlineData("powerlaw", "--mappings", "3")]
    [InlineData("powerlaw", "--steps", "many")]
    [InlineData("sampling", "--alphas", "one")]
    [InlineData("spectrum", "--unknown")]
    public void BadInputGivesOneErrorLineAndNonZeroExit(params string[] args)
    {
        (int code, string _, string error) = RunCli(args);
        Assert.NotEqual(0, code);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"stderr: {error}");
        Assert.StartsWith("error:", lines[0]);
        Assert.DoesNotContain("   at ", error); // no stack trace
    }

    private static (int Code, string Output, string Error) RunCli(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "SpectralBias1D.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
