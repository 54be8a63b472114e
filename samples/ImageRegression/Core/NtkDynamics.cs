using FourierGen;
using SampleKit;
using FourierGen.Kernels;

namespace ImageRegression;

/// <summary>The NTK's prediction after a finite training time, beside the converged one.</summary>
/// <param name="Tau">τ, the gradient-flow time of <see cref="GradientDescentMse"/>'s convention (learningRate·t/N).</param>
/// <param name="TrainPsnr">The dynamics' train PSNR at τ, dB.</param>
/// <param name="TestPsnr">The dynamics' test PSNR at τ, dB.</param>
public sealed record DynamicsPoint(double Tau, double TrainPsnr, double TestPsnr);

/// <summary>
/// The NTK dynamics of gradient descent on the MSE at finite time, on every training pixel (the runtime's
/// <see cref="GridGradientDescentMse"/>), for comparing the theory with a network trained for a given number of steps.
/// </summary>
/// <remarks>
/// <para><b>Which time.</b> Plain gradient descent with rate lr on the mean squared error (mean over the N = n·3 target
/// values) moves the outputs by −(2·lr/N)·Θ(f − y) per step, so s steps are gradient-flow time τ = 2·lr·s/N in
/// <see cref="GradientDescentMse"/>'s convention (learningRate = 2·lr, t = s). The sample trains with Adam, which has no
/// such time: each parameter moves by about lr per step whatever its gradient's size (the update is the gradient
/// divided by its running RMS), so the function moves far faster than gradient descent with rate lr. τ = 2·lr·s/N is
/// therefore reported as what "t = steps × learning rate" means for gradient descent, and, as a second reading, the
/// τ at which the dynamics' train PSNR equals the trained network's (a time matched by training progress).</para>
/// </remarks>
public static class NtkDynamics
{
    /// <summary>Creates the dynamics of <paramref name="net"/>'s NTK on the training grid, targets centred at ½.</summary>
    public static GridGradientDescentMse Create<TNet>(TNet net, PixelSplit split, double diagReg, double tolerance)
        where TNet : IAnalyticNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(split);
        return GridGradientDescentMse.Create(net, split.TrainGrid, NtkRegression.Centred(split.TrainY), learningRate: 1,
            new IterativeSolverOptions { DiagReg = diagReg, Tolerance = tolerance });
    }

    /// <summary>τ of <paramref name="steps"/> steps of plain gradient descent with rate <paramref name="learningRate"/> on the MSE of <paramref name="split"/>.</summary>
    public static double GradientDescentTau(PixelSplit split, float learningRate, int steps)
    {
        ArgumentNullException.ThrowIfNull(split);
        return 2.0 * learningRate * steps / (3.0 * split.TrainCount);
    }

    /// <summary>Train and test PSNR of the dynamics at τ.</summary>
    public static DynamicsPoint At(GridGradientDescentMse dynamics, PixelSplit split, double tau, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        ArgumentNullException.ThrowIfNull(split);

        // learningRate is 1, so t = τ·N.
        double t = tau * 3.0 * split.TrainCount;
        var train = new double[split.TrainY.Length];
        dynamics.PredictTrain(t, train, null, cancellationToken);
        float[] test = NtkRegression.PredictTest(split, (grid, values) => dynamics.PredictGrid(t, grid, values, null, cancellationToken));
        return new DynamicsPoint(tau, Metrics.Psnr(Clip(train), split.TrainY), Metrics.Psnr(test, split.TestY));
    }

    /// <summary>
    /// The τ at which the dynamics' train PSNR reaches <paramref name="trainPsnr"/> (bisection on log τ; the train PSNR
    /// rises monotonically with τ), with the test PSNR there. If even τ = ∞ stays below it, the converged point.
    /// </summary>
    public static DynamicsPoint MatchTrainPsnr(GridGradientDescentMse dynamics, PixelSplit split, double trainPsnr, CancellationToken cancellationToken = default)
    {
        double low = 1e-12, high = 1e-2;
        DynamicsPoint atHigh = At(dynamics, split, high, cancellationToken);
        while (atHigh.TrainPsnr < trainPsnr && high < 1e6)
        {
            (low, high) = (high, high * 100);
            atHigh = At(dynamics, split, high, cancellationToken);
        }

        if (atHigh.TrainPsnr < trainPsnr)
        {
            return atHigh;
        }

        DynamicsPoint best = atHigh;
        for (int i = 0; i < 24 && high / low > 1.02; i++)
        {
            double middle = Math.Sqrt(low * high);
            DynamicsPoint point = At(dynamics, split, middle, cancellationToken);
            if (point.TrainPsnr < trainPsnr)
            {
                low = middle;
            }
            else
            {
                (high, best) = (middle, point);
            }
        }

        return best;
    }

    /// <summary>
    /// The dynamics of every Fourier mapping of an earlier run (its results.json), without training again: each mapping's
    /// network (same seed and scale) gives the NTK; the gradient-descent time comes from the run's learning rate and
    /// steps, the matched time from its final train PSNR. Mappings without a Fourier mapping keep null dynamics.
    /// </summary>
    public static ExperimentResult ForTrainedRun(ExperimentResult trained, RgbImage image, ExperimentOptions settings,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(settings);
        PixelSplit split = PixelSplit.Create(image.CropAndResize(trained.Size), trained.Protocol == "demo" ? Protocol.Demo : Protocol.Paper);
        var results = new List<MappingResult>();
        foreach (MappingResult r in trained.Results)
        {
            MappingSpec mapping = MappingSpec.Parse(r.Mapping);
            GridGradientDescentMse? dynamics = mapping.Kind switch
            {
                MappingKind.Basic => Create(new BasicImageNet(trained.Seed), split, settings.NtkDiagReg, settings.NtkTolerance),
                MappingKind.Positional => Create(new PositionalImageNet(trained.Seed, frequencyScale: mapping.Scale), split, settings.NtkDiagReg, settings.NtkTolerance),
                MappingKind.Gaussian => Create(new GaussianImageNet(trained.Seed, frequencyScale: mapping.Scale), split, settings.NtkDiagReg, settings.NtkTolerance),
                MappingKind.SmallGaussian => Create(new SmallGaussianImageNet(trained.Seed, frequencyScale: mapping.Scale), split, settings.NtkDiagReg, settings.NtkTolerance),
                _ => null,
            };
            if (dynamics is null)
            {
                results.Add(r);
                continue;
            }

            progress?.Report($"[{r.Mapping}] NTK dynamics…");
            DynamicsPoint gradientDescent = At(dynamics, split, GradientDescentTau(split, r.LearningRate, trained.Steps), cancellationToken);
            DynamicsPoint matched = MatchTrainPsnr(dynamics, split, r.TrainPsnr, cancellationToken);
            results.Add(r with { NtkGradientDescent = gradientDescent, NtkMatched = matched });
        }

        return trained with { Results = results };
    }

    private static float[] Clip(double[] centred)
    {
        var result = new float[centred.Length];
        for (int i = 0; i < centred.Length; i++)
        {
            result[i] = (float)Math.Clamp(centred[i] + 0.5, 0, 1);
        }

        return result;
    }
}
