using System.Diagnostics;
using FourierGen;
using FourierGen.Kernels;

namespace SpectralBias1D;

/// <summary>Settings of the power-law experiment (the paper's Fig. 3).</summary>
public sealed record PowerLawSettings
{
    /// <summary>Points of the signal; every <see cref="Every"/>-th is a training point, the rest are test points.</summary>
    public int Points { get; init; } = 256;

    /// <summary>Training sampling interval (8: 32 training and 224 test points).</summary>
    public int Every { get; init; } = 8;

    /// <summary>α of the 1/f^α signal.</summary>
    public double SignalPower { get; init; } = 1;

    /// <summary>Hidden width: 1024 (the paper) or 512 (--quick).</summary>
    public int Width { get; init; } = 1024;

    /// <summary>SGD steps (full batch).</summary>
    public int Steps { get; init; } = 50_000;

    /// <summary>SGD learning rate on ½Σ(f − y)².</summary>
    public double LearningRate { get; init; } = 1e-5;

    /// <summary>Steps between evaluations of the curves.</summary>
    public int EvaluateEvery { get; init; } = 250;

    /// <summary>Seed of the signal and (plus the mapping's index) of each network.</summary>
    public int Seed { get; init; }

    /// <summary>Trainer threads.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Which mappings to run (names of <see cref="PowerLawExperiment.MappingNames"/>); all when empty.</summary>
    public string[] Mappings { get; init; } = [];

    /// <summary>The full paper setting.</summary>
    public static PowerLawSettings Paper => new();

    /// <summary>
    /// The --quick setting: a 4 × 512 network, 600 steps at lr 1e-3 — the same lr·steps as the paper's
    /// 50 000 at 1e-5 (so the same point of the NTK dynamics) — evaluated every 20 steps.
    /// </summary>
    public static PowerLawSettings Quick => new() { Width = 512, Steps = 600, LearningRate = 1e-3, EvaluateEvery = 20 };

    /// <summary>Throws <see cref="UsageException"/> for a bad value.</summary>
    public void Validate()
    {
        if (Width is not (512 or 1024))
        {
            throw new UsageException($"--width must be 512 or 1024 (the declared networks), not {Width}.");
        }

        if (Steps < 1)
        {
            throw new UsageException($"--steps must be at least 1, not {Steps}.");
        }

        if (Threads < 1)
        {
            throw new UsageException($"--threads must be at least 1, not {Threads}.");
        }

        if (EvaluateEvery < 1 || Every < 2 || Points < 2 * Every)
        {
            throw new UsageException("the evaluation interval must be at least 1 and the signal must hold at least two training intervals.");
        }

        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new UsageException($"--lr must be positive and finite, not {LearningRate}.");
        }

        foreach (string name in Mappings)
        {
            if (!PowerLawExperiment.MappingNames.Contains(name))
            {
                throw new UsageException($"unknown mapping '{name}'; choose from {string.Join(", ", PowerLawExperiment.MappingNames)}.");
            }
        }
    }
}

/// <summary>One mapping's training and theory curves.</summary>
/// <remarks>
/// <see cref="LargestStepTimesEigenvalue"/> is lr·λ_max of the train NTK (the discrete steps follow the
/// continuous-time theory while it is well below 2). <see cref="TestPredictionGap"/> is
/// RMS(f_trained − f_theory) / RMS(y) over the test points after the last step.
/// </remarks>
public sealed record PowerLawCurve(
    string Mapping,
    string Label,
    int ParameterCount,
    long[] Steps,
    double[] TrainMse,
    double[] TestMse,
    double[] TheoryTrainMse,
    double[] TheoryTestMse,
    double TheoryMeanTestMse,
    float[] FinalPrediction,
    double[] TheoryFinalPrediction,
    double LargestStepTimesEigenvalue,
    double TestPredictionGap,
    double Seconds)
{
    /// <summary>Test MSE of the trained network after the last step.</summary>
    public double FinalTestMse => TestMse[^1];

    /// <summary>Test MSE of the theory at the last step.</summary>
    public double FinalTheoryTestMse => TheoryTestMse[^1];

    /// <summary>|trained − theory| / theory of the final test MSE.</summary>
    public double FinalTestMseRelativeGap => Math.Abs(FinalTestMse - FinalTheoryTestMse) / FinalTheoryTestMse;
}

/// <summary>The power-law experiment's result.</summary>
public sealed record PowerLawResult(PowerLawSettings Settings, double[] X, double[] Signal, int[] TrainIndices, PowerLawCurve[] Curves, double Seconds);

/// <summary>
/// The paper's Fig. 3: band-limited 1/f noise, 32 training points, a 4 × 1024 ReLU network trained by
/// full-batch SGD on ½Σ(f − y)², for no mapping and power-law features a_j = j^−p. Beside each
/// trained network, the NTK theory: the infinitely wide network's outputs under the same gradient
/// descent, started from this network's initial outputs f₀ (<see cref="GradientDescentMse"/>).
/// </summary>
public static class PowerLawExperiment
{
    /// <summary>The mappings, in plotting order.</summary>
    public static readonly string[] MappingNames = ["none", "0", "0.5", "1", "1.5", "2", "inf"];

    /// <summary>Runs the experiment.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="progress">Progress of each mapping's training.</param>
    /// <param name="partial">Called with the result so far after each mapping (to save partial results of a long run).</param>
    public static PowerLawResult Run(PowerLawSettings settings, ProgressReport? progress = null, Action<PowerLawResult>? partial = null)
    {
        settings.Validate();
        var total = Stopwatch.StartNew();
        int n = settings.Points;
        double[] x = Enumerable.Range(0, n).Select(i => (double)i / n).ToArray();
        double[] signal = Signals.PowerLaw(n, settings.SignalPower, bandLimit: true, settings.Seed);
        int[] trainIndices = Enumerable.Range(0, n).Where(i => i % settings.Every == 0).ToArray();
        int[] testIndices = Enumerable.Range(0, n).Where(i => i % settings.Every != 0).ToArray();

        // In the order given (so a long run can do the mappings that matter most first).
        string[] names = settings.Mappings.Length == 0 ? MappingNames : settings.Mappings.Distinct().ToArray();
        var curves = new List<PowerLawCurve>();
        foreach (string name in names)
        {
            int index = Array.IndexOf(MappingNames, name);
            IAnalyticNetwork model = Create(name, settings.Width, settings.Seed + 1 + index);
            curves.Add(RunMapping(name, model, settings, x, signal, trainIndices, testIndices, progress));
            partial?.Invoke(new PowerLawResult(settings, x, signal, trainIndices, curves.ToArray(), total.Elapsed.TotalSeconds));
        }

        return new PowerLawResult(settings, x, signal, trainIndices, curves.ToArray(), total.Elapsed.TotalSeconds);
    }

    /// <summary>A label for plots: "No mapping", "p = 1", "p = ∞".</summary>
    public static string Label(string mapping) => mapping switch
    {
        "none" => "No mapping",
        "inf" => "p = ∞",
        _ => $"p = {mapping}",
    };

    /// <summary>The declared network of a mapping at a width: no mapping, or the power-law type with a_j = j^−p.</summary>
    public static IAnalyticNetwork Create(string mapping, int width, int seed) => (mapping, width) switch
    {
        ("none", 1024) => new NoMapping1024(seed),
        ("none", 512) => new NoMapping512(seed),
        (_, 1024) => new PowerLaw1024(seed, amplitudes: Amplitudes(mapping)),
        (_, 512) => new PowerLaw512(seed, amplitudes: Amplitudes(mapping)),
        _ => throw new UsageException($"no declared network for mapping '{mapping}' at width {width}."),
    };

    /// <summary>a_j = j^−p for j = 1..16 (p = ∞: the basic mapping's 1, 0, 0, …), the power-law features' amplitudes.</summary>
    public static float[] Amplitudes(string exponent)
    {
        float p = exponent == "inf" ? float.PositiveInfinity : float.Parse(exponent, System.Globalization.CultureInfo.InvariantCulture);
        return Enumerable.Range(1, 16).Select(j => float.IsPositiveInfinity(p) ? (j == 1 ? 1f : 0f) : (float)Math.Pow(j, -p)).ToArray();
    }

    /// <summary>The outputs of every row as a new array.</summary>
    public static float[] Predict(IFourierNetwork network, float[] inputs)
    {
        var outputs = new float[inputs.Length * network.OutputSize / network.InputSize];
        network.PredictBatch(inputs, outputs);
        return outputs;
    }

    /// <summary>RMS(trained − theory) / RMS(signal) over the test points (every point not a training point).</summary>
    public static double PredictionGap(float[] trained, double[] theory, double[] signal, IEnumerable<int> testIndices)
    {
        double gap = 0, norm = 0;
        foreach (int i in testIndices)
        {
            gap += (trained[i] - theory[i]) * (trained[i] - theory[i]);
            norm += signal[i] * signal[i];
        }

        return Math.Sqrt(gap / norm);
    }

    private static PowerLawCurve RunMapping(string name, IAnalyticNetwork model, PowerLawSettings settings, double[] x, double[] signal,
        int[] trainIndices, int[] testIndices, ProgressReport? progress)
    {
        var clock = Stopwatch.StartNew();
        string label = Label(name);
        // No mapping: the network sees x − 0.5 (the paper's notebook); a Fourier mapping sees x.
        double offset = name == "none" ? 0.5 : 0;
        float[] Inputs(IEnumerable<int> indices) => indices.Select(i => (float)(x[i] - offset)).ToArray();
        float[] trainX = Inputs(trainIndices), testX = Inputs(testIndices), allX = Inputs(Enumerable.Range(0, x.Length));
        double[] trainY = trainIndices.Select(i => signal[i]).ToArray();
        double[] testY = testIndices.Select(i => signal[i]).ToArray();
        float[] trainTargets = trainY.Select(v => (float)v).ToArray();
        int nTrain = trainX.Length, nTest = testX.Length;

        // Theory: Θ(X, X), Θ(X*, X) of the infinitely wide network, and f₀ of this finite one.
        var kTrain = new double[nTrain * nTrain];
        var kTestTrain = new double[nTest * nTrain];
        model.NtkMatrix(trainX, trainX, kTrain);
        model.NtkMatrix(testX, trainX, kTestTrain);
        double[] f0Train = Predict(model, trainX).Select(v => (double)v).ToArray();
        double[] f0Test = Predict(model, testX).Select(v => (double)v).ToArray();
        // ½Σ loss with SGD(lr) for s steps = GradientDescentMse with learningRate = lr·n·k at t = s.
        var theory = new GradientDescentMse(kTrain, nTrain, trainY, 1, learningRate: settings.LearningRate * nTrain);
        double stepTimesEigenvalue = settings.LearningRate * theory.Eigenvalues[0];

        var steps = new List<long>();
        var trainMse = new List<double>();
        var testMse = new List<double>();
        var theoryTrain = new List<double>();
        var theoryTest = new List<double>();
        var theoryTrainOut = new double[nTrain];
        var theoryTestOut = new double[nTest];
        var trainOut = new float[nTrain];
        var testOut = new float[nTest];

        void Evaluate(long step)
        {
            model.PredictBatch(trainX, trainOut);
            model.PredictBatch(testX, testOut);
            theory.PredictTrain(step, f0Train, theoryTrainOut);
            theory.PredictTest(step, kTestTrain, nTest, f0Train, f0Test, theoryTestOut);
            steps.Add(step);
            trainMse.Add(Signals.Mse(trainOut, trainY));
            testMse.Add(Signals.Mse(testOut, testY));
            theoryTrain.Add(Signals.Mse(theoryTrainOut, trainY));
            theoryTest.Add(Signals.Mse(theoryTestOut, testY));
        }

        var options = new TrainerOptions
        {
            Optimizer = Optimizer.Sgd((float)settings.LearningRate),
            Loss = Loss.HalfSumSquared,
            BatchCapacity = nTrain,
            Threads = settings.Threads,
        };
        using (INetworkTrainer trainer = model.CreateTrainer(options))
        {
            Evaluate(0);
            progress?.Invoke(label, 0);

            // Full-batch SGD; Fit reports on the training thread after every EvaluateEvery-th step and the last, where the
            // network and the theory are evaluated at the same step.
            var batch = new Minibatches(trainX, trainTargets, inputSize: 1, outputSize: 1, batchSize: nTrain, shuffle: false);
            trainer.Fit(batch, new FitOptions { Steps = settings.Steps, ReportEvery = settings.EvaluateEvery }, new OnReport(report =>
            {
                Evaluate(report.Step);
                progress?.Invoke(label, report.Fraction);
            }));
        }

        // The mean prediction over initialisations (f₀ = 0) at the end, for reference.
        var meanTest = new double[nTest];
        theory.PredictTest(settings.Steps, kTestTrain, nTest, meanTest);

        // Final functions on every point: the trained network and the theory.
        float[] finalPrediction = Predict(model, allX);
        var kAllTrain = new double[x.Length * nTrain];
        model.NtkMatrix(allX, trainX, kAllTrain);
        double[] f0All = new double[x.Length];
        for (int i = 0; i < trainIndices.Length; i++)
        {
            f0All[trainIndices[i]] = f0Train[i];
        }

        for (int i = 0; i < testIndices.Length; i++)
        {
            f0All[testIndices[i]] = f0Test[i];
        }

        var theoryFinal = new double[x.Length];
        theory.PredictTest(settings.Steps, kAllTrain, x.Length, f0Train, f0All, theoryFinal);

        return new PowerLawCurve(name, label, model.ParameterCount, steps.ToArray(), trainMse.ToArray(), testMse.ToArray(),
            theoryTrain.ToArray(), theoryTest.ToArray(), Signals.Mse(meanTest, testY), finalPrediction, theoryFinal,
            stepTimesEigenvalue, PredictionGap(finalPrediction, theoryFinal, signal, testIndices), clock.Elapsed.TotalSeconds);
    }
}
