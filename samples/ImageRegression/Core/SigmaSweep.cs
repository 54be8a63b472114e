using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageRegression;

/// <summary>One scale of the sweep.</summary>
/// <param name="Mapping">The mapping token (gauss:σ or posenc:σp).</param>
/// <param name="Scale">σ or σp.</param>
/// <param name="NtkTestPsnr">Test PSNR of NTK regression on every training pixel, dB.</param>
/// <param name="NtkSeconds">Its wall-clock time.</param>
/// <param name="NtkIterations">Its conjugate-gradient iterations.</param>
/// <param name="TrainedTestPsnr">The trained network's test PSNR, or null when not trained.</param>
/// <param name="TrainedSeconds">Its training time, or null.</param>
public sealed record SweepPoint(string Mapping, float Scale, double NtkTestPsnr, double NtkSeconds, int NtkIterations,
    double? TrainedTestPsnr = null, double? TrainedSeconds = null);

/// <summary>What <c>sweep.json</c> holds: the paper's σ sweep predicted by the NTK (and, when asked, trained).</summary>
/// <param name="Image">The image's path as given, or the bundled file's name.</param>
/// <param name="Size">N.</param>
/// <param name="Protocol">"paper" or "demo".</param>
/// <param name="Steps">Adam steps per trained network (0 when not trained).</param>
/// <param name="Points">One per scale: Gaussian σ first, then positional σp.</param>
/// <param name="NtkSeconds">Wall-clock time of all NTK predictions.</param>
/// <param name="TrainedSeconds">Wall-clock time of all trainings, or null.</param>
public sealed record SweepResult(string Image, int Size, string Protocol, int Steps, IReadOnlyList<SweepPoint> Points, double NtkSeconds,
    double? TrainedSeconds)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The scale the NTK picks for one mapping kind ("gauss" or "posenc"): the best NTK test PSNR.</summary>
    public SweepPoint NtkChoice(string kind) => Of(kind).MaxBy(p => p.NtkTestPsnr)!;

    /// <summary>The scale training picks, or null when not trained.</summary>
    public SweepPoint? TrainedChoice(string kind) => Of(kind).All(p => p.TrainedTestPsnr is not null) ? Of(kind).MaxBy(p => p.TrainedTestPsnr) : null;

    /// <summary>The JSON text of <c>sweep.json</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    public static SweepResult FromJson(string json) =>
        JsonSerializer.Deserialize<SweepResult>(json, s_json) ?? throw new JsonException("sweep.json holds null.");

    private IEnumerable<SweepPoint> Of(string kind) => Points.Where(p => p.Mapping.StartsWith(kind + ":", StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The paper's scale sweep (its Figure 4 / §6 choice of σ) predicted by the NTK alone: kernel regression with the analytic NTK
/// of the Gaussian network for σ ∈ {1, 2, 5, 10, 20, 50, 100} and of the positional one for σp ∈ {3, …, 8}, each on every
/// training pixel — seconds per scale instead of minutes of training. Optionally trains each scale too, for comparison.
/// </summary>
public static class SigmaSweep
{
    /// <summary>The Gaussian scales of the sweep.</summary>
    public static IReadOnlyList<float> GaussianScales { get; } = [1, 2, 5, 10, 20, 50, 100];

    /// <summary>The positional-encoding scales of the sweep.</summary>
    public static IReadOnlyList<float> PositionalScales { get; } = [3, 4, 5, 6, 7, 8];

    /// <summary>The sweep's mappings, Gaussian first.</summary>
    public static IReadOnlyList<MappingSpec> Mappings() =>
        GaussianScales.Select(s => MappingSpec.Parse(FormattableString.Invariant($"gauss:{s}")))
            .Concat(PositionalScales.Select(s => MappingSpec.Parse(FormattableString.Invariant($"posenc:{s}"))))
            .ToArray();

    /// <summary>
    /// Runs the NTK prediction of every scale (reporting each point as it is done), then, with <paramref name="train"/>,
    /// trains every scale with <paramref name="options"/>' steps and learning rates through <see cref="ImageRegressionExperiment"/>.
    /// </summary>
    public static SweepResult Run(ExperimentOptions options, bool train, IProgress<SweepPoint>? ntkProgress = null,
        IProgress<MappingProgress>? trainingProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        PixelSplit split = PixelSplit.Create(options.Image.CropAndResize(options.Size), options.Protocol);
        IReadOnlyList<MappingSpec> mappings = Mappings();
        var points = new List<SweepPoint>();
        var clock = Stopwatch.StartNew();
        foreach (MappingSpec mapping in mappings)
        {
            cancellationToken.ThrowIfCancellationRequested();
            NtkOutcome outcome = mapping.Kind == MappingKind.Positional
                ? NtkRegression.GridTestPsnr(new PositionalImageNet(options.Seed, frequencyScale: mapping.Scale), split, options.NtkDiagReg,
                    options.NtkTolerance, null, cancellationToken)
                : NtkRegression.GridTestPsnr(new GaussianImageNet(options.Seed, frequencyScale: mapping.Scale), split, options.NtkDiagReg,
                    options.NtkTolerance, null, cancellationToken);
            var point = new SweepPoint(mapping.Token, mapping.Scale!.Value, outcome.TestPsnr, outcome.Seconds, outcome.Iterations ?? 0);
            points.Add(point);
            ntkProgress?.Report(point);
        }

        double ntkSeconds = clock.Elapsed.TotalSeconds;
        double? trainedSeconds = null;
        if (train)
        {
            clock.Restart();
            ExperimentRun run = ImageRegressionExperiment.Run(options with { Mappings = mappings, Ntk = false }, trainingProgress, cancellationToken);
            trainedSeconds = clock.Elapsed.TotalSeconds;
            for (int i = 0; i < points.Count; i++)
            {
                MappingResult trained = run.Result.Results[i];
                points[i] = points[i] with { TrainedTestPsnr = trained.TestPsnr, TrainedSeconds = trained.Seconds };
            }
        }

        return new SweepResult(options.ImageName, options.Size, options.Protocol.ToString().ToLowerInvariant(), train ? options.Steps : 0, points,
            ntkSeconds, trainedSeconds);
    }
}
