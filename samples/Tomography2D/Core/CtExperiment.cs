using System.Globalization;
using FourierGen;
using SampleKit;

namespace Tomography2D;

/// <summary>A run of the experiment: the images, their sinograms and every finished run.</summary>
public sealed record CtExperimentResult(ReconstructionOptions Options, IReadOnlyList<double[]> Sinograms, IReadOnlyList<FieldRunOutcome> Runs);

/// <summary>
/// The paper's 2D CT experiment (Tancik et al. 2020, Table 1 "2D CT", supplement Table 5): each image is seen only through
/// 20 parallel projections; a network queried on the full pixel grid is trained so that its projections match, through the
/// caller-gradient step, and scored by the PSNR of its image against the true one. No console: the CLI and the tests
/// drive it through <see cref="Run"/>.
/// </summary>
public static class CtExperiment
{
    /// <summary>The sample's name in run files.</summary>
    public const string SampleName = "Tomography2D";

    /// <summary>The table's columns and the paper's numbers (Table 1 "2D CT", Shepp–Logan phantoms, 512², 1000 steps).</summary>
    public static TableSpec Table { get; } = new(SampleName, [new MetricColumn("psnr", "PSNR (dB)", "F2")], PaperPsnr,
        "Paper: Tancik et al. 2020, Table 1 \"2D CT\" (mean over 8 perturbed Shepp–Logan phantoms at 512², 1000 Adam steps); σp = 3, σ = 4.");

    /// <summary>The PSNR the paper reports for a mapping token, or null (other scales have none).</summary>
    public static double? PaperPsnr(string mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return mapping switch
        {
            "none" => 16.75,
            "basic" => 23.31,
            "posenc:3" => 26.89,
            "gauss:4" => 28.33,
            "gridopt" => 24.99,
            _ => null,
        };
    }

    /// <summary>
    /// The seeded phantom set at N²: the modified Shepp–Logan with every parameter + N(0, 1)/20, drawn from seeds
    /// <see cref="CtProtocol.FirstPhantomSeed"/>, +1, … (phantom "shepp-s" from seed s).
    /// </summary>
    public static IReadOnlyList<FieldItem> Phantoms(int count, int size) =>
        Enumerable.Range(CtProtocol.FirstPhantomSeed, count)
            .Select(seed => new FieldItem($"shepp-{seed}", SheppLogan.Rasterize2D(SheppLogan.Perturb(SheppLogan.Parameters2D(), seed), size))).ToArray();

    /// <summary>Runs every run of the options' shard in order.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="progress">Receives each run's progress (run index = position in <see cref="Grid"/>).</param>
    /// <param name="finished">Called with each run's record as soon as it is done (the CLI writes its run file there).</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="TrainingDivergedException">A run diverged.</exception>
    public static CtExperimentResult Run(ReconstructionOptions options, IProgress<RunProgress>? progress = null, Action<RunRecord>? finished = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Dimensions != 2)
        {
            throw new ArgumentException("CT reconstructs images: the options must be 2-D.", nameof(options));
        }

        var projection = new ParallelProjection(options.Size);
        double[][] sinograms = options.Items.Select(item => Measure(projection, item.Truth)).ToArray();
        float[] coordinates = PixelCoordinates(options.Size);
        var plan = new FieldExperimentPlan
        {
            Sample = SampleName,
            Truths = options.Items.Select(i => i.Truth).ToArray(),
            Grid = options.Grid(),
            Loss = item => new ProjectionLoss(projection, sinograms[item]),
            LearningRate = run => options.LearningRate ?? CtProtocol.PaperLearningRate(run.Mapping),
            Fit = (run, loss, truth, settings, reporter) => Fit(run, coordinates, loss, truth, settings, reporter, cancellationToken),
            Steps = options.Steps,
            Threads = options.Threads,
            CheckpointDirectory = options.CheckpointDirectory,
            CheckpointEvery = options.CheckpointEvery,
            Settings = new Dictionary<string, string>
            {
                ["protocol"] = options.Protocol,
                ["size"] = options.Size.ToString(CultureInfo.InvariantCulture),
                ["projections"] = projection.Angles.ToString(CultureInfo.InvariantCulture),
            },
        };
        return new CtExperimentResult(options, sinograms, FieldExperiment.Run(plan, progress, finished, cancellationToken));
    }

    /// <summary>The sinogram P·image (float64).</summary>
    public static double[] Measure(ParallelProjection projection, float[] image)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(image);
        var sinogram = new double[projection.MeasurementCount];
        projection.Project(image.Select(v => (double)v).ToArray(), sinogram);
        return sinogram;
    }

    /// <summary>Every pixel's coordinate (x, y) = (column/N, row/N) ∈ [0, 1)², row-major: the paper's linspace(0, 1, N + 1)[:-1] grid.</summary>
    public static float[] PixelCoordinates(int size)
    {
        var coordinates = new float[size * size * 2];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                coordinates[2 * (i * size + j)] = (float)j / size;
                coordinates[2 * (i * size + j) + 1] = (float)i / size;
            }
        }

        return coordinates;
    }

    private static FieldFit Fit(GridRun run, float[] coordinates, IFieldLoss loss, float[] truth, FitSettings settings, RunReporter reporter,
        CancellationToken cancellationToken)
    {
        int seed = run.Seed;
        float? scale = run.Mapping.Scale;
        return run.Mapping.Kind switch
        {
            MappingKind.None => FieldFitting.FitNetwork(new RawCtNet(seed), coordinates, loss, truth, settings, reporter, cancellationToken),
            MappingKind.Basic => FieldFitting.FitNetwork(new BasicCtNet(seed), coordinates, loss, truth, settings, reporter, cancellationToken),
            MappingKind.Positional => FieldFitting.FitNetwork(new PositionalCtNet(seed, frequencyScale: scale), coordinates, loss, truth, settings, reporter, cancellationToken),
            MappingKind.Gaussian => FieldFitting.FitNetwork(new GaussianCtNet(seed, frequencyScale: scale), coordinates, loss, truth, settings, reporter, cancellationToken),
            _ => FieldFitting.FitGrid(loss, truth, settings, reporter, cancellationToken),
        };
    }
}
