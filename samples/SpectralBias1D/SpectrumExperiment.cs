using FourierGen;
using FourierGen.Kernels;

namespace SpectralBias1D;

/// <summary>Settings of the spectrum experiment (the paper's Fig. 2).</summary>
public sealed record SpectrumSettings
{
    /// <summary>Samples of h(v) over one period, v = k/n (also the length of its DFT).</summary>
    public int Points { get; init; } = 256;

    /// <summary>Training points x = k/n of the Gram matrix whose eigenvalues are plotted (the paper's 32).</summary>
    public int TrainPoints { get; init; } = 32;

    /// <summary>Grid of the no-mapping and basic NTK heat maps.</summary>
    public int HeatmapPoints { get; init; } = 100;

    /// <summary>The paper's setting.</summary>
    public static SpectrumSettings Paper => new();

    /// <summary>The --quick setting: 64 samples of h, 32 training points, 32 × 32 heat maps.</summary>
    public static SpectrumSettings Quick => new() { Points = 64, HeatmapPoints = 32 };

    /// <summary>Throws <see cref="UsageException"/> for a bad value.</summary>
    public void Validate()
    {
        if (Points < 4 || TrainPoints < 2 || HeatmapPoints < 2)
        {
            throw new UsageException("the spectrum needs at least 4 samples and 2 training points.");
        }
    }
}

/// <summary>One mapping's composed NTK.</summary>
/// <param name="Mapping">The mapping's name.</param>
/// <param name="Label">Its plot label.</param>
/// <param name="Peak">h(0) = Θ(v, v).</param>
/// <param name="Offsets">v − 0 for <see cref="Kernel"/>, in [−0.5, 0.5) (empty for no mapping: not stationary).</param>
/// <param name="Kernel">h(v − 0) = Θ(v, 0).</param>
/// <param name="Frequencies">0..n/2 for <see cref="Spectrum"/>.</param>
/// <param name="Spectrum">|DFT of h over one period|.</param>
/// <param name="Eigenvalues">Eigenvalues of the train Gram matrix Θ(X, X), descending.</param>
public sealed record SpectrumCurve(string Mapping, string Label, double Peak, double[] Offsets, double[] Kernel, double[] Frequencies,
    double[] Spectrum, double[] Eigenvalues);

/// <summary>The spectrum experiment's result.</summary>
public sealed record SpectrumResult(SpectrumSettings Settings, SpectrumCurve[] Curves, double[] HeatmapAxis, double[][] NoMappingNtk,
    double[][] BasicNtk, double Seconds);

/// <summary>
/// The paper's Fig. 2: the composed NTK h(v − 0) of the 4 × 1024 standard ReLU network for the basic
/// mapping and power-law features with several p, the magnitude of its Fourier transform, and the
/// eigenvalues of the training Gram matrix (no mapping too): spectral bias is the fall-off.
/// </summary>
public static class SpectrumExperiment
{
    /// <summary>The mappings, in plotting order.</summary>
    public static readonly string[] MappingNames = ["none", "basic", "0", "0.5", "1", "1.5", "2", "inf"];

    /// <summary>Runs the experiment (analytic kernels only: no training).</summary>
    public static SpectrumResult Run(SpectrumSettings settings, ProgressReport? progress = null)
    {
        settings.Validate();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var curves = new List<SpectrumCurve>();
        for (int m = 0; m < MappingNames.Length; m++)
        {
            string name = MappingNames[m];
            curves.Add(Curve(name, Create(name), settings));
            progress?.Invoke("kernels", (m + 1.0) / MappingNames.Length);
        }

        // The paper's Fig. 2a, b: Θ(x, x′) over [−0.5, 0.5]² for no mapping (inputs as they are) and the basic mapping.
        int h = settings.HeatmapPoints;
        double[] axis = Enumerable.Range(0, h).Select(i => -0.5 + (double)i / (h - 1)).ToArray();
        float[] grid = axis.Select(v => (float)v).ToArray();
        double[][] noMapping = Matrix(Create("none"), grid);
        double[][] basic = Matrix(Create("basic"), grid);
        progress?.Invoke("heat maps", 1);
        return new SpectrumResult(settings, curves.ToArray(), axis, noMapping, basic, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Plot label of a mapping.</summary>
    public static string Label(string mapping) => mapping switch
    {
        "none" => "No mapping",
        "basic" => "Basic",
        "inf" => "p = ∞",
        _ => $"p = {mapping}",
    };

    private static IAnalyticNetwork Create(string name) => name switch
    {
        "none" => new NoMapping1024(),
        "basic" => new Basic1024(),
        _ => PowerLawExperiment.Create(name, 1024, 0),
    };

    private static SpectrumCurve Curve(string name, IAnalyticNetwork model, SpectrumSettings settings)
    {
        int n = settings.Points;
        double[] offsets = [], kernel = [], frequencies = [], spectrum = [];
        double peak;
        if (name == "none")
        {
            // Not stationary: the peak at the centre of the (x − 0.5) input range's end, Θ(0.5, 0.5).
            peak = model.Ntk([0.5f], [0.5f]);
        }
        else
        {
            peak = model.Ntk([0f], [0f]);
            offsets = Enumerable.Range(0, n + 1).Select(k => -0.5 + (double)k / n).ToArray();
            kernel = offsets.Select(v => model.Ntk([(float)v], [0f])).ToArray();
            double[] period = Enumerable.Range(0, n).Select(k => model.Ntk([(float)((double)k / n)], [0f])).ToArray();
            spectrum = Signals.DftMagnitude(period);
            frequencies = Enumerable.Range(0, spectrum.Length).Select(k => (double)k).ToArray();
        }

        // The train Gram matrix: x = k/n (no mapping: x − 0.5, as the network sees it).
        int t = settings.TrainPoints;
        double shift = name == "none" ? 0.5 : 0;
        float[] train = Enumerable.Range(0, t).Select(k => (float)((double)k / t - shift)).ToArray();
        var gram = new double[t * t];
        model.NtkMatrix(train, train, gram);
        var eigenvalues = new double[t];
        SymmetricEigen.Eigenvalues(gram, t, eigenvalues);
        return new SpectrumCurve(name, Label(name), peak, offsets, kernel, frequencies, spectrum, eigenvalues);
    }

    private static double[][] Matrix(IAnalyticNetwork model, float[] grid)
    {
        int h = grid.Length;
        var k = new double[h * h];
        model.NtkMatrix(grid, grid, k);
        return Enumerable.Range(0, h).Select(i => k.AsSpan(i * h, h).ToArray()).ToArray();
    }
}
