using System.Diagnostics;
using FourierGen;

namespace SpectralBias1D;

/// <summary>Settings of the sampling experiment (the paper's Fig. 4).</summary>
public sealed record SamplingSettings
{
    /// <summary>Training points; the signal has <see cref="Density"/> times as many, every c-th is for training.</summary>
    public int TrainPoints { get; init; } = 1024;

    /// <summary>c: one point in c is a training point, the others are test points.</summary>
    public int Density { get; init; } = 2;

    /// <summary>α of the 1/f^α signals (no band limit).</summary>
    public double[] Alphas { get; init; } = [0.5, 1, 1.5];

    /// <summary>The target RMS(b) values of the sweep; each distribution's σ is chosen so that E[b²] = target².</summary>
    public double[] TargetRms { get; init; } = Enumerable.Range(0, 12).Select(i => Math.Pow(2, i * 0.75)).ToArray();

    /// <summary>Hidden width: 256 (the paper) or 64 (--quick).</summary>
    public int Width { get; init; } = 256;

    /// <summary>Adam steps (full batch, MSE).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Seed of the signals and networks.</summary>
    public int Seed { get; init; }

    /// <summary>Trainer threads.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>The paper's setting.</summary>
    public static SamplingSettings Paper => new();

    /// <summary>
    /// The --quick setting: 128 training points of one α = 1 signal, a 4 × 64 network, 400 Adam steps at
    /// 5e-3, RMS(b) from 1 to 128 in octaves.
    /// </summary>
    public static SamplingSettings Quick => new()
    {
        TrainPoints = 128,
        Alphas = [1],
        TargetRms = Enumerable.Range(0, 8).Select(i => Math.Pow(2, i)).ToArray(),
        Width = 64,
        Steps = 400,
        LearningRate = 5e-3,
    };

    /// <summary>Throws <see cref="UsageException"/> for a bad value.</summary>
    public void Validate()
    {
        if (Width is not (64 or 256))
        {
            throw new UsageException($"--width must be 64 or 256 (the declared sampling networks), not {Width}.");
        }

        if (Steps < 1)
        {
            throw new UsageException($"--steps must be at least 1, not {Steps}.");
        }

        if (Threads < 1)
        {
            throw new UsageException($"--threads must be at least 1, not {Threads}.");
        }

        if (TrainPoints < 2 || TrainPoints > 1 << 16 || Density < 2)
        {
            throw new UsageException($"--train-points must be between 2 and 65536, not {TrainPoints}.");
        }

        if (Alphas.Length == 0 || Alphas.Any(a => !double.IsFinite(a) || a < 0))
        {
            throw new UsageException("--alphas must be a non-empty list of finite values ≥ 0.");
        }

        if (TargetRms.Length == 0 || TargetRms.Any(r => !(r > 0) || !double.IsFinite(r)))
        {
            throw new UsageException("every target RMS must be positive and finite.");
        }
    }
}

/// <summary>One trained network of the sweep.</summary>
public sealed record SamplingRun(string Distribution, double Alpha, double TargetRms, double Scale, double Rms, double TrainMse, double TestMse);

/// <summary>The sampling experiment's result.</summary>
public sealed record SamplingResult(SamplingSettings Settings, SamplingRun[] Runs, double Seconds);

/// <summary>
/// The paper's Fig. 4: 16 random frequencies from each of the paper's Table 2 distributions (the
/// library's <see cref="RandomFrequencies"/> sampler), swept over scale; test MSE against
/// RMS(b) = √mean(b²) falls on one U-shaped curve for all distributions.
/// </summary>
public static class SamplingExperiment
{
    /// <summary>The distributions, in plotting order.</summary>
    public static readonly FrequencyDistribution[] Distributions =
        [FrequencyDistribution.Gaussian, FrequencyDistribution.Uniform, FrequencyDistribution.UniformLog, FrequencyDistribution.Laplace];

    /// <summary>Runs the sweep.</summary>
    public static SamplingResult Run(SamplingSettings settings, ProgressReport? progress = null)
    {
        settings.Validate();
        var clock = Stopwatch.StartNew();
        int total = settings.TrainPoints * settings.Density;
        float[] allX = Enumerable.Range(0, total).Select(i => (float)((double)i / total)).ToArray();
        int[] trainIndices = Enumerable.Range(0, total).Where(i => i % settings.Density == 0).ToArray();
        int[] testIndices = Enumerable.Range(0, total).Where(i => i % settings.Density != 0).ToArray();
        float[] trainX = trainIndices.Select(i => allX[i]).ToArray();
        float[] testX = testIndices.Select(i => allX[i]).ToArray();

        var runs = new List<SamplingRun>();
        int done = 0, count = settings.Alphas.Length * Distributions.Length * settings.TargetRms.Length;
        for (int a = 0; a < settings.Alphas.Length; a++)
        {
            double alpha = settings.Alphas[a];
            double[] signal = Signals.PowerLaw(total, alpha, bandLimit: false, settings.Seed + 1000 * a);
            double[] trainY = trainIndices.Select(i => signal[i]).ToArray();
            double[] testY = testIndices.Select(i => signal[i]).ToArray();
            float[] targets = trainY.Select(v => (float)v).ToArray();
            foreach (FrequencyDistribution distribution in Distributions)
            {
                string label = $"α = {alpha}: {distribution}";
                for (int s = 0; s < settings.TargetRms.Length; s++)
                {
                    double target = settings.TargetRms[s];
                    float scale = (float)ScaleForRms(distribution, target);
                    IAnalyticNetwork model = Create(distribution, settings.Width, settings.Seed + 7919 * s + 31 * a, scale);
                    double rms = Rms(model.Frequencies);
                    var options = new TrainerOptions
                    {
                        Optimizer = Optimizer.Adam((float)settings.LearningRate),
                        Loss = Loss.MeanSquaredError,
                        BatchCapacity = trainX.Length,
                        Threads = settings.Threads,
                    };
                    using (INetworkTrainer trainer = model.CreateTrainer(options))
                    {
                        // Full-batch Adam: every training point, in order, each step.
                        trainer.Fit(new Minibatches(trainX, targets, inputSize: 1, outputSize: 1, batchSize: targets.Length, shuffle: false),
                            new FitOptions { Steps = settings.Steps });
                    }

                    runs.Add(new SamplingRun(distribution.ToString(), alpha, target, scale, rms,
                        Signals.Mse(PowerLawExperiment.Predict(model, trainX), trainY), Signals.Mse(PowerLawExperiment.Predict(model, testX), testY)));
                    progress?.Invoke(label, (s + 1.0) / settings.TargetRms.Length);
                    progress?.Invoke("all runs", ++done / (double)count);
                }
            }
        }

        return new SamplingResult(settings, runs.ToArray(), clock.Elapsed.TotalSeconds);
    }

    /// <summary>√mean(b²).</summary>
    public static double Rms(ReadOnlySpan<float> b)
    {
        double sum = 0;
        foreach (float v in b)
        {
            sum += (double)v * v;
        }

        return Math.Sqrt(sum / b.Length);
    }

    /// <summary>
    /// The scale σ whose distribution has E[b²] = <paramref name="rms"/>²: Gaussian σ·N(0,1): σ = r;
    /// Uniform σ·U[0,1): σ = √3·r; Laplace σ·Laplace(0,1) (variance 2): σ = r/√2; UniformLog σ^U[0,1):
    /// E[b²] = (σ² − 1)/(2 ln σ), solved for ln σ by bisection.
    /// </summary>
    public static double ScaleForRms(FrequencyDistribution distribution, double rms) => distribution switch
    {
        FrequencyDistribution.Gaussian => rms,
        FrequencyDistribution.Uniform => Math.Sqrt(3) * rms,
        FrequencyDistribution.Laplace => rms / Math.Sqrt(2),
        FrequencyDistribution.UniformLog => Math.Exp(SolveLogScale(rms * rms)),
        _ => throw new UsageException($"unknown distribution {distribution}."),
    };

    private static double SolveLogScale(double meanSquare)
    {
        // g(l) = (e^{2l} − 1)/(2l), increasing, g(0) = 1.
        static double G(double l) => Math.Abs(l) < 1e-12 ? 1 : double.ExpM1(2 * l) / (2 * l);
        double lo = -50, hi = 50;
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (G(mid) < meanSquare)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>The declared network of a width with 16 frequencies drawn from <paramref name="distribution"/> at scale σ.</summary>
    private static IAnalyticNetwork Create(FrequencyDistribution distribution, int width, int seed, float scale)
    {
        float[] b = new float[16];
        RandomFrequencies.Fill(b, distribution, scale, seed);
        return width switch
        {
            256 => new Random256(seed, frequencies: b),
            64 => new Random64(seed, frequencies: b),
            _ => throw new UsageException($"no declared network at width {width}."),
        };
    }
}
