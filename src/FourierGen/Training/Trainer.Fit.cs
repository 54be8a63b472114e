using System.Diagnostics;

namespace FourierGen;

/// <summary>The training loop for the common case, around <see cref="Step(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.</summary>
public sealed partial class Trainer<TNet>
{
    /// <inheritdoc/>
    public FitResult Fit(ITrainingData data, FitOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        long total = TotalSteps(data, options);
        ValidationSet? validation = options.Validation;
        float[] outputs = [];
        if (validation is not null)
        {
            int rows = NetworkEvaluation.CheckRows(Network, validation.Inputs.Span, validation.Targets.Span);
            outputs = new float[(long)Math.Min(rows, NetworkEvaluation.DefaultBatchRows) * TNet.OutputSize];
        }

        var clock = Stopwatch.StartNew();
        long first = StepCount;
        double loss = double.NaN;
        double? latest = null;
        bool stoppedEarly = StoppedEarly(options);
        while (!stoppedEarly && StepCount < total)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                if (options.CheckpointPath is { } path)
                {
                    SaveCheckpoint(path);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }

            double learningRate = CurrentLearningRate;
            TrainingBatch batch = data.GetBatch(StepCount);
            loss = Step(batch.Inputs, batch.Targets);
            long step = StepCount;
            bool validated = validation is not null && step % options.ValidateEvery == 0;
            if (validated)
            {
                latest = NetworkEvaluation.Evaluate(Network, validation!.Inputs.Span, validation.Targets.Span, Loss, outputs).Loss;
                Improve(latest.Value, step, options);
                stoppedEarly = StoppedEarly(options);
            }

            if (options.CheckpointPath is { } checkpoint && options.CheckpointEvery > 0 && step % options.CheckpointEvery == 0)
            {
                SaveCheckpoint(checkpoint);
            }

            if (progress is not null && (validated || step % options.ReportEvery == 0 || step == total || stoppedEarly))
            {
                progress.Report(new TrainingProgress(step, total, loss, learningRate, clock.Elapsed, latest, Best));
            }
        }

        if (stoppedEarly && options.RestoreBest && _bestParameters is not null)
        {
            _core.SetParameters(_bestParameters);
        }

        if (options.CheckpointPath is { } final)
        {
            SaveCheckpoint(final);
        }

        return new FitResult(StepCount, StepCount - first, loss, Best, _bestStep >= 0 ? _bestStep : null, stoppedEarly, clock.Elapsed);
    }

    private double? Best => _bestStep >= 0 ? _bestValidationLoss : null;

    private long TotalSteps(ITrainingData data, FitOptions options)
    {
        if (data.InputSize != TNet.InputSize || data.OutputSize != TNet.OutputSize)
        {
            throw new ArgumentException(
                $"The data has {data.InputSize} inputs and {data.OutputSize} outputs per row; {typeof(TNet).Name} has {TNet.InputSize} and {TNet.OutputSize}.", nameof(data));
        }

        if (data.MaxBatchRows > BatchCapacity)
        {
            throw new ArgumentException($"The data's batches hold up to {data.MaxBatchRows} rows; this trainer's BatchCapacity is {BatchCapacity}.", nameof(data));
        }

        if (options.Steps is long steps)
        {
            return steps;
        }

        if (data.BatchesPerEpoch <= 0)
        {
            throw new ArgumentException("The data has no epochs (fresh batches every step): give FitOptions.Steps instead of Epochs.", nameof(options));
        }

        return checked(options.Epochs!.Value * data.BatchesPerEpoch);
    }

    /// <summary>Records a validation loss: a new best (by more than MinImprovement) moves the best step and, for RestoreBest, copies the parameters.</summary>
    private void Improve(double validationLoss, long step, FitOptions options)
    {
        if (_bestStep >= 0 && !(validationLoss < _bestValidationLoss - options.MinImprovement))
        {
            return;
        }

        _bestValidationLoss = validationLoss;
        _bestStep = step;
        if (options.RestoreBest && options.Patience > 0)
        {
            _bestParameters ??= new float[TNet.ParameterCount];
            _core.Parameters.CopyTo(_bestParameters);
        }
    }

    /// <summary>
    /// Whether Patience validations have passed since the best one. Validations fall on multiples of ValidateEvery, so this
    /// follows from the best step alone and a resumed run stops where the uninterrupted one did.
    /// </summary>
    private bool StoppedEarly(FitOptions options) =>
        options.Patience > 0 && _bestStep >= 0 && StepCount - _bestStep >= (long)options.Patience * options.ValidateEvery;
}
