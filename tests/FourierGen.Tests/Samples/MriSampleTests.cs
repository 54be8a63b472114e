using System.Numerics;
using Mri3D;
using SampleKit;
using Xunit.Abstractions;

namespace FourierGen.Tests.Samples;

/// <summary>
/// samples/Mri3D: the experiment end to end on a tiny volume, the 3-D FFT against a direct DFT, the masked-FFT operator's
/// adjoint, the loss gradient the sample feeds the caller-gradient Step against central differences, the mask, and the CLI.
/// </summary>
public class MriSampleTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryMappingAndGridOptRunEndToEndOnAn8VoxelVolume()
    {
        var reports = new List<RunProgress>();
        var options = new ReconstructionOptions
        {
            Items = MriExperiment.Phantoms(1, 8),
            Size = 8,
            Dimensions = 3,
            Steps = 4,
            Mappings = MappingToken.ParseList(MriProtocol.DefaultMappings, allowGridOpt: true),
            Threads = 2,
        };

        MriExperimentResult result = MriExperiment.Run(options, new ListProgress<RunProgress>(reports));

        Assert.Equal(["none", "basic", "posenc:4", "gauss:5", "gridopt"], result.Runs.Select(r => r.Record.Mapping));
        foreach (FieldRunOutcome run in result.Runs)
        {
            double psnr = run.Record.Metrics["psnr"];
            output.WriteLine($"{run.Record.Mapping}: PSNR {psnr:F2} dB");
            Assert.True(double.IsFinite(psnr) && psnr is > 3 and < 60, $"{run.Record.Mapping}: PSNR {psnr}");
            Assert.Equal(512, run.Field.Length);
        }

        Assert.Equal(5, reports.Count(p => p.Phase == RunPhase.Done));
        string folder = Directory.CreateTempSubdirectory("fg-mri-").FullName;
        try
        {
            SampleProcess.AssertPng(Assert.Single(Mri3D.Output.SliceSheet.SaveAll(result, folder)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void TheFftIsTheDirectThreeDimensionalDft(int n)
    {
        var random = new Random(5);
        Complex[] x = Enumerable.Range(0, n * n * n).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5)).ToArray();
        var transformed = (Complex[])x.Clone();
        Fft3.Forward(transformed, n);
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                for (int c = 0; c < n; c++)
                {
                    Complex sum = 0;
                    for (int i = 0; i < n; i++)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            for (int k = 0; k < n; k++)
                            {
                                sum += x[(i * n + j) * n + k] * Complex.FromPolarCoordinates(1, -2 * Math.PI * (a * i + b * j + c * k) / n);
                            }
                        }
                    }

                    Assert.True((sum - transformed[(a * n + b) * n + c]).Magnitude < 1e-10, $"({a}, {b}, {c}): {sum} vs {transformed[(a * n + b) * n + c]}");
                }
            }
        }
    }

    [Fact]
    public void TheMaskedFftAndItsAdjointSatisfyTheAdjointIdentity()
    {
        const int n = 10;
        bool[] mask = KSpaceMask.Create(n);
        var loss = new MaskedFourierLoss(n, mask, new float[n * n * n]);
        var random = new Random(6);
        Complex[] x = Enumerable.Range(0, n * n * n).Select(_ => new Complex(random.NextDouble(), random.NextDouble())).ToArray();
        Complex[] y = Enumerable.Range(0, n * n * n).Select(_ => new Complex(random.NextDouble(), random.NextDouble())).ToArray();
        Complex[] ax = (Complex[])x.Clone(), ahy = (Complex[])y.Clone();
        loss.Measure(ax);
        loss.Adjoint(ahy);
        Complex left = Inner(ax, y), right = Inner(x, ahy);
        output.WriteLine($"<Ax, y> = {left}, <x, A^H y> = {right}");
        Assert.True((left - right).Magnitude <= 1e-12 * left.Magnitude, $"{left} vs {right}");
    }

    [Fact]
    public void TheGradientFedToStepMatchesCentralDifferencesOfTheLoss()
    {
        const int n = 6;
        float[] truth = MriExperiment.Phantoms(1, n)[0].Truth;
        var loss = new MaskedFourierLoss(n, KSpaceMask.Create(n), truth);
        double[] field = TomographySampleTests.RandomVector(n * n * n, seed: 7);
        var gradient = new double[field.Length];
        loss.Evaluate(field, gradient);
        double largest = gradient.Max(Math.Abs);
        Assert.True(largest > 1e-6);
        const double h = 1e-4;
        foreach (int p in Enumerable.Range(0, field.Length).Where(p => p % 11 == 5))
        {
            double saved = field[p];
            field[p] = saved + h;
            double plus = loss.Evaluate(field, new double[field.Length]);
            field[p] = saved - h;
            double minus = loss.Evaluate(field, new double[field.Length]);
            field[p] = saved;
            double difference = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(difference - gradient[p]) <= 1e-8 * largest, $"voxel {p}: analytic {gradient[p]:E6}, central difference {difference:E6}");
        }

        var gradientFloat = new float[field.Length];
        loss.Evaluate(field.Select(v => (float)v).ToArray(), gradientFloat);
        loss.Evaluate(field.Select(v => (double)(float)v).ToArray(), gradient);
        Assert.Equal(gradient.Select(v => (float)v), gradientFloat);
    }

    [Fact]
    public void ThePapersMaskMeasuresAboutThirteenPercentAtItsSize()
    {
        double coverage = KSpaceMask.Coverage(KSpaceMask.Create(KSpaceMask.PaperSize));
        double small = KSpaceMask.Coverage(KSpaceMask.Create(24));
        output.WriteLine($"96³: {coverage:P2}, 24³ (scaled): {small:P2}");
        Assert.InRange(coverage, 0.11, 0.15);
        Assert.InRange(small, 0.09, 0.17);
        bool[] mask = KSpaceMask.Create(16);
        Assert.True(mask[0], "after fftshift the dense centre holds the zero frequency");
        Assert.Equal(mask, KSpaceMask.Create(16));
    }

    /// <summary>
    /// The grid-matched scales keep every frequency where the paper's sits relative to the mask: the paper's own at 96³, a
    /// third at 32³ (the README's run: gauss 5/3, posenc's top frequency 15 → 5), and the mask's spread scales the same way.
    /// </summary>
    [Fact]
    public void GridMatchedScalesKeepTheFrequenciesWhereThePapersSitRelativeToTheMask()
    {
        Assert.Equal((5.0, 4.0), MriProtocol.GridMatchedScales(KSpaceMask.PaperSize));
        (double gaussian, double positional) = MriProtocol.GridMatchedScales(32);
        Assert.Equal(5.0 / 3, gaussian, 12);
        Assert.Equal(5.0, Math.Pow(2, positional) - 1, 12);
        Assert.Equal(Math.Sqrt(192), KSpaceMask.Sigma(KSpaceMask.PaperSize), 12);
        Assert.Equal(KSpaceMask.Sigma(KSpaceMask.PaperSize) / 3, KSpaceMask.Sigma(32), 12);
    }

    [Theory]
    [InlineData("--mappings gauss:0")]
    [InlineData("--size 500")]
    [InlineData("--steps x")]
    [InlineData("--image /some/file.png")]
    [InlineData("--shard 1/1")]
    public void TheCliRejectsBadInputWithOneLine(string arguments) => SampleProcess.AssertOneLineError("Mri3D", arguments);

    [Fact]
    public void TheCliDocumentsEveryOptionAndMerge() =>
        SampleProcess.AssertHelpNames("Mri3D", "--phantoms", "--size", "--steps", "--mappings", "--seeds", "--lr", "--protocol", "--threads", "--out", "--shard", "--checkpoint-every", "merge");

    private static Complex Inner(Complex[] a, Complex[] b)
    {
        Complex sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * Complex.Conjugate(b[i]);
        }

        return sum;
    }
}
