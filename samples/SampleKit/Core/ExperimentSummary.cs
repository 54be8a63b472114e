using System.Text.Json;

namespace SampleKit;

/// <summary>Mean, sample standard deviation (0 for one run), minimum and maximum of one score over runs.</summary>
public sealed record MetricStats(double Mean, double Std, double Min, double Max)
{
    /// <summary>The statistics of <paramref name="values"/> (at least one).</summary>
    public static MetricStats Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no values.", nameof(values));
        }

        double mean = values.Average();
        double variance = values.Count > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) : 0;
        return new MetricStats(mean, Math.Sqrt(variance), values.Min(), values.Max());
    }
}

/// <summary>One mapping's scores over all its runs (items × seeds).</summary>
/// <param name="Mapping">The mapping token.</param>
/// <param name="Runs">How many runs.</param>
/// <param name="Metrics">Each score's statistics, in the runs' metric order.</param>
/// <param name="Seconds">Mean training time per run, s.</param>
/// <param name="Curve">The headline score against step, averaged over the runs that have a point at that step.</param>
public sealed record MappingSummary(string Mapping, int Runs, IReadOnlyDictionary<string, MetricStats> Metrics, double Seconds, IReadOnlyList<CurvePoint> Curve);

/// <summary>What a sample's <c>results.json</c> (and <c>merge</c>'s) holds: the scores per mapping and every run.</summary>
public sealed record ExperimentSummary
{
    /// <summary>Marks a summary file (merge skips it when it reads a folder).</summary>
    public string Kind { get; init; } = "fouriergen-summary";

    /// <summary>The sample.</summary>
    public required string Sample { get; init; }

    /// <summary>The items, in order of first appearance.</summary>
    public required IReadOnlyList<string> Items { get; init; }

    /// <summary>One row per mapping, in order of first appearance.</summary>
    public required IReadOnlyList<MappingSummary> Mappings { get; init; }

    /// <summary>Each setting's distinct values over the runs (joined by " | " when runs differ).</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    /// <summary>Every run.</summary>
    public required IReadOnlyList<RunRecord> Runs { get; init; }

    /// <summary>The JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SampleJson.Options);

    /// <summary>Summarises runs of one sample.</summary>
    /// <exception cref="RunFileException">No runs, or runs of different samples.</exception>
    public static ExperimentSummary Of(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new RunFileException("no runs to summarise.");
        }

        string[] samples = runs.Select(r => r.Sample).Distinct().ToArray();
        if (samples.Length > 1)
        {
            throw new RunFileException($"the run files come from different samples ({string.Join(", ", samples)}); merge one sample at a time.");
        }

        var mappings = new List<MappingSummary>();
        foreach (IGrouping<string, RunRecord> group in runs.GroupBy(r => r.Mapping))
        {
            RunRecord[] members = group.ToArray();
            var metrics = new Dictionary<string, MetricStats>();
            foreach (string name in members.SelectMany(r => r.Metrics.Keys).Distinct())
            {
                double[] values = members.Where(r => r.Metrics.ContainsKey(name)).Select(r => r.Metrics[name]).ToArray();
                metrics[name] = MetricStats.Of(values);
            }

            CurvePoint[] curve = members.SelectMany(r => r.Curve).GroupBy(p => p.Step).OrderBy(g => g.Key)
                .Select(g => new CurvePoint(g.Key, g.Average(p => p.Loss), g.Average(p => p.Metric))).ToArray();
            mappings.Add(new MappingSummary(group.Key, members.Length, metrics, members.Average(r => r.Seconds), curve));
        }

        var settings = runs.SelectMany(r => r.Settings).GroupBy(p => p.Key)
            .ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(p => p.Value).Distinct()));
        return new ExperimentSummary
        {
            Sample = samples[0],
            Items = runs.Select(r => r.Item).Distinct().ToArray(),
            Mappings = mappings,
            Settings = settings,
            Runs = runs,
        };
    }
}
