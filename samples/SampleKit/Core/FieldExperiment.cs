using System.Globalization;

namespace SampleKit;

/// <summary>One finished run of a reconstruction experiment: its record (what its run file holds) and its reconstructed field.</summary>
public sealed record FieldRunOutcome(GridRun Run, RunRecord Record, float[] Field);

/// <summary>Fits one run: the grid run, its item's loss and truth, the settings and the reporter → the fit.</summary>
public delegate FieldFit FieldFitter(GridRun run, IFieldLoss loss, float[] truth, FitSettings settings, RunReporter reporter);

/// <summary>What a reconstruction experiment (CT, MRI) runs: its items, grid, losses and how each run fits.</summary>
public sealed record FieldExperimentPlan
{
    /// <summary>The sample's name in run files.</summary>
    public required string Sample { get; init; }

    /// <summary>Each item's true field, in item order.</summary>
    public required IReadOnlyList<float[]> Truths { get; init; }

    /// <summary>The runs, in order.</summary>
    public required IReadOnlyList<GridRun> Grid { get; init; }

    /// <summary>The measurement loss of item i.</summary>
    public required Func<int, IFieldLoss> Loss { get; init; }

    /// <summary>The learning rate of a run.</summary>
    public required Func<GridRun, double> LearningRate { get; init; }

    /// <summary>Trains one run.</summary>
    public required FieldFitter Fit { get; init; }

    /// <summary>Adam steps per run.</summary>
    public required int Steps { get; init; }

    /// <summary>The trainer's worker threads.</summary>
    public required int Threads { get; init; }

    /// <summary>Where network runs keep their checkpoints, or null for none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Steps between a network run's checkpoints (0: only on cancellation).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Settings recorded in every run file (the learning rate is added per run).</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }
}

/// <summary>Runs a reconstruction experiment's grid: each run fitted, recorded with its PSNR and loss, and handed on as soon as it is done.</summary>
public static class FieldExperiment
{
    /// <summary>Runs every run of <paramref name="plan"/> in order.</summary>
    /// <param name="plan">What to run.</param>
    /// <param name="progress">Receives each run's progress (run index = position in the grid).</param>
    /// <param name="finished">Called with each run's record as soon as it is done (the CLI writes its run file there).</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public static IReadOnlyList<FieldRunOutcome> Run(FieldExperimentPlan plan, IProgress<RunProgress>? progress, Action<RunRecord>? finished,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var outcomes = new List<FieldRunOutcome>();
        var losses = new Dictionary<int, IFieldLoss>();
        for (int r = 0; r < plan.Grid.Count; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GridRun run = plan.Grid[r];
            var reporter = new RunReporter(progress, r, run.Label, plan.Steps);
            reporter.Report(RunPhase.Preparing, 0);
            if (!losses.TryGetValue(run.Item, out IFieldLoss? loss))
            {
                losses[run.Item] = loss = plan.Loss(run.Item);
            }

            double learningRate = plan.LearningRate(run);
            string? checkpoint = plan.CheckpointDirectory is null || run.Mapping.Kind == MappingKind.GridOpt ? null : Checkpoints.PathOf(plan.CheckpointDirectory, run);
            var fitSettings = new FitSettings(plan.Steps, learningRate, plan.Threads, CheckpointPath: checkpoint, CheckpointEvery: plan.CheckpointEvery);
            FieldFit fit = plan.Fit(run, loss, plan.Truths[run.Item], fitSettings, reporter);
            var settings = new Dictionary<string, string>(plan.Settings) { ["learningRate"] = learningRate.ToString("R", CultureInfo.InvariantCulture) };
            var record = new RunRecord
            {
                Sample = plan.Sample,
                Item = run.ItemName,
                Mapping = run.Mapping.Token,
                Seed = run.Seed,
                Steps = plan.Steps,
                Seconds = fit.Seconds,
                Metrics = new Dictionary<string, double> { ["psnr"] = fit.Psnr, ["loss"] = fit.Loss },
                Curve = fit.Curve,
                Settings = settings,
            };
            finished?.Invoke(record);
            outcomes.Add(new FieldRunOutcome(run, record, fit.Field));
            reporter.Report(RunPhase.Done, plan.Steps, fit.Loss, fit.Psnr);
        }

        return outcomes;
    }
}
