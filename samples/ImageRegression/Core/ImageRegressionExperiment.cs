using System.Diagnostics;
using FourierGen;
using SampleKit;
using FourierGen.Kernels;

namespace ImageRegression;

/// <summary>What a run is doing.</summary>
public enum ExperimentPhase
{
    /// <summary>Kernel regression with the analytic NTK (before training).</summary>
    Ntk,

    /// <summary>Full-batch Adam steps.</summary>
    Training,

    /// <summary>The mapping is finished.</summary>
    Done,
}

/// <summary>A progress report: sent after every step, and when a phase starts or ends.</summary>
/// <param name="MappingIndex">Which mapping (index into the options' list).</param>
/// <param name="Mapping">The mapping.</param>
/// <param name="Phase">What it is doing.</param>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in all.</param>
/// <param name="Loss">The last step's MSE (before its update), or NaN.</param>
/// <param name="TrainPsnr">Train PSNR from that loss, dB, or NaN.</param>
/// <param name="TestPsnr">The latest test PSNR evaluated, dB, or NaN.</param>
/// <param name="NtkTestPsnr">The NTK regression's test PSNR once known, or null.</param>
/// <param name="NtkSolver">During the grid NTK solve: its conjugate-gradient iteration and residual so far, or null.</param>
public sealed record MappingProgress(int MappingIndex, MappingSpec Mapping, ExperimentPhase Phase, int Step, int Steps,
    double Loss, double TrainPsnr, double TestPsnr, double? NtkTestPsnr, SolverProgress? NtkSolver = null);

/// <summary>
/// The paper's 2-D image experiment (Tancik et al. 2020, §6 and Table 1): one network per feature mapping, each
/// fitting RGB from pixel coordinates with full-batch Adam on the MSE, scored by PSNR on held-out pixels — and,
/// optionally, each mapping's analytic NTK regression, the infinite-width prediction before any training.
/// No console: the CLI and the tests drive it through <see cref="Run"/>.
/// </summary>
public static class ImageRegressionExperiment
{
    /// <summary>Runs every mapping of <paramref name="options"/> in order.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="TrainingDivergedException">A mapping's training diverged (try a smaller learning rate).</exception>
    public static ExperimentRun Run(ExperimentOptions options, IProgress<MappingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        RgbImage image = options.Image.CropAndResize(options.Size);
        PixelSplit split = PixelSplit.Create(image, options.Protocol);

        var results = new List<MappingResult>();
        var reconstructions = new List<RgbImage>();
        int? ntkPoints = null;
        for (int i = 0; i < options.Mappings.Count; i++)
        {
            MappingSpec mapping = options.Mappings[i];
            int seed = options.Seed;
            (MappingResult result, RgbImage reconstruction, NtkOutcome? ntk) = mapping.Kind switch
            {
                MappingKind.None => RunMapping(new RawImageNet(seed), i, mapping, split, options, progress, cancellationToken),
                MappingKind.Basic => RunMapping(new BasicImageNet(seed), i, mapping, split, options, progress, cancellationToken),
                MappingKind.Positional => RunMapping(new PositionalImageNet(seed, frequencyScale: mapping.Scale), i, mapping, split, options, progress, cancellationToken),
                MappingKind.SmallGaussian => RunMapping(new SmallGaussianImageNet(seed, frequencyScale: mapping.Scale), i, mapping, split, options, progress, cancellationToken),
                _ => RunMapping(new GaussianImageNet(seed, frequencyScale: mapping.Scale), i, mapping, split, options, progress, cancellationToken),
            };
            ntkPoints = ntk is null ? ntkPoints : Math.Max(ntkPoints ?? 0, ntk.TrainPoints);
            results.Add(result);
            reconstructions.Add(reconstruction);
        }

        var summary = new ExperimentResult(options.ImageName, options.Size, options.Protocol.ToString().ToLowerInvariant(), options.Steps,
            results, options.Seed, split.TrainCount, split.TestCount, ntkPoints);
        return new ExperimentRun(summary, image, reconstructions);
    }

    /// <summary>The file a mapping's trained network is saved to with <see cref="ExperimentOptions.SaveWeightsDirectory"/>: its token, ':' as '-'.</summary>
    public static string WeightFileName(MappingSpec mapping) => mapping.Token.ToLowerInvariant().Replace(':', '-') + ".fgw";

    /// <summary>The test-evaluation interval for a run of <paramref name="steps"/> steps and about <paramref name="curvePoints"/> curve points.</summary>
    public static int EvaluationInterval(int steps, int curvePoints) => Math.Max(1, (steps + curvePoints - 1) / curvePoints);

    /// <summary>Forwards the solver's reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class SolverReports(Action<SolverProgress> report) : IProgress<SolverProgress>
    {
        public void Report(SolverProgress value) => report(value);
    }

    private static (MappingResult, RgbImage, NtkOutcome?) RunMapping<TNet>(TNet net, int index, MappingSpec mapping, PixelSplit split,
        ExperimentOptions options, IProgress<MappingProgress>? progress, CancellationToken cancellationToken)
        where TNet : IAnalyticNetwork<TNet>
    {
        int steps = options.Steps;
        NtkOutcome? ntk = null;
        if (options.Ntk)
        {
            progress?.Report(new MappingProgress(index, mapping, ExperimentPhase.Ntk, 0, steps, double.NaN, double.NaN, double.NaN, null));
            var solverProgress = progress is null ? null : new SolverReports(p =>
                progress.Report(new MappingProgress(index, mapping, ExperimentPhase.Ntk, 0, steps, double.NaN, double.NaN, double.NaN, null, p)));
            ntk = NtkRegression.TestPsnr(net, split, options, solverProgress, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }

        float learningRate = options.LearningRate ?? mapping.DefaultLearningRate;
        int interval = EvaluationInterval(steps, options.CurvePoints);
        var curve = new List<CurvePoint>();
        var testPredictions = new float[split.TestY.Length];
        var clock = Stopwatch.StartNew();
        var trainerOptions = new TrainerOptions
        {
            Optimizer = Optimizer.Adam(learningRate),
            Loss = Loss.MeanSquaredError,
            BatchCapacity = split.TrainCount,
            Threads = options.Threads,
        };
        using (Trainer<TNet> trainer = net.CreateTrainer(trainerOptions))
        {
            progress?.Report(new MappingProgress(index, mapping, ExperimentPhase.Training, 0, steps, double.NaN, double.NaN, double.NaN, ntk?.TestPsnr));
            var recorder = new CurveRecorder(curve, interval, steps, net.Evaluate(split.TestX, split.TestY).Psnr, (step, loss, trainPsnr, testPsnr) =>
                progress?.Report(new MappingProgress(index, mapping, ExperimentPhase.Training, step, steps, loss, trainPsnr, testPsnr, ntk?.TestPsnr)));

            // Full-batch Adam: one batch of every training pixel, in order; the test pixels validate every `interval` steps.
            var pixels = new Minibatches(split.TrainX, split.TrainY, inputSize: 2, outputSize: 3, batchSize: split.TrainCount, shuffle: false);
            trainer.Fit(pixels, new FitOptions { Steps = steps, Validation = new ValidationSet(split.TestX, split.TestY), ValidateEvery = interval, ReportEvery = 1 },
                recorder, cancellationToken);
        }

        var trainPredictions = new float[split.TrainY.Length];
        net.PredictBatch(split.TrainX, trainPredictions);
        net.PredictBatch(split.TestX, testPredictions);
        double finalTrain = Metrics.Psnr(trainPredictions, split.TrainY);
        double finalTest = Metrics.Psnr(testPredictions, split.TestY);
        curve.Add(new CurvePoint(steps, finalTrain, finalTest));
        double seconds = clock.Elapsed.TotalSeconds;

        if (options.SaveWeightsDirectory is { } directory)
        {
            // One weight file per mapping, named by its token (e.g. gauss-10.fgw): what samples/RealtimeInference bakes.
            Directory.CreateDirectory(directory);
            net.Save(Path.Combine(directory, WeightFileName(mapping)));
        }

        DynamicsPoint? gradientDescent = null, matched = null;
        if (options.Ntk && options.NtkDynamics && !net.Frequencies.IsEmpty)
        {
            progress?.Report(new MappingProgress(index, mapping, ExperimentPhase.Ntk, steps, steps, double.NaN, finalTrain, finalTest, ntk?.TestPsnr));
            GridGradientDescentMse dynamics = NtkDynamics.Create(net, split, options.NtkDiagReg, options.NtkTolerance);
            gradientDescent = NtkDynamics.At(dynamics, split, NtkDynamics.GradientDescentTau(split, learningRate, steps), cancellationToken);
            matched = NtkDynamics.MatchTrainPsnr(dynamics, split, finalTrain, cancellationToken);
        }

        var full = new float[split.AllY.Length];
        net.PredictBatch(split.AllX, full);
        var result = new MappingResult(mapping.Token, learningRate, finalTrain, finalTest, seconds, ntk?.TestPsnr, curve, ntk?.DiagReg, ntk?.Seconds,
            ntk?.Solver, ntk?.TrainPoints, ntk?.Iterations, ntk?.Residual, gradientDescent, matched);
        progress?.Report(new MappingProgress(index, mapping, ExperimentPhase.Done, steps, steps, Metrics.MeanSquaredError(trainPredictions, split.TrainY),
            finalTrain, finalTest, ntk?.TestPsnr));
        return (result, new RgbImage(split.Size, split.Size, full), ntk);
    }

    /// <summary>
    /// Builds a mapping's PSNR curve from Fit's reports. A step reports the training MSE at the parameters before its update
    /// (after Step − 1 updates) and Fit validates after a step (after Step updates), so the curve point at step s pairs the
    /// validation after step s with the loss step s + 1 reports: both at the parameters after s updates.
    /// </summary>
    private sealed class CurveRecorder(List<CurvePoint> curve, int interval, int steps, double initialTestPsnr, Action<int, double, double, double> report)
        : IProgress<TrainingProgress>
    {
        private double _testPsnr = initialTestPsnr;
        private int? _pendingStep = 0;
        private double _pendingTestPsnr = initialTestPsnr;

        public void Report(TrainingProgress value)
        {
            int step = (int)value.Step;
            double trainPsnr = Metrics.PsnrFromMse(value.Loss);
            if (_pendingStep == step - 1)
            {
                curve.Add(new CurvePoint(step - 1, trainPsnr, _pendingTestPsnr));
                _pendingStep = null;
            }

            if (step % interval == 0 && value.ValidationLoss is double validation)
            {
                _testPsnr = Metrics.PsnrFromMse(validation);
                if (step < steps)
                {
                    (_pendingStep, _pendingTestPsnr) = (step, _testPsnr); // the last point comes from the final evaluation
                }
            }

            report(step, value.Loss, trainPsnr, _testPsnr);
        }
    }
}
