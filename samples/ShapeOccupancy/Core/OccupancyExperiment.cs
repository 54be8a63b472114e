using System.Diagnostics;
using System.Globalization;
using FourierGen;
using SampleKit;

namespace ShapeOccupancy;

/// <summary>A shape's exactly labelled test sets.</summary>
/// <param name="Uniform">Points uniform in the box.</param>
/// <param name="UniformLabels">Their labels (1 inside).</param>
/// <param name="Boundary">Surface points plus N(0, 0.01²).</param>
/// <param name="BoundaryLabels">Their labels.</param>
public sealed record TestSets(float[] Uniform, float[] UniformLabels, float[] Boundary, float[] BoundaryLabels);

/// <summary>One finished run: its record and what its pictures need (the logit field on the render grid, the z = ½ slice).</summary>
public sealed record OccupancyRunOutcome(GridRun Run, RunRecord Record, float[] RenderField, float[] Slice);

/// <summary>A run of the experiment: every shape's ground-truth fields and every finished run.</summary>
public sealed record OccupancyResult(OccupancyOptions Options, IReadOnlyList<float[]> TruthFields, IReadOnlyList<float[]> TruthSlices, IReadOnlyList<OccupancyRunOutcome> Runs);

/// <summary>
/// The paper's 3D occupancy experiment (Tancik et al. 2020, Table 1 "3D shape", supplement Table 4): an 8-layer ReLU network
/// maps a point to the logit of "inside the mesh", trained with binary cross-entropy on fresh uniform points every step,
/// scored by the IoU of {logit > 0} with the exact inside set on a uniform and a near-surface ("boundary") test set.
/// No console: the CLI and the tests drive it through <see cref="Run"/>.
/// </summary>
public static class OccupancyExperiment
{
    /// <summary>The sample's name in run files.</summary>
    public const string SampleName = "ShapeOccupancy";

    /// <summary>The side of the z = ½ slice picture.</summary>
    public const int SliceSize = 128;

    /// <summary>The table's columns and the paper's numbers (Table 1 "3D shape": boundary IoU).</summary>
    public static TableSpec Table { get; } = new(SampleName,
        [new MetricColumn("iouBoundary", "IoU boundary", "F4"), new MetricColumn("iouUniform", "IoU uniform", "F4")], PaperBoundaryIou,
        "Paper: Tancik et al. 2020, Table 1 \"3D shape\" / Table 4 (boundary IoU, mean over dragon, armadillo, buddha, lucy; 10 000 steps of 32 768 points; "
        + "uniform IoU: none 0.959, basic 0.966, posenc 0.987, gauss 0.988).");

    /// <summary>The paper's boundary IoU for a mapping token, or null.</summary>
    public static double? PaperBoundaryIou(string mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return mapping switch
        {
            "none" => 0.864,
            "basic" => 0.892,
            "posenc:6" => 0.960,
            "gauss:12" => 0.973,
            _ => null,
        };
    }

    /// <summary>Loads a closed OBJ mesh and places it in the unit cube; the item is named after the file.</summary>
    public static ShapeItem LoadShape(string path) =>
        new(Path.GetFileNameWithoutExtension(path), TriangleMesh.LoadObj(path).NormalizedToUnitCube());

    /// <summary>A shape's two test sets, drawn from a fixed seed (the same for every mapping and run) and labelled exactly.</summary>
    public static TestSets MakeTestSets(ShapeItem item, InsideTest inside, int points)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(inside);
        var sampler = new ShapeSampler(item.Mesh);
        var random = new Random(12345);
        var uniform = new float[3 * points];
        var boundary = new float[3 * points];
        sampler.Uniform(random, uniform);
        sampler.NearSurface(random, boundary);
        var uniformLabels = new float[points];
        var boundaryLabels = new float[points];
        inside.Label(uniform, uniformLabels);
        inside.Label(boundary, boundaryLabels);
        return new TestSets(uniform, uniformLabels, boundary, boundaryLabels);
    }

    /// <summary>The IoU of {logit > 0} with {label = 1}: |both| / |either| (1 when both are empty).</summary>
    public static double Iou(ReadOnlySpan<float> logits, ReadOnlySpan<float> labels)
    {
        long both = 0, either = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            bool predicted = logits[i] > 0, actual = labels[i] > 0.5f;
            both += predicted && actual ? 1 : 0;
            either += predicted || actual ? 1 : 0;
        }

        return either == 0 ? 1 : (double)both / either;
    }

    /// <summary>Runs every run of the options' shard in order.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="TrainingDivergedException">A run diverged.</exception>
    public static OccupancyResult Run(OccupancyOptions options, IProgress<RunProgress>? progress = null, Action<RunRecord>? finished = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        IReadOnlyList<GridRun> grid = options.Grid();
        var tests = new Dictionary<int, (InsideTest Inside, TestSets Sets)>();
        float[] renderPoints = GridPoints(options.RenderGrid);
        float[] slicePoints = SlicePoints(SliceSize);
        var truthFields = new float[options.Items.Count][];
        var truthSlices = new float[options.Items.Count][];
        var outcomes = new List<OccupancyRunOutcome>();
        for (int r = 0; r < grid.Count; r++)
        {
            GridRun run = grid[r];
            var reporter = new RunReporter(progress, r, run.Label, options.Steps);
            reporter.Report(RunPhase.Preparing, 0);
            if (!tests.TryGetValue(run.Item, out var shape))
            {
                var inside = new InsideTest(options.Items[run.Item].Mesh);
                tests[run.Item] = shape = (inside, MakeTestSets(options.Items[run.Item], inside, options.TestPoints));
                truthFields[run.Item] = LabelField(inside, renderPoints);
                truthSlices[run.Item] = new float[SliceSize * SliceSize];
                inside.Label(slicePoints, truthSlices[run.Item]);
            }

            var context = new RunContext(options, run, options.Items[run.Item], shape.Inside, shape.Sets, reporter, renderPoints, slicePoints, cancellationToken);
            int seed = run.Seed;
            float? scale = run.Mapping.Scale;
            OccupancyRunOutcome outcome = run.Mapping.Kind switch
            {
                MappingKind.None => Train(new RawOccupancyNet(seed), context),
                MappingKind.Basic => Train(new BasicOccupancyNet(seed), context),
                MappingKind.Positional => Train(new PositionalOccupancyNet(seed, frequencyScale: scale), context),
                _ => Train(new GaussianOccupancyNet(seed, frequencyScale: scale), context),
            };
            finished?.Invoke(outcome.Record);
            outcomes.Add(outcome);
            reporter.Report(RunPhase.Done, options.Steps, outcome.Record.Metrics["loss"], outcome.Record.Metrics["iouBoundary"]);
        }

        return new OccupancyResult(options, truthFields, truthSlices, outcomes);
    }

    /// <summary>The centres of a G³ grid over the unit cube, index (i·G + j)·G + k ↔ (x, y, z) = ((i + ½)/G, (j + ½)/G, (k + ½)/G).</summary>
    public static float[] GridPoints(int g)
    {
        var points = new float[3 * g * g * g];
        for (int i = 0; i < g; i++)
        {
            for (int j = 0; j < g; j++)
            {
                for (int k = 0; k < g; k++)
                {
                    int p = 3 * ((i * g + j) * g + k);
                    (points[p], points[p + 1], points[p + 2]) = ((i + 0.5f) / g, (j + 0.5f) / g, (k + 0.5f) / g);
                }
            }
        }

        return points;
    }

    /// <summary>The z = ½ slice as S × S points, row r at y = 1 − (r + ½)/S (y up), column c at x = (c + ½)/S.</summary>
    public static float[] SlicePoints(int s)
    {
        var points = new float[3 * s * s];
        for (int r = 0; r < s; r++)
        {
            for (int c = 0; c < s; c++)
            {
                int p = 3 * (r * s + c);
                (points[p], points[p + 1], points[p + 2]) = ((c + 0.5f) / s, 1 - (r + 0.5f) / s, 0.5f);
            }
        }

        return points;
    }

    private sealed record RunContext(OccupancyOptions Options, GridRun Run, ShapeItem Item, InsideTest Inside, TestSets Tests, RunReporter Reporter,
        float[] RenderPoints, float[] SlicePoints, CancellationToken CancellationToken);

    private static OccupancyRunOutcome Train<TNet>(TNet net, RunContext context)
        where TNet : IFourierNetwork<TNet>
    {
        OccupancyOptions options = context.Options;
        bool centred = context.Run.Mapping.Kind == MappingKind.None; // raw coordinates enter as 2v − 1
        // The training points of a run depend on its seed and the step only (so a resumed run sees the same batches).
        var batches = new FreshPointBatches(new ShapeSampler(context.Item.Mesh), context.Inside, options.Batch, context.Run.Seed * 7919 + 17, centred);
        int probe = Math.Min(context.Tests.BoundaryLabels.Length, 8192);
        float[] probeInputs = NetworkInputs.From(context.Tests.Boundary.AsSpan(0, 3 * probe), centred);
        var probeLogits = new float[probe];
        int interval = Math.Max(1, (options.Steps + options.CurvePoints - 1) / options.CurvePoints);
        var curve = new List<CurvePoint>();
        var clock = Stopwatch.StartNew();
        double loss = double.NaN;
        string? checkpoint = options.CheckpointPath(context.Run);
        var trainerOptions = new TrainerOptions
        {
            Optimizer = Optimizer.Adam((float)options.LearningRate),
            Schedule = OccupancyOptions.PaperSchedule, // the paper's lr·0.1^(i/5000)
            Loss = Loss.BinaryCrossEntropyWithLogits,
            BatchCapacity = options.Batch,
            Threads = options.Threads,
        };
        using (INetworkTrainer trainer = net.CreateTrainer(trainerOptions))
        {
            if (checkpoint is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!);
                if (File.Exists(checkpoint))
                {
                    trainer.LoadCheckpoint(checkpoint); // a killed run continues where its last checkpoint left it
                }
            }

            if (trainer.StepCount == 0)
            {
                // The curve's first point: the untrained network's loss on the first batch and its probe IoU.
                TrainingBatch first = batches.GetBatch(0);
                net.PredictBatch(probeInputs, probeLogits);
                curve.Add(new CurvePoint(0, trainer.Evaluate(first.Inputs, first.Targets).Loss, Iou(probeLogits, context.Tests.BoundaryLabels.AsSpan(0, probe))));
            }

            context.Reporter.Report(RunPhase.Training, (int)trainer.StepCount);
            var fitOptions = new FitOptions
            {
                Steps = options.Steps,
                CheckpointPath = checkpoint,
                CheckpointEvery = checkpoint is null ? 0 : options.CheckpointEvery,
                ReportEvery = 1,
            };
            var progress = new SynchronousProgress<TrainingProgress>(p =>
            {
                loss = p.Loss;
                double iou = double.NaN;
                if (p.Step % interval == 0 || p.Step == options.Steps)
                {
                    net.PredictBatch(probeInputs, probeLogits);
                    iou = Iou(probeLogits, context.Tests.BoundaryLabels.AsSpan(0, probe));
                    curve.Add(new CurvePoint((int)p.Step, p.Loss, iou));
                }

                context.Reporter.Report(RunPhase.Training, (int)p.Step, p.Loss, curve.Count > 0 ? curve[^1].Metric : iou);
            });
            trainer.Fit(batches, fitOptions, progress, context.CancellationToken);
        }

        if (checkpoint is not null && File.Exists(checkpoint))
        {
            File.Delete(checkpoint); // the run is done: its run file now holds the result
        }

        double seconds = clock.Elapsed.TotalSeconds;
        double iouUniform = Iou(Predict(net, context.Tests.Uniform, centred), context.Tests.UniformLabels);
        double iouBoundary = Iou(Predict(net, context.Tests.Boundary, centred), context.Tests.BoundaryLabels);
        var record = new RunRecord
        {
            Sample = SampleName,
            Item = context.Item.Name,
            Mapping = context.Run.Mapping.Token,
            Seed = context.Run.Seed,
            Steps = options.Steps,
            Seconds = seconds,
            Metrics = new Dictionary<string, double> { ["iouBoundary"] = iouBoundary, ["iouUniform"] = iouUniform, ["loss"] = loss },
            Curve = curve,
            Settings = new Dictionary<string, string>
            {
                ["protocol"] = options.Protocol,
                ["batch"] = options.Batch.ToString(CultureInfo.InvariantCulture),
                ["testPoints"] = options.TestPoints.ToString(CultureInfo.InvariantCulture),
                ["learningRate"] = options.LearningRate.ToString("R", CultureInfo.InvariantCulture) + " · " + OccupancyOptions.PaperSchedule,
            },
        };
        float[] slice = Predict(net, context.SlicePoints, centred);
        for (int i = 0; i < slice.Length; i++)
        {
            slice[i] = 1 / (1 + MathF.Exp(-slice[i])); // the occupancy probability
        }

        return new OccupancyRunOutcome(context.Run, record, Predict(net, context.RenderPoints, centred), slice);
    }

    private static float[] Predict<TNet>(TNet net, float[] points, bool centred)
        where TNet : IFourierNetwork<TNet>
    {
        var logits = new float[points.Length / 3];
        net.PredictBatch(NetworkInputs.From(points, centred), logits);
        return logits;
    }

    // The ground truth as a field with the networks' sign convention: +½ inside, −½ outside.
    private static float[] LabelField(InsideTest inside, float[] points)
    {
        var labels = new float[points.Length / 3];
        inside.Label(points, labels);
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] -= 0.5f;
        }

        return labels;
    }
}
