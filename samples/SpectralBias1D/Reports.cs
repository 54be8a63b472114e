using System.Text.Json;
using System.Text.Json.Serialization;
using ScottPlot;

namespace SpectralBias1D;

/// <summary>Writes each experiment's JSON and PNG plots.</summary>
public static class Reports
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The paper's final test MSEs (Fig. 3), by mapping, where it states them.</summary>
    public static readonly IReadOnlyDictionary<string, double> PaperTestMse = new Dictionary<string, double>
    {
        ["none"] = 3.8e-2,
        ["0"] = 8.9e-3,
        ["1"] = 5.6e-3,
        ["inf"] = 1.2e-2,
    };

    public static List<string> WritePowerLaw(PowerLawResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        string json = Path.Combine(directory, "powerlaw.json");
        File.WriteAllText(json, JsonSerializer.Serialize(result, Json));
        written.Add(json);

        foreach ((string which, string title) in new[] { ("test", "test MSE"), ("train", "train MSE") })
        {
            Plot plot = Plots.Create($"Power-law features, 1/f signal: {title} (solid: trained network, dashed: NTK theory)",
                "SGD step", "Mean squared error", logY: true);
            for (int m = 0; m < result.Curves.Length; m++)
            {
                PowerLawCurve c = result.Curves[m];
                double[] steps = c.Steps.Select(s => (double)s).ToArray();
                Color color = Plots.ColorOf(m);
                Plots.Line(plot, steps, which == "test" ? c.TestMse : c.TrainMse, color, c.Label, logY: true);
                Plots.Line(plot, steps, which == "test" ? c.TheoryTestMse : c.TheoryTrainMse, color, null, logY: true, dashed: true);
            }

            plot.ShowLegend(Alignment.LowerLeft);
            Plots.Save(plot, directory, $"powerlaw_{which}_mse.png", written);
        }

        // The learned functions on a slice of the domain (the paper's Fig. 3a).
        int n = result.X.Length;
        int from = n / 2, to = 3 * n / 4;
        Plot functions = Plots.Create("Final learned functions (x in [0.5, 0.75]); dashed: NTK theory", "x", "y");
        double[] xs = result.X[from..to];
        for (int m = 0; m < result.Curves.Length; m++)
        {
            PowerLawCurve c = result.Curves[m];
            Plots.Line(functions, xs, c.FinalPrediction[from..to].Select(v => (double)v).ToArray(), Plots.ColorOf(m), c.Label);
            Plots.Line(functions, xs, c.TheoryFinalPrediction[from..to], Plots.ColorOf(m), null, dashed: true, width: 1);
        }

        Plots.Line(functions, xs, result.Signal[from..to], Colors.Black, "Target signal", width: 3);
        int[] train = result.TrainIndices.Where(i => i >= from && i < to).ToArray();
        Plots.Points(functions, train.Select(i => result.X[i]).ToArray(), train.Select(i => result.Signal[i]).ToArray(), Colors.Black,
            "Training points", size: 10);
        functions.ShowLegend(Alignment.UpperRight);
        Plots.Save(functions, directory, "powerlaw_functions.png", written);
        return written;
    }

    public static List<string> WriteSampling(SamplingResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        string json = Path.Combine(directory, "sampling.json");
        File.WriteAllText(json, JsonSerializer.Serialize(result, Json));
        written.Add(json);

        MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];
        var alphas = result.Runs.Select(r => r.Alpha).Distinct().ToArray();
        // One chart with everything: colour = distribution, marker = α.
        Plot all = Plots.Create("Test MSE against RMS(b) for 16 sampled frequencies (colour: distribution, marker: α)",
            "RMS(b) = √mean(b²)", "Test MSE", logX: true, logY: true);
        for (int d = 0; d < SamplingExperiment.Distributions.Length; d++)
        {
            string distribution = SamplingExperiment.Distributions[d].ToString();
            for (int a = 0; a < alphas.Length; a++)
            {
                SamplingRun[] runs = result.Runs.Where(r => r.Distribution == distribution && r.Alpha == alphas[a]).OrderBy(r => r.Rms).ToArray();
                Plots.Points(all, runs.Select(r => r.Rms).ToArray(), runs.Select(r => r.TestMse).ToArray(), Plots.ColorOf(d),
                    $"{distribution}, α = {alphas[a]}", logX: true, logY: true, shapes[a % shapes.Length], 8);
            }
        }

        all.ShowLegend(Edge.Right);
        Plots.Save(all, directory, "sampling_all.png", written, 1200, 650);

        // One chart per α, points joined in order of the sweep.
        foreach (double alpha in alphas)
        {
            Plot plot = Plots.Create($"α = {alpha}: test MSE against RMS(b) — width, not shape, of the distribution decides",
                "RMS(b) = √mean(b²)", "Test MSE", logX: true, logY: true);
            for (int d = 0; d < SamplingExperiment.Distributions.Length; d++)
            {
                string distribution = SamplingExperiment.Distributions[d].ToString();
                SamplingRun[] runs = result.Runs.Where(r => r.Distribution == distribution && r.Alpha == alpha).OrderBy(r => r.TargetRms).ToArray();
                double[] x = runs.Select(r => r.Rms).ToArray(), y = runs.Select(r => r.TestMse).ToArray();
                Plots.Points(plot, x, y, Plots.ColorOf(d), distribution, logX: true, logY: true, shapes[d % shapes.Length], 9);
                Plots.Line(plot, x, y, Plots.ColorOf(d), null, logX: true, logY: true, width: 1);
            }

            plot.ShowLegend(Alignment.UpperCenter);
            Plots.Save(plot, directory, $"sampling_alpha{alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}.png", written);
        }

        return written;
    }

    public static List<string> WriteSpectrum(SpectrumResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        string json = Path.Combine(directory, "spectrum.json");
        File.WriteAllText(json, JsonSerializer.Serialize(result, Json));
        written.Add(json);

        Plot spatial = Plots.Create("Composed NTK h(v − 0), 4 × 1024 ReLU network, power-law features a_j = j^−p", "v", "h(v)");
        Plot spectrum = Plots.Create("|Fourier transform of h| (one period, " + result.Settings.Points + " samples)", "frequency k", "|H(k)|",
            logY: true);
        Plot eigen = Plots.Create($"Eigenvalues of the train NTK Gram matrix ({result.Settings.TrainPoints} points), sorted", "index", "eigenvalue",
            logY: true);
        for (int m = 0; m < result.Curves.Length; m++)
        {
            SpectrumCurve c = result.Curves[m];
            Color color = Plots.ColorOf(m);
            if (c.Kernel.Length > 0)
            {
                if (c.Mapping != "basic") // h(0) = 194 for the unnormalised basic mapping would flatten the others (h(0) = 14)
                {
                    Plots.Line(spatial, c.Offsets, c.Kernel, color, c.Label);
                }

                Plots.Line(spectrum, c.Frequencies, c.Spectrum, color, c.Label, logY: true);
            }

            Plots.Line(eigen, Enumerable.Range(1, c.Eigenvalues.Length).Select(i => (double)i).ToArray(), c.Eigenvalues, color, c.Label,
                logY: true);
        }

        spatial.ShowLegend(Alignment.UpperRight);
        spectrum.ShowLegend(Alignment.UpperRight);
        eigen.ShowLegend(Alignment.UpperRight);
        Plots.Save(spatial, directory, "spectrum_kernel.png", written);
        Plots.Save(spectrum, directory, "spectrum_fourier.png", written);
        Plots.Save(eigen, directory, "spectrum_eigenvalues.png", written);

        foreach ((string name, string title, double[][] k) in new[] { ("spectrum_ntk_nomapping.png", "No mapping NTK Θ(x, x′)", result.NoMappingNtk),
                     ("spectrum_ntk_basic.png", "Basic mapping NTK Θ(x, x′)", result.BasicNtk) })
        {
            int h = k.Length;
            var values = new double[h, h];
            for (int i = 0; i < h; i++)
            {
                for (int j = 0; j < h; j++)
                {
                    values[h - 1 - i, j] = k[i][j]; // row 0 at the bottom: y grows upwards like the axis
                }
            }

            Plot plot = Plots.Create(title, "x", "x′");
            var heatmap = plot.Add.Heatmap(values);
            heatmap.Colormap = new ScottPlot.Colormaps.Inferno();
            heatmap.Extent = new CoordinateRect(-0.5, 0.5, -0.5, 0.5);
            plot.Add.ColorBar(heatmap);
            Plots.Save(plot, directory, name, written, 700, 600);
        }

        return written;
    }
}
