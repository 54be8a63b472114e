using System.CommandLine;
using Spectre.Console;
using SampleKit.Pictures;

namespace SampleKit.Console;

/// <summary>
/// The <c>merge</c> command every sample has: reads any set of run files (from shards, earlier runs, other machines),
/// prints the results table and writes results.json and scores.png for all of them together.
/// </summary>
public static class MergeCommand
{
    /// <summary>Creates the command for the sample described by <paramref name="spec"/>.</summary>
    public static Command Create(TableSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var paths = new Argument<string[]>("PATHS")
        {
            Description = "Run files, or folders searched recursively for them (e.g. the DIR/runs folders of every shard).",
            Arity = ArgumentArity.OneOrMore,
        };
        var outOption = new Option<string>("--out")
        {
            Description = "Folder for results.json and scores.png.",
            HelpName = "DIR",
            DefaultValueFactory = _ => "out/merged",
        };
        var command = new Command("merge", $"Combines {spec.Sample} run files (e.g. from --shard runs) into one table, results.json and scores.png.")
        {
            paths, outOption,
        };
        command.SetAction(parse => Cli.Guard(() =>
        {
            IReadOnlyList<RunRecord> runs = RunFiles.ReadAll(parse.GetValue(paths)!);
            if (runs.FirstOrDefault(r => r.Sample != spec.Sample) is { } foreign)
            {
                return Cli.Fail($"a run file of {foreign.Sample} ({foreign.Label}) is among the {spec.Sample} runs.");
            }

            ExperimentSummary summary = ExperimentSummary.Of(runs);
            Write(summary, spec, parse.GetValue(outOption)!, $"{spec.Sample}: {runs.Count} runs merged, {summary.Items.Count} item(s)");
            return 0;
        }));
        return command;
    }

    /// <summary>Prints the table and writes results.json and scores.png into <paramref name="outDir"/>.</summary>
    public static void Write(ExperimentSummary summary, TableSpec spec, string outDir, string title)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Directory.CreateDirectory(outDir);
        ResultsTable.Print(summary, spec, title);
        string json = Path.Combine(outDir, "results.json");
        string chart = Path.Combine(outDir, "scores.png");
        File.WriteAllText(json, summary.ToJson());
        ScoreChart.Save(summary, spec, chart);
        AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(json)}[/], [blue]{Markup.Escape(chart)}[/].");
    }
}
