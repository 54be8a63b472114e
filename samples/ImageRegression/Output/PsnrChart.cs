using SampleKit.Pictures;
using ScottPlot;

namespace ImageRegression.Output;

/// <summary>psnr.png: train and test PSNR against step for every mapping (two ScottPlot panels, one colour per mapping).</summary>
public static class PsnrChart
{
    private const int PanelWidth = 640;
    private const int Height = 480;

    /// <summary>Draws both panels and writes them as one PNG.</summary>
    public static void Save(ExperimentResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        PlotPanels.Save(path, PanelWidth, Height, Panel(result, test: false), Panel(result, test: true));
    }

    private static Plot Panel(ExperimentResult result, bool test)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int i = 0; i < result.Results.Count; i++)
        {
            MappingResult r = result.Results[i];
            double[] steps = r.Curve.Select(p => (double)p.Step).ToArray();
            double[] psnr = r.Curve.Select(p => test ? p.TestPsnr : p.TrainPsnr).ToArray();
            var line = plot.Add.Scatter(steps, psnr);
            line.Color = palette.GetColor(i);
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = MappingSpec.Parse(r.Mapping).DisplayName;
            foreach (double v in psnr.Where(double.IsFinite))
            {
                (low, high) = (Math.Min(low, v), Math.Max(high, v));
            }

        }

        // The NTK predictions after the curves, so that their one legend entry comes last.
        bool labelled = false;
        for (int i = 0; test && i < result.Results.Count; i++)
        {
            if (result.Results[i].NtkTestPsnr is double ntk && double.IsFinite(ntk))
            {
                var level = plot.Add.HorizontalLine(ntk);
                level.Color = palette.GetColor(i);
                level.LineWidth = 1.5f;
                level.LinePattern = LinePattern.Dashed;
                if (!labelled)
                {
                    // One legend entry for all the dashed lines: each is drawn in its mapping's colour.
                    level.LegendText = "dashed: NTK regression";
                    labelled = true;
                }

                (low, high) = (Math.Min(low, ntk), Math.Max(high, ntk));
            }
        }

        string protocol = result.Protocol == "paper" ? "pixels [1::2, 1::2]" : "every pixel";
        plot.Title(test ? $"Test PSNR ({protocol})" : "Train PSNR (pixels [::2, ::2])");
        plot.XLabel("Adam step");
        plot.YLabel("PSNR (dB)");
        if (double.IsFinite(low) && double.IsFinite(high))
        {
            plot.Axes.SetLimitsY(Math.Floor(low) - 1, Math.Ceiling(high) + 1);
        }

        plot.Axes.SetLimitsX(0, result.Steps);
        if (test)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }
        else
        {
            plot.HideLegend();
        }

        return plot;
    }
}
