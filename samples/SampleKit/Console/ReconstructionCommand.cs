using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;

namespace SampleKit.Console;

/// <summary>What a reconstruction experiment's run produced: its runs, and how to draw its pictures into a folder.</summary>
public sealed record ReconstructionOutput(IReadOnlyList<FieldRunOutcome> Runs, Func<string, IReadOnlyList<string>> SavePictures);

/// <summary>Runs a reconstruction experiment: the options → its output, reporting progress and handing on each finished run.</summary>
public delegate ReconstructionOutput ReconstructionRunner(ReconstructionOptions options, IProgress<RunProgress> progress, Action<RunRecord> finished,
    CancellationToken cancellationToken);

/// <summary>A reconstruction sample (CT, MRI) as its command line sees it: names, protocols, data and the experiment.</summary>
public sealed record ReconstructionSample
{
    /// <summary>The root command's description.</summary>
    public required string Description { get; init; }

    /// <summary>2 for images, 3 for volumes.</summary>
    public required int Dimensions { get; init; }

    /// <summary>What an item is called in help texts ("phantom", "volume").</summary>
    public required string ItemNoun { get; init; }

    /// <summary>The default run's side, steps and items.</summary>
    public required (int Size, int Steps, int Items) Default { get; init; }

    /// <summary>The paper's side, steps and items.</summary>
    public required (int Size, int Steps, int Items) Paper { get; init; }

    /// <summary>The paper protocol's steps between a network run's checkpoints.</summary>
    public int PaperCheckpointEvery { get; init; } = 100;

    /// <summary>The largest side --size accepts.</summary>
    public required int MaxSize { get; init; }

    /// <summary>The default --mappings list.</summary>
    public required string DefaultMappings { get; init; }

    /// <summary>--mappings' help text.</summary>
    public required string MappingsHelp { get; init; }

    /// <summary>--lr's help text.</summary>
    public required string LearningRateHelp { get; init; }

    /// <summary>The paper's learning rate of a mapping.</summary>
    public required Func<MappingToken, double> PaperLearningRate { get; init; }

    /// <summary>The seeded item set: count, side → items.</summary>
    public required Func<int, int, IReadOnlyList<FieldItem>> Phantoms { get; init; }

    /// <summary>Loads a file as an item of the given side (--image), or null when the sample has no such option.</summary>
    public Func<string, int, FieldItem>? LoadImage { get; init; }

    /// <summary>The table's columns and the paper's numbers.</summary>
    public required TableSpec Table { get; init; }

    /// <summary>Lines (Spectre markup) describing a run's settings before it starts.</summary>
    public required Func<ReconstructionOptions, IEnumerable<string>> Header { get; init; }

    /// <summary>The experiment.</summary>
    public required ReconstructionRunner Run { get; init; }
}

/// <summary>
/// The command line of a reconstruction sample: items (seeded phantoms or a file), size, steps, mappings, seeds, learning
/// rate, protocol, threads, output folder and --shard; then progress bars, the results table, run files, results.json,
/// scores.png and the sample's pictures. A <c>merge</c> subcommand combines run files.
/// </summary>
public static class ReconstructionCommand
{
    /// <summary>Builds the root command of <paramref name="sample"/>.</summary>
    public static RootCommand Create(ReconstructionSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var itemsOption = new Option<int?>("--phantoms")
        {
            Description = $"How many perturbed Shepp–Logan {sample.ItemNoun}s to reconstruct ({sample.ItemNoun} i drawn from seed i). Default {sample.Default.Items}; paper protocol {sample.Paper.Items}.",
            HelpName = "N",
        };
        var imageOption = new Option<string?>("--image")
        {
            Description = "Reconstruct this grayscale image (PNG or JPEG; colour becomes luma; centre-cropped, area-resized) instead of the phantoms.",
            HelpName = "PATH",
        };
        var sizeOption = new Option<int?>("--size")
        {
            Description = $"Grid side N. Default {sample.Default.Size}; paper protocol {sample.Paper.Size}.",
            HelpName = "N",
        };
        var stepsOption = new Option<int?>("--steps")
        {
            Description = $"Adam steps per run. Default {sample.Default.Steps}; paper protocol {sample.Paper.Steps}.",
            HelpName = "N",
        };
        Option<string> mappingsOption = Cli.MappingsOption(sample.DefaultMappings, sample.MappingsHelp, allowGridOpt: true);
        Option<int> seedsOption = Cli.SeedsOption("Network seeds 0..N−1: each item × mapping runs once per seed (gridopt once).");
        Option<double?> lrOption = Cli.PositiveNumber("--lr", sample.LearningRateHelp, "RATE");
        Option<string> protocolOption = Cli.ProtocolOption(
            $"default: N = {sample.Default.Size}, {sample.Default.Steps} steps, {sample.Default.Items} {sample.ItemNoun} (minutes); "
            + $"paper: N = {sample.Paper.Size}, {sample.Paper.Steps} steps, {sample.Paper.Items} {sample.ItemNoun}s (hours). --size, --steps and --phantoms override either.");
        Option<int> threadsOption = Cli.ThreadsOption();
        Option<string> outOption = Cli.OutOption("Folder for runs/*.json (one per run), results.json, scores.png and the pictures.");
        Option<Shard?> shardOption = Cli.ShardOption();
        Option<int?> checkpointOption = Cli.CheckpointEveryOption(sample.PaperCheckpointEvery);

        Cli.InRange(sizeOption, 4, sample.MaxSize);
        Cli.InRange(stepsOption, 1, 1_000_000);
        Cli.InRange(itemsOption, 1, 1000);

        var root = new RootCommand(sample.Description)
        {
            itemsOption, sizeOption, stepsOption, mappingsOption, seedsOption, lrOption, protocolOption, threadsOption, outOption, shardOption, checkpointOption,
        };
        if (sample.LoadImage is not null)
        {
            root.Options.Add(imageOption);
        }

        root.Subcommands.Add(MergeCommand.Create(sample.Table));
        root.SetAction((parse, cancellationToken) => Cli.GuardAsync(() =>
        {
            bool paper = parse.GetValue(protocolOption) == "paper";
            int size = parse.GetValue(sizeOption) ?? (paper ? sample.Paper.Size : sample.Default.Size);
            string? imagePath = sample.LoadImage is null ? null : parse.GetValue(imageOption);
            if (imagePath is not null && parse.GetValue(itemsOption) is not null)
            {
                return Cli.Fail("give either --image or --phantoms, not both.", 2);
            }

            IReadOnlyList<FieldItem> items = imagePath is null
                ? sample.Phantoms(parse.GetValue(itemsOption) ?? (paper ? sample.Paper.Items : sample.Default.Items), size)
                : [sample.LoadImage!(imagePath, size)];
            bool custom = parse.GetValue(sizeOption) is not null || parse.GetValue(stepsOption) is not null || parse.GetValue(itemsOption) is not null
                || imagePath is not null || parse.GetValue(lrOption) is not null;
            var options = new ReconstructionOptions
            {
                Items = items,
                Size = size,
                Dimensions = sample.Dimensions,
                Steps = parse.GetValue(stepsOption) ?? (paper ? sample.Paper.Steps : sample.Default.Steps),
                Mappings = MappingToken.ParseList(parse.GetValue(mappingsOption)!, allowGridOpt: true),
                Seeds = Enumerable.Range(0, parse.GetValue(seedsOption)).ToArray(),
                Shard = parse.GetValue(shardOption) ?? Shard.All,
                LearningRate = parse.GetValue(lrOption),
                Threads = parse.GetValue(threadsOption),
                Protocol = custom ? "custom" : paper ? "paper" : "default",
                CheckpointDirectory = Path.Combine(parse.GetValue(outOption)!, Checkpoints.Folder),
                CheckpointEvery = parse.GetValue(checkpointOption) ?? (paper ? sample.PaperCheckpointEvery : 0),
            };
            return Execute(sample, options, parse.GetValue(outOption)!, cancellationToken);
        }));
        return root;
    }

    private static int Execute(ReconstructionSample sample, ReconstructionOptions options, string outDir, CancellationToken cancellationToken)
    {
        options.Validate();
        string runsDir = Path.Combine(outDir, "runs");
        Directory.CreateDirectory(runsDir); // before training: an unwritable folder fails now, not minutes later
        IReadOnlyList<GridRun> grid = options.Grid();
        foreach (string line in sample.Header(options))
        {
            AnsiConsole.MarkupLine(line);
        }

        AnsiConsole.MarkupLine($"[bold]Runs[/] {grid.Count}{(options.Shard.Count > 1 ? $" (shard {options.Shard} of the grid)" : "")}, {options.Steps} Adam steps each, "
            + $"{options.Threads} trainer thread(s), protocol {options.Protocol}: "
            + Markup.Escape(string.Join(", ", options.Mappings.Select(m => $"{m.Token} (lr {options.LearningRate ?? sample.PaperLearningRate(m):0.####e0})"))));
        if (grid.Count == 0)
        {
            AnsiConsole.MarkupLine("This shard has no runs: the grid is smaller than the number of shards.");
            return 0;
        }

        var clock = Stopwatch.StartNew();
        ReconstructionOutput output = ProgressDisplay.Run(grid.Select(g => g.Label).ToArray(), "PSNR {0:F2} dB",
            progress => sample.Run(options, progress, record => RunFiles.Write(runsDir, record), cancellationToken));
        TimeSpan elapsed = clock.Elapsed;

        ExperimentSummary summary = ExperimentSummary.Of(output.Runs.Select(r => r.Record).ToArray());
        MergeCommand.Write(summary, sample.Table, outDir,
            $"PSNR after {options.Steps} steps, N = {options.Size}, {options.Items.Count} item(s), protocol {options.Protocol}");
        foreach (string picture in output.SavePictures(outDir))
        {
            AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(picture)}[/].");
        }

        AnsiConsole.MarkupLine($"Run files in [blue]{Markup.Escape(runsDir)}[/]. Total time {elapsed.TotalSeconds:F0} s (wall clock).");
        return 0;
    }
}
