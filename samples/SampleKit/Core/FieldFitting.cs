using System.Diagnostics;
using FourierGen;

namespace SampleKit;

/// <summary>
/// A loss on a field f sampled on a grid (one value per grid point) — for CT and MRI a loss through a linear measurement
/// operator A, L(f) = ½·mean|A·f − y|², whose gradient is Aᵀ·(A·f − y)/m.
/// </summary>
public interface IFieldLoss
{
    /// <summary>The number of grid points.</summary>
    int FieldLength { get; }

    /// <summary>Writes ∂L/∂f at <paramref name="field"/> into <paramref name="gradient"/> and returns L.</summary>
    double Evaluate(ReadOnlySpan<float> field, Span<float> gradient);
}

/// <summary>How a field is fitted.</summary>
/// <param name="Steps">Adam steps.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Threads">The trainer's worker threads (results do not depend on it).</param>
/// <param name="CurvePoints">About how many points the curve gets.</param>
/// <param name="CheckpointPath">Where a network run saves its trainer's checkpoint, and resumes from it when the file exists (a killed long run continues); null for none.</param>
/// <param name="CheckpointEvery">Save the checkpoint after every this many steps (and when cancelled); 0 with a path saves only on cancellation.</param>
public sealed record FitSettings(int Steps, double LearningRate, int Threads, int CurvePoints = 100, string? CheckpointPath = null, int CheckpointEvery = 0);

/// <summary>The outcome of a fit.</summary>
/// <param name="Field">The final field: the network (or the grid through its sigmoid) on every grid point.</param>
/// <param name="Psnr">PSNR of the final field against the truth, dB.</param>
/// <param name="Loss">The measurement loss of the final field.</param>
/// <param name="Curve">Loss and PSNR against step.</param>
/// <param name="Seconds">Wall-clock time of the fit.</param>
public sealed record FieldFit(float[] Field, double Psnr, double Loss, IReadOnlyList<CurvePoint> Curve, double Seconds);

/// <summary>Sends one run's progress reports.</summary>
/// <param name="Progress">The sink, or null.</param>
/// <param name="RunIndex">The run's index in the process's list.</param>
/// <param name="Label">The run's label.</param>
/// <param name="Steps">Its steps in all.</param>
public sealed record RunReporter(IProgress<RunProgress>? Progress, int RunIndex, string Label, int Steps)
{
    /// <summary>Reports <paramref name="phase"/> at <paramref name="step"/>.</summary>
    public void Report(RunPhase phase, int step, double loss = double.NaN, double metric = double.NaN) =>
        Progress?.Report(new RunProgress(RunIndex, Label, phase, step, Steps, loss, metric));
}

/// <summary>
/// Reconstruction through a measurement loss (the paper's CT and MRI experiments): a network queried on every grid point
/// is trained from the caller's ∂L/∂f with the trainer's two-phase custom-loss step (<c>Forward</c>, then <c>Backward(∂L/∂f)</c>), or — the
/// paper's "gridopt" baseline — the grid values themselves are optimised through a sigmoid.
/// </summary>
public static class FieldFitting
{
    /// <summary>Trains <paramref name="net"/> (one output in [0, 1]) so that its values on <paramref name="coordinates"/> minimise <paramref name="loss"/>.</summary>
    /// <param name="net">The network, freshly initialised.</param>
    /// <param name="coordinates">Every grid point's coordinates, row-major (InputSize per point).</param>
    /// <param name="loss">The measurement loss.</param>
    /// <param name="truth">The true field, for the PSNR only (never for training).</param>
    /// <param name="settings">Steps, learning rate, threads.</param>
    /// <param name="reporter">Where progress goes.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <exception cref="TrainingDivergedException">The update was not finite.</exception>
    public static FieldFit FitNetwork<TNet>(TNet net, float[] coordinates, IFieldLoss loss, float[] truth, FitSettings settings, RunReporter reporter,
        CancellationToken cancellationToken = default)
        where TNet : IFourierNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(coordinates);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(reporter);
        int n = CheckSizes(loss, truth);
        var clock = Stopwatch.StartNew();
        var field = new float[n];
        var gradient = new float[n];
        var curve = new List<CurvePoint>();
        int interval = Interval(settings);
        var options = new TrainerOptions
        {
            // A constant rate, as the paper's CT and MRI notebooks use.
            Optimizer = Optimizer.Adam((float)settings.LearningRate),
            BatchCapacity = n,
            Threads = settings.Threads,
            // Forward keeps every grid point's activations so that Backward needs no second forward pass (the loss couples
            // all points through the measurement operator, so the trainer cannot compute it itself).
            RetainActivations = true,
        };
        using (INetworkTrainer trainer = net.CreateTrainer(options))
        {
            int first = Resume(trainer, settings);
            reporter.Report(RunPhase.Training, first);
            for (int step = first; step < settings.Steps; step++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    SaveCheckpoint(trainer, settings);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                trainer.Forward(coordinates, field);
                double value = loss.Evaluate(field, gradient);
                double psnr = Metrics.Psnr(field, truth);
                Record(curve, step, interval, value, psnr);
                trainer.Backward(gradient);
                reporter.Report(RunPhase.Training, step + 1, value, psnr);
                if (settings.CheckpointEvery > 0 && (step + 1) % settings.CheckpointEvery == 0 && step + 1 < settings.Steps)
                {
                    SaveCheckpoint(trainer, settings);
                }
            }
        }

        net.PredictBatch(coordinates, field);
        if (settings.CheckpointPath is not null && File.Exists(settings.CheckpointPath))
        {
            File.Delete(settings.CheckpointPath); // the run is done: its run file now holds the result
        }

        return Finish(field, loss, truth, gradient, curve, settings.Steps, clock);
    }

    // Continues a killed run from its checkpoint, if it left one: the step count, weights and Adam's moments come back.
    private static int Resume(INetworkTrainer trainer, FitSettings settings)
    {
        if (settings.CheckpointPath is null || !File.Exists(settings.CheckpointPath))
        {
            return 0;
        }

        trainer.LoadCheckpoint(settings.CheckpointPath);
        return (int)Math.Min(trainer.StepCount, settings.Steps);
    }

    private static void SaveCheckpoint(INetworkTrainer trainer, FitSettings settings)
    {
        if (settings.CheckpointPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.CheckpointPath))!);
            trainer.SaveCheckpoint(settings.CheckpointPath);
        }
    }

    /// <summary>The paper's gridopt baseline: the field is sigmoid(θ) with θ (one value per grid point, zero at first) optimised by Adam.</summary>
    /// <exception cref="TrainingDivergedException">The update was not finite.</exception>
    public static FieldFit FitGrid(IFieldLoss loss, float[] truth, FitSettings settings, RunReporter reporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(reporter);
        int n = CheckSizes(loss, truth);
        var clock = Stopwatch.StartNew();
        var logits = new float[n];
        var field = new float[n];
        var gradient = new float[n];
        var curve = new List<CurvePoint>();
        int interval = Interval(settings);
        var adam = new GridAdam(n, settings.LearningRate);
        reporter.Report(RunPhase.Training, 0);
        for (int step = 0; step < settings.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Sigmoid(logits, field);
            double value = loss.Evaluate(field, gradient);
            double psnr = Metrics.Psnr(field, truth);
            Record(curve, step, interval, value, psnr);
            for (int i = 0; i < n; i++)
            {
                gradient[i] *= field[i] * (1 - field[i]); // through the sigmoid
            }

            adam.Step(logits, gradient);
            reporter.Report(RunPhase.Training, step + 1, value, psnr);
        }

        Sigmoid(logits, field);
        return Finish(field, loss, truth, gradient, curve, settings.Steps, clock);
    }

    private static FieldFit Finish(float[] field, IFieldLoss loss, float[] truth, float[] gradient, List<CurvePoint> curve, int steps, Stopwatch clock)
    {
        double finalLoss = loss.Evaluate(field, gradient);
        double finalPsnr = Metrics.Psnr(field, truth);
        curve.Add(new CurvePoint(steps, finalLoss, finalPsnr));
        return new FieldFit(field, finalPsnr, finalLoss, curve, clock.Elapsed.TotalSeconds);
    }

    private static int CheckSizes(IFieldLoss loss, float[] truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        if (truth.Length != loss.FieldLength)
        {
            throw new ArgumentException($"the truth holds {truth.Length} values; the loss's field has {loss.FieldLength}.", nameof(truth));
        }

        return truth.Length;
    }

    private static int Interval(FitSettings settings) => Math.Max(1, (settings.Steps + settings.CurvePoints - 1) / settings.CurvePoints);

    private static void Record(List<CurvePoint> curve, int step, int interval, double loss, double psnr)
    {
        if (step % interval == 0)
        {
            curve.Add(new CurvePoint(step, loss, psnr));
        }
    }

    private static void Sigmoid(ReadOnlySpan<float> logits, Span<float> field)
    {
        for (int i = 0; i < logits.Length; i++)
        {
            field[i] = 1f / (1f + MathF.Exp(-logits[i]));
        }
    }
}
