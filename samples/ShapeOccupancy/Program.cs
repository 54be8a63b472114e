using System.CommandLine;
using System.Diagnostics;
using SampleKit;
using SampleKit.Console;
using ShapeOccupancy;
using ShapeOccupancy.Output;
using Spectre.Console;

// The paper's 3D occupancy experiment: CLI, console progress and output files. The experiment itself (meshes, exact
// inside test, sampling, training, IoU) lives in Core/ and runs without a console.

const string BundledMesh = "bunny.obj";
Cli.Prepare();

var meshOption = new Option<string[]>("--mesh")
{
    Description = $"Closed OBJ mesh(es) to learn ('v' and 'f' lines; repeat the option for several). Default: the bundled {BundledMesh}.",
    HelpName = "PATH",
    AllowMultipleArgumentsPerToken = false,
};
var stepsOption = new Option<int?>("--steps")
{
    Description = $"Adam steps per run, each on fresh points. Default {OccupancyOptions.DefaultSteps}; paper protocol {OccupancyOptions.PaperSteps}.",
    HelpName = "N",
};
var batchOption = new Option<int?>("--batch")
{
    Description = $"Fresh uniform points per step. Default {OccupancyOptions.DefaultBatch}; paper protocol {OccupancyOptions.PaperBatch}.",
    HelpName = "N",
};
var testPointsOption = new Option<int?>("--test-points")
{
    Description = $"Points in each test set (uniform, boundary). Default {OccupancyOptions.DefaultTestPoints}; paper protocol {OccupancyOptions.PaperTestPoints}.",
    HelpName = "N",
};
Option<string> mappingsOption = Cli.MappingsOption(OccupancyOptions.DefaultMappings,
    "Comma list of none (input 2v − 1), basic, posenc:σ (85 frequencies per axis, top 2^σ − 1), gauss:σ (256 frequencies); every mapping divided by ‖a‖.",
    allowGridOpt: false);
Option<int> seedsOption = Cli.SeedsOption("Network seeds 0..N−1: each mesh × mapping runs once per seed (its parameters, random frequencies and training points).");
Option<double?> lrOption = Cli.PositiveNumber("--lr", "Adam's initial learning rate, decayed as the paper's lr·0.1^(step/5000). Default 5e-4.", "RATE");
Option<string> protocolOption = Cli.ProtocolOption(
    $"default: {OccupancyOptions.DefaultSteps} steps of {OccupancyOptions.DefaultBatch} points, {OccupancyOptions.DefaultTestPoints} test points (minutes); "
    + $"paper: {OccupancyOptions.PaperSteps} steps of {OccupancyOptions.PaperBatch}, {OccupancyOptions.PaperTestPoints} test points (hours). --steps, --batch, --test-points override either.");
Option<int> threadsOption = Cli.ThreadsOption();
var renderOption = new Option<int>("--render-grid")
{
    Description = "The pictures are rendered from each occupancy sampled on a G³ grid (G³ network queries per run).",
    HelpName = "G",
    DefaultValueFactory = _ => 64,
};
Option<string> outOption = Cli.OutOption("Folder for runs/*.json (one per run), results.json, scores.png, surfaces-*.png and slices-*.png.");
Option<Shard?> shardOption = Cli.ShardOption();
Option<int?> checkpointOption = Cli.CheckpointEveryOption(OccupancyOptions.PaperCheckpointEvery);

Cli.InRange(stepsOption, 1, 1_000_000);
Cli.InRange(batchOption, 1, 1 << 20);
Cli.InRange(testPointsOption, 16, 1 << 22);
Cli.InRange(renderOption, 8, 256);

var root = new RootCommand(
    "Learns 3D shapes as occupancy with one Fourier-feature MLP per input mapping (Tancik et al. 2020, Table 1 \"3D shape\"): point → mapping/‖a‖ → "
    + "7 × 256 ReLU → logit, binary cross-entropy on fresh uniform points labelled exactly by ray parity; IoU on uniform and near-surface test sets. "
    + "Writes runs/*.json, results.json, scores.png, surfaces-*.png and slices-*.png. 'merge' combines run files of several runs or shards.")
{
    meshOption, stepsOption, batchOption, testPointsOption, mappingsOption, seedsOption, lrOption, protocolOption, threadsOption, renderOption, outOption, shardOption, checkpointOption,
};
root.Subcommands.Add(MergeCommand.Create(OccupancyExperiment.Table));
root.SetAction((parse, cancellationToken) => Cli.GuardAsync(() => Run(parse, cancellationToken)));
return await Cli.InvokeAsync(root, args);

int Run(ParseResult parse, CancellationToken cancellationToken)
{
    bool paper = parse.GetValue(protocolOption) == "paper";
    string[] meshes = parse.GetValue(meshOption) is { Length: > 0 } given ? given : [Path.Combine(AppContext.BaseDirectory, "meshes", BundledMesh)];
    bool custom = parse.GetValue(stepsOption) is not null || parse.GetValue(batchOption) is not null || parse.GetValue(testPointsOption) is not null
        || parse.GetValue(lrOption) is not null || parse.GetValue(meshOption) is { Length: > 0 };
    var options = new OccupancyOptions
    {
        Items = meshes.Select(OccupancyExperiment.LoadShape).ToArray(),
        Steps = parse.GetValue(stepsOption) ?? (paper ? OccupancyOptions.PaperSteps : OccupancyOptions.DefaultSteps),
        Batch = parse.GetValue(batchOption) ?? (paper ? OccupancyOptions.PaperBatch : OccupancyOptions.DefaultBatch),
        TestPoints = parse.GetValue(testPointsOption) ?? (paper ? OccupancyOptions.PaperTestPoints : OccupancyOptions.DefaultTestPoints),
        Mappings = MappingToken.ParseList(parse.GetValue(mappingsOption)!, allowGridOpt: false),
        Seeds = Enumerable.Range(0, parse.GetValue(seedsOption)).ToArray(),
        Shard = parse.GetValue(shardOption) ?? Shard.All,
        LearningRate = parse.GetValue(lrOption) ?? OccupancyOptions.PaperLearningRate,
        Threads = parse.GetValue(threadsOption),
        RenderGrid = parse.GetValue(renderOption),
        Protocol = custom ? "custom" : paper ? "paper" : "default",
        CheckpointDirectory = Path.Combine(parse.GetValue(outOption)!, Checkpoints.Folder),
        CheckpointEvery = parse.GetValue(checkpointOption) ?? (paper ? OccupancyOptions.PaperCheckpointEvery : 0),
    };
    options.Validate();
    string outDir = parse.GetValue(outOption)!;
    string runsDir = Path.Combine(outDir, "runs");
    Directory.CreateDirectory(runsDir); // before training: an unwritable folder fails now, not minutes later

    IReadOnlyList<GridRun> grid = options.Grid();
    AnsiConsole.MarkupLine($"[bold]Meshes[/] {Markup.Escape(string.Join(", ", options.Items.Select(i => $"{i.Name} ({i.Mesh.TriangleCount:N0} triangles)")))}, "
        + "centred at (½, ½, ½) in [[0, 1]]³; labels by exact ray parity");
    AnsiConsole.MarkupLine($"[bold]Network[/] 3 → mapping/‖a‖ → 7 × 256 ReLU → logit; binary cross-entropy; Adam lr {options.LearningRate:0.####e0}·0.1^(step/5000) (the paper's decay); "
        + $"[bold]{options.Steps}[/] steps of {options.Batch:N0} fresh points; test sets of {options.TestPoints:N0} points");
    AnsiConsole.MarkupLine($"[bold]Runs[/] {grid.Count}{(options.Shard.Count > 1 ? $" (shard {options.Shard} of the grid)" : "")}: "
        + $"{Markup.Escape(string.Join(", ", options.Mappings.Select(m => m.Token)))}; {options.Threads} trainer thread(s); protocol {options.Protocol}");
    if (grid.Count == 0)
    {
        AnsiConsole.MarkupLine("This shard has no runs: the grid is smaller than the number of shards.");
        return 0;
    }

    var clock = Stopwatch.StartNew();
    OccupancyResult result = ProgressDisplay.Run(grid.Select(g => g.Label).ToArray(), "boundary IoU {0:F4}",
        progress => OccupancyExperiment.Run(options, progress, record => RunFiles.Write(runsDir, record), cancellationToken));
    TimeSpan elapsed = clock.Elapsed;

    ExperimentSummary summary = ExperimentSummary.Of(result.Runs.Select(r => r.Record).ToArray());
    MergeCommand.Write(summary, OccupancyExperiment.Table, outDir, $"IoU after {options.Steps} steps of {options.Batch:N0} points, protocol {options.Protocol}");
    foreach (string picture in OccupancySheets.SaveAll(result, outDir))
    {
        AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(picture)}[/].");
    }

    AnsiConsole.MarkupLine($"Run files in [blue]{Markup.Escape(runsDir)}[/]. Total time {elapsed.TotalSeconds:F0} s (wall clock).");
    return 0;
}
