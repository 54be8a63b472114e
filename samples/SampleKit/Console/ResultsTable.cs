using System.Globalization;
using Spectre.Console;

namespace SampleKit.Console;

/// <summary>Prints a summary as a table: per mapping, each score (mean ± std over runs), the paper's number and the time.</summary>
public static class ResultsTable
{
    /// <summary>Writes the table, the paper's source and the ranking by the headline score.</summary>
    public static void Print(ExperimentSummary summary, TableSpec spec, string title)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(spec);
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title)).AddColumn("mapping").AddColumn(new TableColumn("runs").RightAligned());
        foreach (MetricColumn column in spec.Columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column.Header)).RightAligned());
        }

        table.AddColumn(new TableColumn($"paper, {Markup.Escape(spec.Headline.Header)}").RightAligned()).AddColumn(new TableColumn("time / run").RightAligned());
        foreach (MappingSummary row in summary.Mappings)
        {
            var cells = new List<string> { Markup.Escape(row.Mapping), row.Runs.ToString(CultureInfo.InvariantCulture) };
            for (int c = 0; c < spec.Columns.Count; c++)
            {
                string cell = row.Metrics.TryGetValue(spec.Columns[c].Key, out MetricStats? stats) ? Format(stats, spec.Columns[c].Format, row.Runs) : "—";
                cells.Add(c == 0 ? $"[bold]{cell}[/]" : cell);
            }

            cells.Add(spec.Paper(row.Mapping) is double paper ? paper.ToString(spec.Headline.Format, CultureInfo.InvariantCulture) : "—");
            cells.Add($"{row.Seconds:F1} s");
            table.AddRow(cells.ToArray());
        }

        AnsiConsole.Write(Cli.NoWrap(table));
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(spec.PaperNote)}[/]");
        AnsiConsole.MarkupLine($"Ranking by {Markup.Escape(spec.Headline.Header)}: {Markup.Escape(Ranking(summary, spec.Headline))}");
    }

    /// <summary>"a (x) > b (y) > …" by the mean of <paramref name="column"/>, best first.</summary>
    public static string Ranking(ExperimentSummary summary, MetricColumn column)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(column);
        return string.Join(" > ", summary.Mappings.Where(m => m.Metrics.ContainsKey(column.Key)).OrderByDescending(m => m.Metrics[column.Key].Mean)
            .Select(m => $"{m.Mapping} ({m.Metrics[column.Key].Mean.ToString(column.Format, CultureInfo.InvariantCulture)})"));
    }

    private static string Format(MetricStats stats, string format, int runs) => runs > 1
        ? $"{stats.Mean.ToString(format, CultureInfo.InvariantCulture)} ± {stats.Std.ToString(format, CultureInfo.InvariantCulture)}"
        : stats.Mean.ToString(format, CultureInfo.InvariantCulture);
}
