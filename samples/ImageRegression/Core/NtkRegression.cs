using System.Diagnostics;
using FourierGen;
using SampleKit;
using FourierGen.Kernels;

namespace ImageRegression;

/// <summary>The outcome of kernel regression with a network's analytic NTK.</summary>
/// <param name="TestPsnr">PSNR of the clipped predictions on the test pixels, dB.</param>
/// <param name="TrainPoints">Training pixels used.</param>
/// <param name="DiagReg">The relative ridge used (neural-tangents' diag_reg).</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="Solver">"grid" (every training pixel, FFT conjugate gradients) or "dense" (Cholesky on a Gram matrix).</param>
/// <param name="Iterations">The grid solver's conjugate-gradient iterations (the most over R, G, B), or null.</param>
/// <param name="Residual">The grid solver's final relative residual, or null.</param>
public sealed record NtkOutcome(double TestPsnr, int TrainPoints, double DiagReg, double Seconds, string Solver = "dense",
    int? Iterations = null, double? Residual = null);

/// <summary>
/// What the paper's theory predicts before any training: the infinitely wide network trained to convergence on the
/// training pixels by gradient descent on the MSE is kernel regression with its NTK,
/// f(x) = Θ(x, X)(Θ(X, X) + rI)⁻¹(Y − ½) + ½.
/// </summary>
/// <remarks>
/// Targets are centred at ½, the value of the sigmoid output at zero: the regression models the network's
/// pre-sigmoid output as linear (the NTK regime) starting from a zero-mean output, so ½ plays the role of the
/// initial output. Predictions are clipped to [0, 1] before the PSNR. With a Fourier mapping the NTK is stationary
/// and the training pixels are a regular grid, so the regression uses every training pixel through the runtime's
/// <see cref="GridKernelRegression"/> (FFT conjugate gradients, no Gram matrix); raw coordinates (none) have no such
/// structure and fall back to the dense solve on at most <see cref="ExperimentOptions.NtkMaxTrainPoints"/> pixels.
/// </remarks>
public static class NtkRegression
{
    /// <summary>The largest ridge tried when the factorisation keeps failing.</summary>
    public const double MaxDiagReg = 1e-2;

    private const int TestBlock = 1024;

    /// <summary>Fits on the training pixels and scores the test pixels: the grid solver when the NTK is stationary, else the dense one.</summary>
    public static NtkOutcome TestPsnr<TNet>(TNet net, PixelSplit split, ExperimentOptions options, IProgress<SolverProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where TNet : IAnalyticNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        return net.Frequencies.IsEmpty
            ? TestPsnr(net, split, options.NtkMaxTrainPoints, options.NtkDiagReg, options.Seed)
            : GridTestPsnr(net, split, options.NtkDiagReg, options.NtkTolerance, progress, cancellationToken);
    }

    /// <summary>Kernel regression on every training pixel with the grid solver (the network must have a Fourier mapping).</summary>
    public static NtkOutcome GridTestPsnr<TNet>(TNet net, PixelSplit split, double diagReg, double tolerance, IProgress<SolverProgress>? progress,
        CancellationToken cancellationToken)
        where TNet : IAnalyticNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(split);
        var clock = Stopwatch.StartNew();
        GridKernelRegression fit = GridKernelRegression.Fit(net, split.TrainGrid, Centred(split.TrainY),
            new IterativeSolverOptions { DiagReg = diagReg, Tolerance = tolerance }, AnalyticKernelKind.Ntk, progress, cancellationToken);
        float[] predictions = PredictTest(split, (grid, values) => fit.PredictGrid(grid, values, cancellationToken));
        return new NtkOutcome(Metrics.Psnr(predictions, split.TestY), split.TrainCount, diagReg, clock.Elapsed.TotalSeconds, "grid",
            fit.Report.Iterations, fit.Report.RelativeResidual);
    }

    /// <summary>Y − ½, in float64.</summary>
    public static double[] Centred(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var centred = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            centred[i] = values[i] - 0.5;
        }

        return centred;
    }

    /// <summary>
    /// The test pixels' predictions, ½ added back and clipped to [0, 1], from a predictor of centred values on grids of
    /// the training grid's spacing: the paper's test pixels are one such grid; the demo protocol's (every pixel) four.
    /// </summary>
    public static float[] PredictTest(PixelSplit split, Action<RegularGrid, double[]> predict)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(predict);
        var result = new float[split.TestY.Length];
        foreach ((RegularGrid grid, int[] pixels) in split.TestGrids())
        {
            var values = new double[grid.Count * 3];
            predict(grid, values);
            for (int i = 0; i < pixels.Length; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    result[3 * pixels[i] + c] = (float)Math.Clamp(values[3 * i + c] + 0.5, 0, 1);
                }
            }
        }

        return result;
    }

    /// <summary>Fits on (a seeded subset of at most <paramref name="maxTrainPoints"/>) training pixels and scores the test pixels, dense.</summary>
    public static NtkOutcome TestPsnr<TNet>(TNet net, PixelSplit split, int maxTrainPoints, double diagReg, int seed)
        where TNet : IAnalyticNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(split);
        var clock = Stopwatch.StartNew();
        (float[] trainX, float[] trainY) = Subsample(split, maxTrainPoints, seed);
        int n = trainX.Length / 2;

        var gram = new double[checked(n * n)];
        net.NtkMatrix(trainX, trainX, gram);
        double[] targets = Centred(trainY);

        KernelRegression regression;
        double used = diagReg;
        while (true)
        {
            try
            {
                regression = KernelRegression.Fit(gram, n, targets, 3, used);
                break;
            }
            catch (MatrixNotPositiveDefiniteException) when (used < MaxDiagReg)
            {
                used = used == 0 ? 1e-10 : Math.Min(MaxDiagReg, used * 100);
            }
        }

        gram = [];
        int m = split.TestCount;
        var predictions = new float[m * 3];
        var block = new double[TestBlock * n];
        var blockPredictions = new double[TestBlock * 3];
        for (int start = 0; start < m; start += TestBlock)
        {
            int rows = Math.Min(TestBlock, m - start);
            Span<double> k = block.AsSpan(0, rows * n);
            net.NtkMatrix(split.TestX.AsSpan(2 * start, 2 * rows), trainX, k);
            regression.Predict(k, rows, blockPredictions.AsSpan(0, rows * 3));
            for (int i = 0; i < rows * 3; i++)
            {
                predictions[start * 3 + i] = (float)Math.Clamp(blockPredictions[i] + 0.5, 0, 1);
            }
        }

        return new NtkOutcome(Metrics.Psnr(predictions, split.TestY), n, used, clock.Elapsed.TotalSeconds);
    }

    /// <summary>All training pixels, or a seeded random subset of <paramref name="maxPoints"/> of them (in their original order).</summary>
    public static (float[] X, float[] Y) Subsample(PixelSplit split, int maxPoints, int seed)
    {
        ArgumentNullException.ThrowIfNull(split);
        int count = split.TrainCount;
        if (count <= maxPoints)
        {
            return (split.TrainX, split.TrainY);
        }

        int[] order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        int[] chosen = order[..maxPoints];
        Array.Sort(chosen);
        var x = new float[maxPoints * 2];
        var y = new float[maxPoints * 3];
        for (int i = 0; i < maxPoints; i++)
        {
            split.TrainX.AsSpan(2 * chosen[i], 2).CopyTo(x.AsSpan(2 * i));
            split.TrainY.AsSpan(3 * chosen[i], 3).CopyTo(y.AsSpan(3 * i));
        }

        return (x, y);
    }
}
