using System.CommandLine;
using System.Diagnostics;
using SampleKit;
using SampleKit.Console;
using Spectre.Console;
using Tomography2D;
using Tomography2D.Output;

// The paper's 2D CT experiment: CLI, console progress and output files. The experiment itself (phantoms, projections,
// the loss through Pᵀ, the training loops) lives in Core/ and SampleKit and runs without a console.

Cli.Prepare();

var phantomsOption = new Option<int?>("--phantoms")
{
    Description = $"How many perturbed Shepp–Logan phantoms to reconstruct (phantom i drawn from seed i). Default 1; paper protocol {CtOptions.PaperPhantoms}.",
    HelpName = "N",
};
var imageOption = new Option<string?>("--image")
{
    Description = "Reconstruct this grayscale image (PNG or JPEG; colour becomes luma; centre-cropped, area-resized) instead of the phantoms.",
    HelpName = "PATH",
};
var sizeOption = new Option<int?>("--size")
{
    Description = $"Image side N (pixels). Default {CtOptions.DefaultSize}; paper protocol {CtOptions.PaperSize}.",
    HelpName = "N",
};
var stepsOption = new Option<int?>("--steps")
{
    Description = $"Adam steps per run. Default {CtOptions.DefaultSteps}; paper protocol {CtOptions.PaperSteps}.",
    HelpName = "N",
};
var mappingsOption = new Option<string>("--mappings")
{
    Description = "Comma list of none, basic, posenc:σ (128 frequencies per axis, top 2^σ − 1), gauss:σ (256 frequencies), gridopt (the pixels optimised directly).",
    HelpName = "LIST",
    DefaultValueFactory = _ => CtOptions.DefaultMappings,
};
var seedsOption = new Option<int>("--seeds")
{
    Description = "Network seeds 0..N−1: each image × mapping runs once per seed (gridopt once).",
    HelpName = "N",
    DefaultValueFactory = _ => 1,
};
Option<double?> lrOption = Cli.PositiveNumber("--lr", "One Adam learning rate for every run. Default the paper's: 1e-2 for none and basic, 1e-3 for posenc and gauss, 1e-1 for gridopt.", "RATE");
var protocolOption = new Option<string>("--protocol")
{
    Description = $"default: {CtOptions.DefaultSize}², {CtOptions.DefaultSteps} steps, 1 phantom (a few minutes); paper: {CtOptions.PaperSize}², {CtOptions.PaperSteps} steps, {CtOptions.PaperPhantoms} phantoms (hours). --size, --steps and --phantoms override either.",
    DefaultValueFactory = _ => "default",
};
protocolOption.AcceptOnlyFromAmong("default", "paper");
var threadsOption = new Option<int>("--threads")
{
    Description = "Worker threads of each trainer (results do not depend on it).",
    HelpName = "N",
    DefaultValueFactory = _ => Environment.ProcessorCount,
};
var outOption = new Option<string>("--out")
{
    Description = "Folder for runs/*.json (one per run), results.json, scores.png and reconstructions-*.png.",
    HelpName = "DIR",
    DefaultValueFactory = _ => "out",
};
Option<Shard?> shardOption = Cli.ShardOption();

Cli.InRange(sizeOption, 8, 2048);
Cli.InRange(stepsOption, 1, 1_000_000);
Cli.InRange(phantomsOption, 1, 1000);
Cli.InRange(seedsOption, 1, 1000);
Cli.InRange(threadsOption, 1, 256);
mappingsOption.Validators.Add(r =>
{
    try
    {
        MappingToken.ParseList(r.GetValueOrDefault<string>() ?? "", allowGridOpt: true);
    }
    catch (FormatException e)
    {
        r.AddError(e.Message);
    }
});

var root = new RootCommand(
    "Reconstructs images from 20 parallel projections with one Fourier-feature MLP per input mapping (Tancik et al. 2020, Table 1 \"2D CT\"): "
    + "pixel coordinate → mapping → 3 × 256 ReLU → sigmoid, trained through the projection loss with the caller-gradient step; plus the gridopt baseline. "
    + "Writes runs/*.json, results.json, scores.png and reconstructions-*.png. 'merge' combines run files of several runs or shards.")
{
    phantomsOption, imageOption, sizeOption, stepsOption, mappingsOption, seedsOption, lrOption, protocolOption, threadsOption, outOption, shardOption,
};
root.Subcommands.Add(MergeCommand.Create(CtExperiment.Table));
root.SetAction((parse, cancellationToken) => Task.FromResult(Cli.Guard(() => Run(parse, cancellationToken))));
return await Cli.InvokeAsync(root, args);

int Run(ParseResult parse, CancellationToken cancellationToken)
{
    bool paper = parse.GetValue(protocolOption) == "paper";
    int size = parse.GetValue(sizeOption) ?? (paper ? CtOptions.PaperSize : CtOptions.DefaultSize);
    int steps = parse.GetValue(stepsOption) ?? (paper ? CtOptions.PaperSteps : CtOptions.DefaultSteps);
    string? imagePath = parse.GetValue(imageOption);
    int phantoms = parse.GetValue(phantomsOption) ?? (paper ? CtOptions.PaperPhantoms : 1);
    if (imagePath is not null && parse.GetValue(phantomsOption) is not null)
    {
        return Cli.Fail("give either --image or --phantoms, not both.", 2);
    }

    IReadOnlyList<CtItem> items = imagePath is null
        ? CtExperiment.Phantoms(phantoms, size)
        : [new CtItem(Path.GetFileNameWithoutExtension(imagePath), GrayImage.LoadSquare(imagePath, size))];
    bool custom = parse.GetValue(sizeOption) is not null || parse.GetValue(stepsOption) is not null || parse.GetValue(phantomsOption) is not null
        || imagePath is not null || parse.GetValue(lrOption) is not null;
    var options = new CtOptions
    {
        Items = items,
        Size = size,
        Steps = steps,
        Mappings = MappingToken.ParseList(parse.GetValue(mappingsOption)!, allowGridOpt: true),
        Seeds = Enumerable.Range(0, parse.GetValue(seedsOption)).ToArray(),
        Shard = parse.GetValue(shardOption) ?? Shard.All,
        LearningRate = parse.GetValue(lrOption),
        Threads = parse.GetValue(threadsOption),
        Protocol = custom ? "custom" : paper ? "paper" : "default",
    };
    options.Validate();
    string outDir = parse.GetValue(outOption)!;
    string runsDir = Path.Combine(outDir, "runs");
    Directory.CreateDirectory(runsDir); // before training: an unwritable folder fails now, not minutes later

    IReadOnlyList<GridRun> grid = CtExperiment.Grid(options);
    AnsiConsole.MarkupLine($"[bold]Images[/] {Markup.Escape(string.Join(", ", items.Select(i => i.Name)))} at {size}×{size}; "
        + $"[bold]measurements[/] {ParallelProjection.PaperAngles} parallel projections, θ = kπ/{ParallelProjection.PaperAngles}, nearest-neighbour rotation, mean along rows");
    AnsiConsole.MarkupLine($"[bold]Network[/] 2 → mapping → 256 → 256 → 256 → 1 (ReLU, sigmoid); Adam, [bold]{steps}[/] steps per run, loss ½·mean((P f − y)²) through Pᵀ; "
        + $"{options.Threads} trainer thread(s); protocol {options.Protocol}");
    AnsiConsole.MarkupLine($"[bold]Runs[/] {grid.Count}{(options.Shard.Count > 1 ? $" (shard {options.Shard} of the grid)" : "")}: "
        + Markup.Escape(string.Join(", ", options.Mappings.Select(m => $"{m.Token} (lr {options.LearningRate ?? CtOptions.PaperLearningRate(m):0.####e0})"))));
    if (grid.Count == 0)
    {
        AnsiConsole.MarkupLine("This shard has no runs: the grid is smaller than the number of shards.");
        return 0;
    }

    var clock = Stopwatch.StartNew();
    CtExperimentResult result = ProgressDisplay.Run(grid.Select(g => g.Label).ToArray(), "PSNR {0:F2} dB",
        progress => CtExperiment.Run(options, progress, record => RunFiles.Write(runsDir, record), cancellationToken));
    TimeSpan elapsed = clock.Elapsed;

    ExperimentSummary summary = ExperimentSummary.Of(result.Runs.Select(r => r.Record).ToArray());
    MergeCommand.Write(summary, CtExperiment.Table, outDir, $"PSNR of the reconstruction after {steps} steps, {size}×{size}, {items.Count} image(s)");
    foreach (string sheet in ReconstructionSheet.SaveAll(result, outDir))
    {
        AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(sheet)}[/].");
    }

    AnsiConsole.MarkupLine($"Run files in [blue]{Markup.Escape(runsDir)}[/]. Total time {elapsed.TotalSeconds:F0} s (wall clock).");
    return 0;
}
