using ScottPlot;

namespace SpectralBias1D;

/// <summary>ScottPlot helpers: lines and points on optionally log-scaled axes (values are plotted as log10 with decade labels).</summary>
internal static class Plots
{
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
        (double[] x, double[] y) = Transform(xs, ys, logX, logY);
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
        (double[] x, double[] y) = Transform(xs, ys, logX, logY);
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
        plot.SavePng(path, width, height);
        written.Add(path);
    }

    private static (double[] X, double[] Y) Transform(double[] xs, double[] ys, bool logX, bool logY)
    {
        var x = new List<double>(xs.Length);
        var y = new List<double>(ys.Length);
        for (int i = 0; i < xs.Length; i++)
        {
            if ((logX && !(xs[i] > 0)) || (logY && !(ys[i] > 0)) || !double.IsFinite(xs[i]) || !double.IsFinite(ys[i]))
            {
                continue; // not representable on a log axis
            }

            x.Add(logX ? Math.Log10(xs[i]) : xs[i]);
            y.Add(logY ? Math.Log10(ys[i]) : ys[i]);
        }

        return (x.ToArray(), y.ToArray());
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        LabelFormatter = value => Math.Pow(10, value).ToString("G2", System.Globalization.CultureInfo.InvariantCulture),
    };
}
