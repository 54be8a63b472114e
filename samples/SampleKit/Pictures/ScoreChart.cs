using ScottPlot;

namespace SampleKit.Pictures;

/// <summary>scores.png: the headline score per mapping (mean ± std over runs, the paper's value beside it) and its mean curve against step.</summary>
public static class ScoreChart
{
    private const int PanelWidth = 640;
    private const int Height = 480;

    /// <summary>Draws both panels and writes them as one PNG.</summary>
    public static void Save(ExperimentSummary summary, TableSpec spec, string path)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(spec);
        PlotPanels.Save(path, PanelWidth, Height, Bars(summary, spec), Curves(summary, spec));
    }

    private static Plot Bars(ExperimentSummary summary, TableSpec spec)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        string key = spec.Headline.Key;
        var ticks = new List<Tick>();
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        bool paperLabelled = false;
        for (int i = 0; i < summary.Mappings.Count; i++)
        {
            MappingSummary row = summary.Mappings[i];
            ticks.Add(new Tick(i, row.Mapping));
            if (!row.Metrics.TryGetValue(key, out MetricStats? stats))
            {
                continue;
            }

            var bar = plot.Add.Bar(new Bar { Position = i, Value = stats.Mean, Error = stats.Std, FillColor = palette.GetColor(i).WithAlpha(0.75) });
            bar.ValueLabelStyle.IsVisible = false;
            (low, high) = (Math.Min(low, stats.Mean - stats.Std), Math.Max(high, stats.Mean + stats.Std));
            if (spec.Paper(row.Mapping) is double paper)
            {
                var marker = plot.Add.Marker(i, paper, MarkerShape.FilledDiamond, 11, Colors.Black);
                if (!paperLabelled)
                {
                    marker.LegendText = "paper";
                    paperLabelled = true;
                }

                (low, high) = (Math.Min(low, paper), Math.Max(high, paper));
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Title($"{summary.Sample}: {spec.Headline.Header} ({summary.Runs.Count} runs, mean ± std)");
        plot.YLabel(spec.Headline.Header);
        if (double.IsFinite(low) && double.IsFinite(high))
        {
            double pad = Math.Max(1e-3, 0.08 * (high - low));
            plot.Axes.SetLimitsY(low - 3 * pad, high + pad);
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot Curves(ExperimentSummary summary, TableSpec spec)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < summary.Mappings.Count; i++)
        {
            CurvePoint[] points = summary.Mappings[i].Curve.Where(p => double.IsFinite(p.Metric)).ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Metric).ToArray());
            line.Color = palette.GetColor(i);
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = summary.Mappings[i].Mapping;
        }

        plot.Title($"{spec.Headline.Header} against step (mean over runs)");
        plot.XLabel("step");
        plot.YLabel(spec.Headline.Header);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
