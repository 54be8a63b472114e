using System.Runtime.CompilerServices;
using ScottPlot;

namespace SpectralBias1D;

/// <summary>
/// ScottPlot helpers: lines and points on optionally log-scaled axes (values are plotted as log10, the ticks labelled in one
/// scientific format). A value the axes cannot show (≤ 0 on a log axis, NaN, ∞) is left out and the plot says how many were.
/// </summary>
internal static class Plots
{
    // Points left out of each plot because a log axis cannot show them; Save writes the count on the plot.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Plot, StrongBox<int>> s_omitted = new();

    public const int Width = 1000, Height = 650;

    private static readonly Color[] s_colors = new ScottPlot.Palettes.Category10().Colors;

    public static Color ColorOf(int index) => s_colors[index % s_colors.Length];

    public static Plot Create(string title, string xLabel, string yLabel, bool logX = false, bool logY = false)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (logX)
        {
            plot.Axes.Bottom.TickGenerator = LogTicks();
        }

        if (logY)
        {
            plot.Axes.Left.TickGenerator = LogTicks();
        }

        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.12);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.05);
        plot.Grid.MinorLineWidth = 1;
        return plot;
    }

    public static void Line(Plot plot, double[] xs, double[] ys, Color color, string? legend, bool logX = false, bool logY = false,
        bool dashed = false, float width = 2)
    {
        (double[] x, double[] y) = Transform(plot, xs, ys, logX, logY);
        var line = plot.Add.ScatterLine(x, y, color);
        line.LineWidth = width;
        line.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
        if (legend is not null)
        {
            line.LegendText = legend;
        }
    }

    public static void Points(Plot plot, double[] xs, double[] ys, Color color, string? legend, bool logX = false, bool logY = false,
        MarkerShape shape = MarkerShape.FilledCircle, float size = 7)
    {
        (double[] x, double[] y) = Transform(plot, xs, ys, logX, logY);
        var points = plot.Add.ScatterPoints(x, y, color);
        points.MarkerShape = shape;
        points.MarkerSize = size;
        if (legend is not null)
        {
            points.LegendText = legend;
        }
    }

    public static void Save(Plot plot, string directory, string name, List<string> written, int width = Width, int height = Height)
    {
        string path = Path.Combine(directory, name);
        if (s_omitted.TryGetValue(plot, out StrongBox<int>? omitted) && omitted.Value > 0)
        {
            plot.Add.Annotation($"{omitted.Value} value(s) not shown: ≤ 0 on a log axis, or not finite", Alignment.LowerLeft);
        }

        plot.SavePng(path, width, height);
        written.Add(path);
    }

    private static (double[] X, double[] Y) Transform(Plot plot, double[] xs, double[] ys, bool logX, bool logY)
    {
        var x = new List<double>(xs.Length);
        var y = new List<double>(ys.Length);
        for (int i = 0; i < xs.Length; i++)
        {
            if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i]) || (logX && !(xs[i] > 0)) || (logY && !(ys[i] > 0)))
            {
                s_omitted.GetOrCreateValue(plot).Value++; // no place on the axes: counted, and said on the plot
                continue;
            }

            x.Add(logX ? Math.Log10(xs[i]) : xs[i]);
            y.Add(logY ? Math.Log10(ys[i]) : ys[i]);
        }

        return (x.ToArray(), y.ToArray());
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        // One format for every tick (G2 switched between 0.00063 and 6.3E-05): two significant digits, scientific.
        LabelFormatter = value => Math.Pow(10, value).ToString("0.#e+0", System.Globalization.CultureInfo.InvariantCulture),
    };
}
