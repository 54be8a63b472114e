using System.Globalization;
using FourierGen;
using SampleKit;

namespace Mri3D;

/// <summary>The MRI experiment's protocols and the paper's settings (its 3d_MRI notebook).</summary>
public static class MriProtocol
{
    /// <summary>The default volume side: small enough for the default run's few minutes on 2 cores.</summary>
    public const int DefaultSize = 20;

    /// <summary>The default Adam steps per run.</summary>
    public const int DefaultSteps = 150;

    /// <summary>The paper's Adam steps.</summary>
    public const int PaperSteps = 1000;

    /// <summary>The paper's number of test volumes.</summary>
    public const int PaperVolumes = 6;

    /// <summary>The paper's learning rate for every network (Adam 2e-3).</summary>
    public const double NetworkLearningRate = 2e-3;

    /// <summary>The gridopt baseline's learning rate (the notebook's final gridopt cell).</summary>
    public const double GridOptLearningRate = 1e-1;

    /// <summary>The paper's Gaussian scale σ and positional scale σp (its grid search at 96³).</summary>
    public const double PaperGaussianScale = 5, PaperPositionalScale = 4;

    /// <summary>The paper's mappings (Table 1 "3D MRI"; σp = 4, σ = 5) and its gridopt baseline.</summary>
    public static readonly string DefaultMappings =
        string.Create(CultureInfo.InvariantCulture, $"none,basic,posenc:{PaperPositionalScale},gauss:{PaperGaussianScale},gridopt");

    /// <summary>
    /// The scales that put every feature frequency where the paper's put it relative to the k-space mask, at volume side
    /// <paramref name="size"/>: the mask is defined in index units, so its reach in cycles per unit grows with N, while the
    /// features' frequencies are absolute. Gaussian σ scales with N/96; positional encoding's top frequency 2^σp − 1 does.
    /// </summary>
    public static (double Gaussian, double Positional) GridMatchedScales(int size)
    {
        double ratio = (double)size / KSpaceMask.PaperSize;
        return (PaperGaussianScale * ratio, Math.Log2(((Math.Pow(2, PaperPositionalScale) - 1) * ratio) + 1));
    }

    /// <summary>The paper's learning rate of a mapping.</summary>
    public static double PaperLearningRate(MappingToken mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return mapping.Kind == MappingKind.GridOpt ? GridOptLearningRate : NetworkLearningRate;
    }
}

/// <summary>A run of the experiment: the volumes, the mask and every finished run.</summary>
public sealed record MriExperimentResult(ReconstructionOptions Options, bool[] Mask, IReadOnlyList<FieldRunOutcome> Runs);

/// <summary>
/// The paper's 3D MRI experiment (Tancik et al. 2020, Table 1 "3D MRI", supplement Table 6) on 3D Shepp–Logan phantoms:
/// each volume is seen only through about 13 % of its 3-D Fourier coefficients; a network queried on the full voxel grid is
/// trained through the masked-spectrum loss and its adjoint FFT with the caller-gradient step, and scored by the PSNR of
/// its volume against the true one. No console: the CLI and the tests drive it through <see cref="Run"/>.
/// </summary>
public static class MriExperiment
{
    /// <summary>The sample's name in run files.</summary>
    public const string SampleName = "Mri3D";

    /// <summary>The table's columns and the paper's numbers (Table 1 "3D MRI": ATLAS brain scans at 96³, 1000 steps).</summary>
    public static TableSpec Table { get; } = new(SampleName, [new MetricColumn("psnr", "PSNR (dB)", "F2")], PaperPsnr,
        "Paper: Tancik et al. 2020, Table 1 \"3D MRI\" (ATLAS brain volumes at 96³, 1000 Adam steps; σp = 4, σ = 5). These runs use 3D Shepp–Logan phantoms instead: compare orderings, not dB.");

    /// <summary>The PSNR the paper reports for a mapping token, or null.</summary>
    public static double? PaperPsnr(string mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return mapping switch
        {
            "none" => 26.14,
            "basic" => 28.58,
            "posenc:4" => 32.23,
            "gauss:5" => 34.51,
            "gridopt" => 32.71,
            _ => null,
        };
    }

    /// <summary>The seeded volume set: volume i is the 3D modified Shepp–Logan with every parameter + N(0, 1)/20 drawn from seed i, at N³.</summary>
    public static IReadOnlyList<FieldItem> Phantoms(int count, int size) =>
        Enumerable.Range(0, count).Select(i => new FieldItem($"shepp3d-{i}", SheppLogan.Rasterize3D(SheppLogan.Perturb(SheppLogan.Parameters3D(), i), size))).ToArray();

    /// <summary>Runs every run of the options' shard in order.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="TrainingDivergedException">A run diverged.</exception>
    public static MriExperimentResult Run(ReconstructionOptions options, IProgress<RunProgress>? progress = null, Action<RunRecord>? finished = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Dimensions != 3)
        {
            throw new ArgumentException("MRI reconstructs volumes: the options must be 3-D.", nameof(options));
        }

        bool[] mask = KSpaceMask.Create(options.Size);
        float[] coordinates = VoxelCoordinates(options.Size);
        var plan = new FieldExperimentPlan
        {
            Sample = SampleName,
            Truths = options.Items.Select(i => i.Truth).ToArray(),
            Grid = options.Grid(),
            Loss = item => new MaskedFourierLoss(options.Size, mask, options.Items[item].Truth),
            LearningRate = run => options.LearningRate ?? MriProtocol.PaperLearningRate(run.Mapping),
            Fit = (run, loss, truth, settings, reporter) => Fit(run, coordinates, loss, truth, settings, reporter, cancellationToken),
            Steps = options.Steps,
            Threads = options.Threads,
            CheckpointDirectory = options.CheckpointDirectory,
            CheckpointEvery = options.CheckpointEvery,
            Settings = new Dictionary<string, string>
            {
                ["protocol"] = options.Protocol,
                ["size"] = options.Size.ToString(CultureInfo.InvariantCulture),
                ["kSpaceCoverage"] = KSpaceMask.Coverage(mask).ToString("F4", CultureInfo.InvariantCulture),
            },
        };
        return new MriExperimentResult(options, mask, FieldExperiment.Run(plan, progress, finished, cancellationToken));
    }

    /// <summary>Every voxel's coordinate (x, y, z) = (j/N, i/N, k/N) for index (i·N + j)·N + k: the paper's meshgrid of linspace(0, 1, N + 1)[:-1].</summary>
    public static float[] VoxelCoordinates(int size)
    {
        var coordinates = new float[size * size * size * 3];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                for (int k = 0; k < size; k++)
                {
                    int p = 3 * ((i * size + j) * size + k);
                    (coordinates[p], coordinates[p + 1], coordinates[p + 2]) = ((float)j / size, (float)i / size, (float)k / size);
                }
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
            MappingKind.None => FieldFitting.FitNetwork(new RawMriNet(seed), coordinates, loss, truth, settings, reporter, cancellationToken),
            MappingKind.Basic => FieldFitting.FitNetwork(new BasicMriNet(seed), coordinates, loss, truth, settings, reporter, cancellationToken),
            MappingKind.Positional => FieldFitting.FitNetwork(new PositionalMriNet(seed, frequencyScale: scale), coordinates, loss, truth, settings, reporter, cancellationToken),
            MappingKind.Gaussian => FieldFitting.FitNetwork(new GaussianMriNet(seed, frequencyScale: scale), coordinates, loss, truth, settings, reporter, cancellationToken),
            _ => FieldFitting.FitGrid(loss, truth, settings, reporter, cancellationToken),
        };
    }
}
