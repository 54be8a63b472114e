using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using SpectralBias1D;

SampleKit.Console.Cli.Prepare(); // invariant culture; a wide console when redirected

var outOption = new Option<string?>("--out") { Description = "Output folder for the PNG plots and the JSON (default: out/<experiment>)." };
var quickOption = new Option<bool>("--quick") { Description = "A small, fast version (seconds) instead of the paper's setting." };
var threadsOption = new Option<int>("--threads") { Description = "Trainer threads.", DefaultValueFactory = _ => 2 };
var seedOption = new Option<int>("--seed") { Description = "Seed of the signals and networks.", DefaultValueFactory = _ => 0 };
var stepsOption = new Option<int?>("--steps") { Description = "Override the number of training steps." };
var replotOption = new Option<string?>("--replot") { Description = "Redraw the plots from a JSON file this experiment wrote, without running it." };
var mappingsOption = new Option<string?>("--mappings")
{
    Description = $"Comma-separated subset of the mappings to run ({string.Join(", ", PowerLawExperiment.MappingNames)}).",
};

var powerlaw = new Command("powerlaw", "Fig. 3: power-law features on 1/f noise, trained networks beside the NTK theory.")
{
    outOption, quickOption, threadsOption, seedOption, stepsOption, mappingsOption, replotOption,
};
powerlaw.SetAction(parse => Cli.Run("powerlaw", () =>
{
    PowerLawSettings settings = parse.GetValue(quickOption) ? PowerLawSettings.Quick : PowerLawSettings.Paper;
    settings = settings with
    {
        Threads = parse.GetValue(threadsOption),
        Seed = parse.GetValue(seedOption),
        Steps = parse.GetValue(stepsOption) ?? settings.Steps,
        Mappings = Cli.List(parse.GetValue(mappingsOption)),
    };
    settings.Validate();
    string directory = parse.GetValue(outOption) ?? Path.Combine("out", "powerlaw");
    PowerLawResult result = parse.GetValue(replotOption) is { } replot ? Cli.LoadPowerLaw(replot) : Cli.WithProgress(report => PowerLawExperiment.Run(settings, report, partial => Reports.WritePowerLaw(partial, directory)));
    List<string> files = Reports.WritePowerLaw(result, directory);
    var table = new Table().AddColumns("mapping", "final test MSE", "theory test MSE", "paper", "final train MSE", "lr·λmax", "prediction gap", "seconds");
    foreach (PowerLawCurve c in result.Curves)
    {
        table.AddRow(c.Label, $"{c.FinalTestMse:0.000e0}", $"{c.FinalTheoryTestMse:0.000e0}",
            Reports.PaperTestMse.TryGetValue(c.Mapping, out double paper) ? $"{paper:0.0e0}" : "—",
            $"{c.TrainMse[^1]:0.000e0}", $"{c.LargestStepTimesEigenvalue:0.###e0}", $"{c.TestPredictionGap:P1}", $"{c.Seconds:0.0}");
    }

    AnsiConsole.Write(SampleKit.Console.Cli.NoWrap(table));
    Cli.Written(files, result.Seconds);
}));

var alphasOption = new Option<string?>("--alphas") { Description = "Comma-separated α of the 1/f^α signals (default 0.5,1,1.5)." };
var trainPointsOption = new Option<int?>("--train-points") { Description = "Override the number of training points (default 1024; the signal has twice as many)." };
var widthOption = new Option<int?>("--width") { Description = "Hidden width of the 4-layer network: 256 (the paper) or 64." };
var sampling = new Command("sampling", "Fig. 4: 16 random frequencies from four distributions over a scale sweep; test MSE against RMS(b).")
{
    outOption, quickOption, threadsOption, seedOption, stepsOption, alphasOption, trainPointsOption, widthOption, replotOption,
};
sampling.SetAction(parse => Cli.Run("sampling", () =>
{
    SamplingSettings settings = parse.GetValue(quickOption) ? SamplingSettings.Quick : SamplingSettings.Paper;
    settings = settings with
    {
        Threads = parse.GetValue(threadsOption),
        Seed = parse.GetValue(seedOption),
        Steps = parse.GetValue(stepsOption) ?? settings.Steps,
        Alphas = parse.GetValue(alphasOption) is { } alphas ? Cli.Numbers(alphas, "--alphas") : settings.Alphas,
        TrainPoints = parse.GetValue(trainPointsOption) ?? settings.TrainPoints,
        Width = parse.GetValue(widthOption) ?? settings.Width,
    };
    settings.Validate();
    string directory = parse.GetValue(outOption) ?? Path.Combine("out", "sampling");
    SamplingResult result = parse.GetValue(replotOption) is { } replot ? Cli.Load<SamplingResult>(replot) : Cli.WithProgress(report => SamplingExperiment.Run(settings, report));
    List<string> files = Reports.WriteSampling(result, directory);
    var table = new Table().AddColumns("α", "distribution", "best RMS(b)", "best test MSE", "test MSE at smallest / largest RMS");
    foreach (var group in result.Runs.GroupBy(r => (r.Alpha, r.Distribution)))
    {
        SamplingRun best = group.MinBy(r => r.TestMse)!;
        SamplingRun[] ordered = group.OrderBy(r => r.Rms).ToArray();
        table.AddRow($"{group.Key.Alpha}", group.Key.Distribution, $"{best.Rms:0.0}", $"{best.TestMse:0.000e0}",
            $"{ordered[0].TestMse:0.0e0} / {ordered[^1].TestMse:0.0e0}");
    }

    AnsiConsole.Write(SampleKit.Console.Cli.NoWrap(table));
    Cli.Written(files, result.Seconds);
}));

var spectrum = new Command("spectrum", "Fig. 2: the composed NTK h(v − 0), its Fourier transform and the train Gram eigenvalues.")
{
    outOption, quickOption, replotOption,
};
spectrum.SetAction(parse => Cli.Run("spectrum", () =>
{
    SpectrumSettings settings = parse.GetValue(quickOption) ? SpectrumSettings.Quick : SpectrumSettings.Paper;
    string directory = parse.GetValue(outOption) ?? Path.Combine("out", "spectrum");
    SpectrumResult result = parse.GetValue(replotOption) is { } replot ? Cli.Load<SpectrumResult>(replot) : Cli.WithProgress(report => SpectrumExperiment.Run(settings, report));
    List<string> files = Reports.WriteSpectrum(result, directory);
    var table = new Table().AddColumns("mapping", "h(0)", "largest / smallest Gram eigenvalue");
    foreach (SpectrumCurve c in result.Curves)
    {
        table.AddRow(c.Label, $"{c.Peak:0.######}", $"{c.Eigenvalues[0]:0.00e0} / {c.Eigenvalues[^1]:0.00e0}");
    }

    AnsiConsole.Write(SampleKit.Console.Cli.NoWrap(table));
    Cli.Written(files, result.Seconds);
}));

var root = new RootCommand("The paper's 1D experiments (Tancik et al. 2020): spectral bias, power-law features, sampling width, NTK spectra.")
{
    powerlaw, sampling, spectrum,
};

if (args.Length == 0)
{
    Console.Error.WriteLine("error: name an experiment: powerlaw, sampling or spectrum (--help for options).");
    return 2;
}

ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"error: {SampleKit.Console.Cli.ErrorMessage(parsed.Errors[0])}");
    return 2;
}

return parsed.Invoke();

/// <summary>CLI plumbing: errors as one line, progress bars (or plain lines when output is redirected).</summary>
internal static class Cli
{
    public static int Run(string experiment, Action body)
    {
        try
        {
            Console.WriteLine($"{experiment}: FourierGen kernels at {FourierGen.Hardware.VectorWidth}");
            body();
            return 0;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {experiment}: {e.Message}");
            return 1;
        }
    }

    public static T Load<T>(string path)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<T>(File.ReadAllText(path), Reports.Json)
                ?? throw new UsageException($"--replot: {path} holds no result.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UsageException($"--replot: {path} is not a result of this experiment ({e.Message}).");
        }
    }

    /// <summary>One or more powerlaw JSON files (comma-separated, e.g. mappings run as separate processes) merged into one result.</summary>
    public static PowerLawResult LoadPowerLaw(string paths)
    {
        PowerLawResult[] parts = List(paths).Select(Load<PowerLawResult>).ToArray();
        if (parts.Length == 0)
        {
            throw new UsageException("--replot: name at least one JSON file.");
        }

        PowerLawResult first = parts[0];
        if (parts.Any(p => !p.Signal.SequenceEqual(first.Signal) || p.Settings.Width != first.Settings.Width || p.Settings.Steps != first.Settings.Steps))
        {
            throw new UsageException("--replot: the files are not runs of the same signal, width and steps.");
        }

        int[] test = Enumerable.Range(0, first.Signal.Length).Except(first.TrainIndices).ToArray();
        PowerLawCurve[] curves = parts.SelectMany(p => p.Curves).GroupBy(c => c.Mapping).Select(g => g.First())
            .OrderBy(c => Array.IndexOf(PowerLawExperiment.MappingNames, c.Mapping))
            .Select(c => c with { TestPredictionGap = PowerLawExperiment.PredictionGap(c.FinalPrediction, c.TheoryFinalPrediction, first.Signal, test) })
            .ToArray();
        return first with { Curves = curves, Settings = first.Settings with { Mappings = curves.Select(c => c.Mapping).ToArray() }, Seconds = parts.Sum(p => p.Seconds) };
    }

    public static string[] List(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static double[] Numbers(string value, string option)
    {
        var numbers = new List<double>();
        foreach (string item in List(value))
        {
            if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            {
                throw new UsageException($"{option}: '{item}' is not a number.");
            }

            numbers.Add(number);
        }

        return numbers.ToArray();
    }

    public static T WithProgress<T>(Func<ProgressReport, T> run)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            // Plain lines for logs: one per task per 5 %.
            var last = new Dictionary<string, int>();
            var clock = Stopwatch.StartNew();
            return run((task, fraction) =>
            {
                int bucket = (int)(fraction * 20);
                if (!last.TryGetValue(task, out int previous) || bucket > previous)
                {
                    last[task] = bucket;
                    Console.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {task}: {fraction:P0}");
                }
            });
        }

        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                result = run((task, fraction) =>
                {
                    if (!tasks.TryGetValue(task, out ProgressTask? bar))
                    {
                        tasks[task] = bar = context.AddTask(task, maxValue: 1);
                    }

                    bar.Value = Math.Min(1, fraction);
                });
            });
        return result;
    }

    public static void Written(List<string> files, double seconds)
    {
        Console.WriteLine($"Finished in {seconds:0.0} s. Wrote:");
        foreach (string file in files)
        {
            Console.WriteLine($"  {file}");
        }
    }
}
