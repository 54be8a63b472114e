using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FourierGen;
using ImageRegression;
using ImageRegression.Output;
using Spectre.Console;

// The paper's 2-D image experiment: CLI, console progress and output files. The experiment itself
// (image, split, training loop, NTK regression, results) lives in Core/ and runs without a console.

const string BundledImage = "chelsea.png";
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 160; // tables and long lines read better in logs than at the 80-column fallback
}

var imageOption = new Option<string?>("--image")
{
    Description = $"PNG or JPEG to fit (grayscale and RGBA accepted; alpha is composited over white). Default: the bundled {BundledImage}.",
    HelpName = "PATH",
};
var textOption = new Option<int?>("--text")
{
    Description = $"Fit the generated text image of this seed (random strings in random fonts, sizes and dark colours on white, the paper's Text set) instead of an image file; "
        + $"the mappings default to the paper's text scales, {MappingSpec.TextList}.",
    HelpName = "SEED",
};
var sizeOption = new Option<int>("--size")
{
    Description = "Centre-crop to a square, then resize to N×N (area averaging down, bilinear up).",
    HelpName = "N",
    DefaultValueFactory = _ => ExperimentOptions.DefaultSize,
};
var stepsOption = new Option<int>("--steps")
{
    Description = "Full-batch Adam steps per mapping (the paper: 2000).",
    HelpName = "N",
    DefaultValueFactory = _ => ExperimentOptions.DefaultSteps,
};
var lrOption = new Option<float?>("--lr")
{
    Description = "Adam learning rate for every mapping. Default: the paper's, 1e-2 for none and basic, 1e-3 otherwise (1e-3 for all with --text).",
    HelpName = "RATE",
    CustomParser = r =>
    {
        string text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float lr) && lr > 0 && float.IsFinite(lr))
        {
            return lr;
        }

        r.AddError($"--lr must be a finite positive number, not '{text}'.");
        return null;
    },
};
var mappingsOption = new Option<string>("--mappings")
{
    Description = "Comma list of mappings: none, basic, posenc:σ (positional encoding, top frequency 2^σ − 1), gauss:σ (256 Gaussian frequencies of scale σ).",
    HelpName = "LIST",
    DefaultValueFactory = _ => MappingSpec.DefaultList,
};
var protocolOption = new Option<string>("--protocol")
{
    Description = "paper: train on pixels [::2, ::2], test on [1::2, 1::2]; demo: train on [::2, ::2], test on the whole image.",
    DefaultValueFactory = _ => "paper",
};
protocolOption.AcceptOnlyFromAmong("paper", "demo");
var threadsOption = new Option<int>("--threads")
{
    Description = "Worker threads of each trainer (results do not depend on it).",
    HelpName = "N",
    DefaultValueFactory = _ => Environment.ProcessorCount,
};
var seedOption = new Option<int>("--seed")
{
    Description = "Seed of every network's parameters and random frequencies (the same for every mapping).",
    HelpName = "N",
    DefaultValueFactory = _ => 0,
};
var outOption = new Option<string>("--out")
{
    Description = "Folder for reconstructions.png, psnr.png and (unless --json says otherwise) results.json.",
    HelpName = "DIR",
    DefaultValueFactory = _ => "out",
};
var jsonOption = new Option<string?>("--json")
{
    Description = "Where to write the results JSON. Default: DIR/results.json.",
    HelpName = "PATH",
};
var ntkOption = new Option<bool>("--ntk")
{
    Description = "Also, for each mapping, kernel regression with the network's analytic NTK on the training pixels: the infinitely wide network trained to convergence, predicted before any training.",
};
var ntkPointsOption = new Option<int>("--ntk-points")
{
    Description = "At most this many training pixels (a seeded random subset) enter the NTK regression; its Gram matrix has N² entries.",
    HelpName = "N",
    DefaultValueFactory = _ => ExperimentOptions.DefaultNtkMaxTrainPoints,
};
var ntkDynamicsOption = new Option<bool>("--ntk-dynamics")
{
    Description = "With --ntk: also each Fourier mapping's NTK dynamics at finite time, at τ = 2·lr·steps/N (gradient descent's time for the trained steps) and at the τ whose train PSNR matches the trained network's.",
};
var dynamicsFromOption = new Option<string?>("--ntk-dynamics-from")
{
    Description = "Instead of training: the NTK dynamics (as --ntk-dynamics) for every mapping of an earlier run's results.json, on the same --image (size, protocol, seed, steps and learning rates from the file).",
    HelpName = "RESULTS",
};
var sigmaSweepOption = new Option<bool>("--sigma-sweep")
{
    Description = "Instead of --mappings: predict the test PSNR of Gaussian σ ∈ {1, 2, 5, 10, 20, 50, 100} and positional σp ∈ {3…8} by the NTK alone (every training pixel) and print the scale it would choose; writes DIR/sweep.json.",
};
var sweepTrainOption = new Option<bool>("--sweep-train")
{
    Description = "With --sigma-sweep: also train every scale (--steps Adam steps each) and print the trained test PSNR and choice beside the NTK's.",
};
var saveWeightsOption = new Option<string?>("--save-weights")
{
    Description = "Save each mapping's trained network to DIR/<mapping>.fgw (e.g. small-gauss-10.fgw: the network samples/RealtimeInference bakes).",
    HelpName = "DIR",
};

InRange(sizeOption, 4, 4096);
InRange(stepsOption, 1, 10_000_000);
InRange(threadsOption, 1, 256);
InRange(ntkPointsOption, 1, 20_000);
mappingsOption.Validators.Add(r =>
{
    try
    {
        MappingSpec.ParseList(r.GetValueOrDefault<string>() ?? "");
    }
    catch (FormatException e)
    {
        r.AddError(e.Message);
    }
});

var root = new RootCommand(
    "Fits an image with one Fourier-feature MLP per input mapping (Tancik et al. 2020, §6): 2-D pixel coordinate → mapping → "
    + "3 × 256 ReLU → RGB, full-batch Adam on the MSE. Writes reconstructions.png, psnr.png and results.json.")
{
    imageOption, textOption, sizeOption, stepsOption, lrOption, mappingsOption, protocolOption, threadsOption, seedOption, outOption, jsonOption,
    ntkOption, ntkPointsOption, ntkDynamicsOption, dynamicsFromOption, sigmaSweepOption, sweepTrainOption, saveWeightsOption,
};

root.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, cancellationToken)));

ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // One clear line (the first error), no usage dump.
    Console.Error.WriteLine($"error: {SampleKit.Console.Cli.ErrorMessage(parsed.Errors[0])}");
    return 2;
}

return await parsed.InvokeAsync();

int Run(ParseResult parse, CancellationToken cancellationToken)
{
    string? imagePath = parse.GetValue(imageOption);
    string outDir = parse.GetValue(outOption)!;
    string jsonPath = parse.GetValue(jsonOption) ?? Path.Combine(outDir, "results.json");
    try
    {
        int? textSeed = parse.GetValue(textOption);
        if (textSeed is not null && imagePath is not null)
        {
            return Fail("give either --image or --text, not both.", 2);
        }

        string path = imagePath ?? Path.Combine(AppContext.BaseDirectory, "images", BundledImage);
        RgbImage image = textSeed is int seed ? TextImage.Generate(seed, Path.Combine(AppContext.BaseDirectory, "fonts")) : RgbImage.Load(path);
        bool mappingsGiven = parse.GetResult(mappingsOption) is { Implicit: false };
        var options = new ExperimentOptions
        {
            Image = image,
            ImageName = textSeed is int textIndex ? TextImage.Name(textIndex) : imagePath ?? BundledImage,
            Size = parse.GetValue(sizeOption),
            Steps = parse.GetValue(stepsOption),
            LearningRate = parse.GetValue(lrOption) ?? (textSeed is not null ? MappingSpec.TextLearningRate : null),
            Mappings = MappingSpec.ParseList(textSeed is not null && !mappingsGiven ? MappingSpec.TextList : parse.GetValue(mappingsOption)!),
            Protocol = parse.GetValue(protocolOption) == "demo" ? Protocol.Demo : Protocol.Paper,
            Threads = parse.GetValue(threadsOption),
            Seed = parse.GetValue(seedOption),
            Ntk = parse.GetValue(ntkOption),
            NtkMaxTrainPoints = parse.GetValue(ntkPointsOption),
            NtkDynamics = parse.GetValue(ntkDynamicsOption),
            SaveWeightsDirectory = parse.GetValue(saveWeightsOption),
        };
        options.Validate();
        bool sweep = parse.GetValue(sigmaSweepOption);
        if (parse.GetValue(sweepTrainOption) && !sweep)
        {
            return Fail("--sweep-train needs --sigma-sweep.", 2);
        }

        if (options.NtkDynamics && !options.Ntk)
        {
            return Fail("--ntk-dynamics needs --ntk.", 2);
        }

        Directory.CreateDirectory(outDir); // before training: an unwritable folder fails now, not minutes later
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
        if (parse.GetValue(dynamicsFromOption) is { } trainedPath)
        {
            string trainedJson;
            try
            {
                trainedJson = File.ReadAllText(trainedPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail($"cannot read the results file '{trainedPath}': {e.Message}");
            }

            ExperimentResult trained = ExperimentResult.FromJson(trainedJson);
            AnsiConsole.MarkupLine($"[bold]NTK dynamics[/] of {Markup.Escape(trainedPath)} ({trained.Size}×{trained.Size}, {trained.Protocol}, {trained.Steps} steps), image {Markup.Escape(options.ImageName)}");
            var dynamicsClock = Stopwatch.StartNew();
            ExperimentResult withDynamics = NtkDynamics.ForTrainedRun(trained, image, options, new Progress<string>(Console.WriteLine), cancellationToken);
            PrintTable(withDynamics, text: textSeed is not null);
            File.WriteAllText(jsonPath, withDynamics.ToJson());
            AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(jsonPath)}[/]. Total time {dynamicsClock.Elapsed.TotalSeconds:F0} s (wall clock).");
            return 0;
        }

        if (sweep)
        {
            string sweepPath = parse.GetValue(jsonOption) ?? Path.Combine(outDir, "sweep.json");
            return RunSweep(options, parse.GetValue(sweepTrainOption), sweepPath, cancellationToken);
        }

        PrintSettings(options, image);

        var clock = Stopwatch.StartNew();
        ExperimentRun run = RunWithProgress(options, cancellationToken);
        TimeSpan elapsed = clock.Elapsed;

        PrintTable(run.Result, text: textSeed is not null);
        string reconstructions = Path.Combine(outDir, "reconstructions.png");
        string psnr = Path.Combine(outDir, "psnr.png");
        ReconstructionSheet.Save(run, reconstructions);
        PsnrChart.Save(run.Result, psnr);
        File.WriteAllText(jsonPath, run.Result.ToJson());
        AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(reconstructions)}[/], [blue]{Markup.Escape(psnr)}[/], [blue]{Markup.Escape(jsonPath)}[/].");
        AnsiConsole.MarkupLine($"Total time {elapsed.TotalSeconds:F0} s (wall clock).");
        return 0;
    }
    catch (ImageLoadException e)
    {
        return Fail(e.Message);
    }
    catch (TrainingDivergedException e)
    {
        return Fail($"training diverged: {e.Message} Try a smaller --lr.");
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        return Fail($"cannot write the results: {e.Message}");
    }
    catch (FourierGen.Kernels.MatrixNotPositiveDefiniteException e)
    {
        return Fail($"NTK regression failed even at diagReg {NtkRegression.MaxDiagReg:0e0}: {e.Message}");
    }
    catch (FourierGen.Kernels.SolverNotConvergedException e)
    {
        return Fail($"NTK regression: {e.Message}");
    }
    catch (ArgumentException e)
    {
        return Fail(e.Message);
    }
    catch (System.Text.Json.JsonException e)
    {
        return Fail($"cannot read the results file: {e.Message}");
    }
    catch (OperationCanceledException)
    {
        return Fail("cancelled.", 130);
    }
}

int RunSweep(ExperimentOptions options, bool train, string sweepPath, CancellationToken cancellationToken)
{
    AnsiConsole.MarkupLine($"[bold]Image[/] {Markup.Escape(options.ImageName)} ({options.Image.Width}×{options.Image.Height}) → centre crop → {options.Size}×{options.Size}, "
        + $"{options.Protocol.ToString().ToLowerInvariant()} protocol");
    AnsiConsole.MarkupLine($"[bold]σ sweep[/] NTK regression on all {((options.Size + 1) / 2) * ((options.Size + 1) / 2):N0} training pixels (grid solver, diagReg "
        + $"{options.NtkDiagReg:0e0}) for gauss:σ, σ ∈ {{{string.Join(", ", SigmaSweep.GaussianScales)}}}, and posenc:σp, σp ∈ {{{string.Join(", ", SigmaSweep.PositionalScales)}}}"
        + (train ? $"; then each trained for {options.Steps} Adam steps" : ""));
    var clock = Stopwatch.StartNew();
    var ntkLines = new SweepLines();
    SweepResult sweep = train && AnsiConsole.Profile.Capabilities.Interactive
        ? AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask[] tasks = SigmaSweep.Mappings()
                    .Select(m => context.AddTask(Markup.Escape(m.Token), autoStart: false, maxValue: options.Steps)).ToArray();
                return SigmaSweep.Run(options, train, ntkLines, new TaskProgress(tasks, new StatsColumn()), cancellationToken);
            })
        : SigmaSweep.Run(options, train, ntkLines, train ? new LineProgress() : null, cancellationToken);
    TimeSpan elapsed = clock.Elapsed;

    var table = new Table().Border(TableBorder.Rounded)
        .Title($"σ sweep, {sweep.Size}×{sweep.Size}, {sweep.Protocol} protocol: test PSNR (dB)")
        .AddColumn("mapping").AddColumn(new TableColumn("NTK test PSNR").RightAligned()).AddColumn(new TableColumn("NTK time").RightAligned());
    if (train)
    {
        table.AddColumn(new TableColumn($"trained, {sweep.Steps} steps").RightAligned()).AddColumn(new TableColumn("training time").RightAligned());
    }

    foreach (SweepPoint p in sweep.Points)
    {
        var cells = new List<string> { Markup.Escape(p.Mapping), $"{p.NtkTestPsnr:F2}", $"{p.NtkSeconds:F1} s" };
        if (train)
        {
            cells.Add($"{p.TrainedTestPsnr:F2}");
            cells.Add($"{p.TrainedSeconds:F1} s");
        }

        table.AddRow(cells.ToArray());
    }

    AnsiConsole.Write(table);
    foreach (string kind in new[] { "gauss", "posenc" })
    {
        SweepPoint ntk = sweep.NtkChoice(kind);
        string trained = sweep.TrainedChoice(kind) is { } t ? $"; training picks [bold]{Markup.Escape(t.Mapping)}[/] ({t.TrainedTestPsnr:F2} dB)" : "";
        AnsiConsole.MarkupLine($"{kind}: the NTK picks [bold]{Markup.Escape(ntk.Mapping)}[/] ({ntk.NtkTestPsnr:F2} dB){trained}");
    }

    AnsiConsole.MarkupLine($"NTK sweep {sweep.NtkSeconds:F0} s{(sweep.TrainedSeconds is double s ? $", training sweep {s:F0} s" : "")}; total {elapsed.TotalSeconds:F0} s (wall clock).");
    File.WriteAllText(sweepPath, sweep.ToJson());
    AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(sweepPath)}[/].");
    return 0;
}

static void InRange(Option<int> option, int min, int max) =>
    option.Validators.Add(r =>
    {
        if (TryValue(r, out int value) && (value < min || value > max))
        {
            r.AddError($"{option.Name} must be between {min} and {max}, not {value}.");
        }
    });

// A value that failed to convert ("--size twelve") is already an error; its validator has nothing to add.
static bool TryValue<T>(System.CommandLine.Parsing.OptionResult result, out T value)
{
    try
    {
        value = result.GetValueOrDefault<T>();
        return true;
    }
    catch (InvalidOperationException)
    {
        value = default!;
        return false;
    }
}

static int Fail(string message, int code = 1)
{
    Console.Error.WriteLine($"error: {message}");
    return code;
}

static void PrintSettings(ExperimentOptions options, RgbImage image)
{
    int half = (options.Size + 1) / 2;
    int train = half * half;
    int test = options.Protocol == Protocol.Paper ? (options.Size / 2) * (options.Size / 2) : options.Size * options.Size;
    AnsiConsole.MarkupLine($"[bold]Image[/] {Markup.Escape(options.ImageName)} ({image.Width}×{image.Height}) → centre crop → {options.Size}×{options.Size}");
    AnsiConsole.MarkupLine($"[bold]Protocol[/] {Markup.Escape(options.Protocol == Protocol.Paper ? "paper: train [::2, ::2], test [1::2, 1::2]" : "demo: train [::2, ::2], test on every pixel")} "
        + $"({train:N0} train, {test:N0} test pixels)");
    AnsiConsole.MarkupLine($"[bold]Network[/] 2 → mapping → 256 → 256 → 256 → 3 (ReLU, sigmoid output); full-batch Adam, MSE; "
        + $"[bold]{options.Steps}[/] steps per mapping; {options.Threads} trainer thread(s); seed {options.Seed}; kernels at {Hardware.VectorWidth}");
    string mappings = string.Join(", ", options.Mappings.Select(m => $"{m.Token} (lr {(options.LearningRate ?? m.DefaultLearningRate).ToString("0.####e0", CultureInfo.InvariantCulture)})"));
    AnsiConsole.MarkupLine($"[bold]Mappings[/] {Markup.Escape(mappings)}");
    if (options.Ntk)
    {
        AnsiConsole.MarkupLine($"[bold]NTK[/] kernel regression with each network's analytic NTK, targets centred at 0.5, diagReg {options.NtkDiagReg:0e0} "
            + "(relative, as neural-tangents' diag_reg)");
        if (options.Mappings.Any(m => m.Kind != MappingKind.None))
        {
            AnsiConsole.MarkupLine($"    Fourier mappings: stationary NTK, all {train:N0} training pixels as a grid (FFT conjugate gradients, tolerance {options.NtkTolerance:0e0})");
        }

        if (options.Mappings.Any(m => m.Kind == MappingKind.None))
        {
            int used = Math.Min(train, options.NtkMaxTrainPoints);
            AnsiConsole.MarkupLine($"    [yellow]note[/]: none (raw coordinates) has no stationary NTK, so no grid structure: dense Cholesky on {used:N0} of {train:N0} training pixels"
                + $"{(used < train ? " (seeded random subset, --ntk-points)" : "")}; diagReg raised ×100 if the factorisation fails");
        }
    }
}

static ExperimentRun RunWithProgress(ExperimentOptions options, CancellationToken cancellationToken)
{
    if (!AnsiConsole.Profile.Capabilities.Interactive)
    {
        // Redirected output (CI, a pipe, a log file): plain lines instead of a live display.
        return ImageRegressionExperiment.Run(options, new LineProgress(), cancellationToken);
    }

    var stats = new StatsColumn();
    return AnsiConsole.Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), stats,
            new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
        .Start(context =>
        {
            ProgressTask[] tasks = options.Mappings
                .Select(m => context.AddTask(Markup.Escape(m.Token), autoStart: false, maxValue: options.Steps))
                .ToArray();
            return ImageRegressionExperiment.Run(options, new TaskProgress(tasks, stats), cancellationToken);
        });
}

static void PrintTable(ExperimentResult result, bool text)
{
    bool ntk = result.Results.Any(r => r.NtkTestPsnr is not null);
    var table = new Table().Border(TableBorder.Rounded)
        .Title($"PSNR (dB) after {result.Steps} steps, {result.Size}×{result.Size}, {result.Protocol} protocol")
        .AddColumn("mapping").AddColumn(new TableColumn("lr").RightAligned())
        .AddColumn(new TableColumn("train PSNR").RightAligned()).AddColumn(new TableColumn("test PSNR").RightAligned());
    if (ntk)
    {
        table.AddColumn(new TableColumn("NTK test PSNR").RightAligned());
    }

    table.AddColumn(new TableColumn("paper, test (Table 1)").RightAligned()).AddColumn(new TableColumn("time").RightAligned());
    foreach (MappingResult r in result.Results)
    {
        MappingSpec spec = MappingSpec.Parse(r.Mapping);
        var cells = new List<string>
        {
            Markup.Escape(r.Mapping),
            r.LearningRate.ToString("0.####e0", CultureInfo.InvariantCulture),
            $"{r.TrainPsnr:F2}",
            $"[bold]{r.TestPsnr:F2}[/]",
        };
        if (ntk)
        {
            cells.Add(r.NtkTestPsnr is double v ? $"{v:F2}" : "—");
        }

        cells.Add((text ? spec.PaperTextPsnr : spec.PaperTestPsnr) is double paper ? $"{paper:F2}" : "—");
        cells.Add($"{r.Seconds:F1} s");
        table.AddRow(cells.ToArray());
    }

    AnsiConsole.Write(SampleKit.Console.Cli.NoWrap(table));
    AnsiConsole.MarkupLine(text
        ? "[grey]Paper: Tancik et al. 2020, Table 1, Text (mean over its text images at 512×512, 2000 steps); its positional row is σp = 5, its Gaussian row σ = 14.[/]"
        : "[grey]Paper: Tancik et al. 2020, Table 1, natural images (mean over its test images at 512×512, 2000 steps); "
        + "its positional row is σp = 6, its Gaussian row σ = 10.[/]");
    AnsiConsole.MarkupLine($"Test ranking:     {Markup.Escape(Ranking(result.Results, r => r.TestPsnr))}");
    if (ntk)
    {
        AnsiConsole.MarkupLine($"NTK test ranking: {Markup.Escape(Ranking(result.Results, r => r.NtkTestPsnr ?? double.NaN))}"
            + $" (diagReg {string.Join("/", result.Results.Select(r => r.NtkDiagReg).Distinct().Select(d => $"{d:0e0}"))})");
        foreach (MappingResult r in result.Results.Where(r => r.NtkSolver is not null))
        {
            string detail = r.NtkSolver == "grid"
                ? $"grid solver, all {r.NtkTrainPoints:N0} training pixels, {r.NtkIterations} CG iterations, residual {r.NtkResidual:0.0e0}"
                : $"dense solver on {r.NtkTrainPoints:N0} training pixels";
            AnsiConsole.MarkupLine($"[grey]  NTK {Markup.Escape(r.Mapping)}: {detail}, {r.NtkSeconds:F1} s[/]");
        }
    }

    if (result.Results.Any(r => r.NtkGradientDescent is not null))
    {
        AnsiConsole.MarkupLine("NTK dynamics at finite time (test PSNR; τ in GradientDescentMse's convention):");
        foreach (MappingResult r in result.Results.Where(r => r.NtkGradientDescent is not null))
        {
            DynamicsPoint gd = r.NtkGradientDescent!, matched = r.NtkMatched!;
            AnsiConsole.MarkupLine($"  {Markup.Escape(r.Mapping)}: gradient-descent time τ = 2·lr·steps/N = {gd.Tau:0.###e0}: test {gd.TestPsnr:F2} (train {gd.TrainPsnr:F2}); "
                + $"train-PSNR-matched τ = {matched.Tau:0.###e0}: test {matched.TestPsnr:F2} (train {matched.TrainPsnr:F2}); trained test {r.TestPsnr:F2}");
        }

        AnsiConsole.MarkupLine($"NTK ranking at gradient-descent time: {Markup.Escape(Ranking(result.Results.Where(r => r.NtkGradientDescent is not null), r => r.NtkGradientDescent!.TestPsnr))}");
        AnsiConsole.MarkupLine($"NTK ranking at matched time:         {Markup.Escape(Ranking(result.Results.Where(r => r.NtkMatched is not null), r => r.NtkMatched!.TestPsnr))}");
    }
}

static string Ranking(IEnumerable<MappingResult> results, Func<MappingResult, double> key) =>
    string.Join(" > ", results.OrderByDescending(key).Select(r => $"{r.Mapping} ({key(r):F2})"));

/// <summary>Sends the experiment's reports to the Spectre tasks (one per mapping).</summary>
internal sealed class TaskProgress(ProgressTask[] tasks, StatsColumn stats) : IProgress<MappingProgress>
{
    public void Report(MappingProgress value)
    {
        ProgressTask task = tasks[value.MappingIndex];
        string ntk = value.NtkTestPsnr is double n ? $"  NTK {n:F2}" : "";
        switch (value.Phase)
        {
            case ExperimentPhase.Ntk:
                if (!task.IsStarted)
                {
                    task.StartTask();
                }

                stats.Set(task, value.NtkSolver is { } cg
                    ? $"NTK regression: CG iteration {cg.Iteration}, residual {cg.RelativeResidual:0.0e0}"
                    : "NTK regression…");
                break;
            case ExperimentPhase.Training:
                if (!task.IsStarted)
                {
                    task.StartTask();
                }

                task.Value = value.Step;
                stats.Set(task, value.Step == 0
                    ? $"starting{ntk}"
                    : $"step {value.Step,5}  loss {value.Loss:0.00000}  train {value.TrainPsnr,5:F2}  test {value.TestPsnr,5:F2} dB{ntk}");
                break;
            default:
                task.Value = value.Steps;
                stats.Set(task, $"done        train {value.TrainPsnr,5:F2}  test {value.TestPsnr,5:F2} dB{ntk}");
                task.StopTask();
                break;
        }
    }
}

/// <summary>One line per scale of the σ sweep as its NTK prediction finishes.</summary>
internal sealed class SweepLines : IProgress<SweepPoint>
{
    public void Report(SweepPoint value) =>
        AnsiConsole.MarkupLine($"[[{Markup.Escape(value.Mapping)}]] NTK test {value.NtkTestPsnr:F2} dB ({value.NtkIterations} CG iterations, {value.NtkSeconds:F1} s)");
}

/// <summary>A progress column with each task's step, loss and PSNRs.</summary>
internal sealed class StatsColumn : ProgressColumn
{
    private readonly Dictionary<int, string> _text = [];
    private readonly Lock _lock = new();

    public void Set(ProgressTask task, string text)
    {
        lock (_lock)
        {
            _text[task.Id] = text;
        }
    }

    public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        lock (_lock)
        {
            return new Text(_text.TryGetValue(task.Id, out string? text) ? text : "waiting");
        }
    }
}

/// <summary>Progress as plain lines for redirected output: each mapping's start, every 10 % of its steps, and its end.</summary>
internal sealed class LineProgress : IProgress<MappingProgress>
{
    private readonly Stopwatch _clock = new();

    public void Report(MappingProgress value)
    {
        string name = value.Mapping.Token;
        string ntk = value.NtkTestPsnr is double n ? $"  NTK test {n:F2} dB" : "";
        switch (value.Phase)
        {
            case ExperimentPhase.Ntk when value.NtkSolver is { } cg:
                if (cg.Iteration % 20 == 0)
                {
                    Console.WriteLine($"[{name}] NTK regression: CG iteration {cg.Iteration}, residual {cg.RelativeResidual:0.0e0}");
                }

                break;
            case ExperimentPhase.Ntk:
                Console.WriteLine($"[{name}] NTK regression…");
                break;
            case ExperimentPhase.Training when value.Step == 0:
                _clock.Restart();
                Console.WriteLine($"[{name}] training {value.Steps} steps{ntk}");
                break;
            case ExperimentPhase.Training when value.Step % Math.Max(1, value.Steps / 10) == 0 && value.Step < value.Steps:
                double eta = _clock.Elapsed.TotalSeconds / value.Step * (value.Steps - value.Step);
                Console.WriteLine($"[{name}] step {value.Step}/{value.Steps}  loss {value.Loss:0.00000}  train {value.TrainPsnr:F2}  test {value.TestPsnr:F2} dB  ETA {eta:F0} s");
                break;
            case ExperimentPhase.Done:
                Console.WriteLine($"[{name}] done in {_clock.Elapsed.TotalSeconds:F1} s: train {value.TrainPsnr:F2}  test {value.TestPsnr:F2} dB{ntk}");
                break;
        }
    }
}
