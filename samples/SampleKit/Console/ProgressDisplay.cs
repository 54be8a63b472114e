using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SampleKit.Console;

/// <summary>
/// Shows an experiment's progress: a Spectre progress bar per run on a terminal (step, loss, score, elapsed, ETA), plain
/// lines when the output is redirected (each run's start, every 10 % of its steps, its end).
/// </summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, which reports on the runs labelled <paramref name="runs"/>, with a progress display.</summary>
    /// <param name="runs">The label of each run, in order.</param>
    /// <param name="metric">How the score is shown, e.g. "PSNR {0:F2} dB" or "IoU {0:F4}".</param>
    /// <param name="work">The experiment, given the progress sink.</param>
    public static T Run<T>(IReadOnlyList<string> runs, string metric, Func<IProgress<RunProgress>, T> work)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(work);
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return work(new LineProgress(metric));
        }

        var stats = new StatsColumn();
        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), stats,
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask[] tasks = runs.Select(r => context.AddTask(Markup.Escape(r), autoStart: false, maxValue: 1)).ToArray();
                return work(new TaskProgress(tasks, stats, metric));
            });
    }

    private static string Score(string metric, double value) => double.IsNaN(value) ? "" : string.Format(System.Globalization.CultureInfo.InvariantCulture, metric, value);

    /// <summary>Sends the reports to the Spectre tasks (one per run).</summary>
    private sealed class TaskProgress(ProgressTask[] tasks, StatsColumn stats, string metric) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            ProgressTask task = tasks[value.RunIndex];
            if (!task.IsStarted)
            {
                task.StartTask();
            }

            task.MaxValue = Math.Max(1, value.Steps);
            switch (value.Phase)
            {
                case RunPhase.Preparing:
                    stats.Set(task, "preparing");
                    break;
                case RunPhase.Training:
                    task.Value = value.Step;
                    stats.Set(task, $"step {value.Step,5}  loss {value.Loss,9:0.00000}  {Score(metric, value.Metric)}");
                    break;
                default:
                    task.Value = value.Steps;
                    stats.Set(task, $"done        {Score(metric, value.Metric)}");
                    task.StopTask();
                    break;
            }
        }
    }

    /// <summary>A progress column with each task's step, loss and score.</summary>
    private sealed class StatsColumn : ProgressColumn
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

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            lock (_lock)
            {
                return new Text(_text.TryGetValue(task.Id, out string? text) ? text : "waiting");
            }
        }
    }

    /// <summary>Progress as plain lines for redirected output.</summary>
    private sealed class LineProgress(string metric) : IProgress<RunProgress>
    {
        private readonly Stopwatch _clock = new();

        public void Report(RunProgress value)
        {
            string name = value.Run;
            switch (value.Phase)
            {
                case RunPhase.Preparing:
                    _clock.Restart();
                    System.Console.WriteLine($"[{name}] preparing");
                    break;
                case RunPhase.Training when value.Step == 0:
                    System.Console.WriteLine($"[{name}] training {value.Steps} steps");
                    break;
                case RunPhase.Training when value.Step % Math.Max(1, value.Steps / 10) == 0 && value.Step < value.Steps:
                    double eta = _clock.Elapsed.TotalSeconds / value.Step * (value.Steps - value.Step);
                    System.Console.WriteLine($"[{name}] step {value.Step}/{value.Steps}  loss {value.Loss:0.00000}  {Score(metric, value.Metric)}  ETA {eta:F0} s");
                    break;
                case RunPhase.Done:
                    System.Console.WriteLine($"[{name}] done in {_clock.Elapsed.TotalSeconds:F1} s: {Score(metric, value.Metric)}");
                    break;
            }
        }
    }
}
