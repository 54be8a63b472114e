namespace FourierGen;

/// <summary>
/// What <c>Fit</c> runs: how long (<see cref="Steps"/> or <see cref="Epochs"/>, counted from the trainer's first step, so a
/// resumed run ends where the uninterrupted one would), validation and early stopping, checkpoints and progress reports.
/// </summary>
public sealed record FitOptions
{
    /// <summary>Train until the trainer's step count reaches this (set this or <see cref="Epochs"/>).</summary>
    public long? Steps { get; init; }

    /// <summary>Train until the trainer has taken this many epochs of batches (set this or <see cref="Steps"/>; needs data with epochs).</summary>
    public int? Epochs { get; init; }

    /// <summary>Data to validate on (the trainer's loss over it, in batches); null for none.</summary>
    public ValidationSet? Validation { get; init; }

    /// <summary>Validate after every step whose step count is a multiple of this (at least 1).</summary>
    public int ValidateEvery { get; init; } = 100;

    /// <summary>
    /// Stop when this many validations in a row have not improved on the best validation loss by more than
    /// <see cref="MinImprovement"/>; 0 never stops early. Needs <see cref="Validation"/>.
    /// </summary>
    public int Patience { get; init; }

    /// <summary>How much lower than the best a validation loss must be to count as an improvement (≥ 0).</summary>
    public double MinImprovement { get; init; }

    /// <summary>On an early stop, put back the parameters of the best validation (kept in memory and in checkpoints).</summary>
    public bool RestoreBest { get; init; } = true;

    /// <summary>Where to save checkpoints (atomically): every <see cref="CheckpointEvery"/> steps, at the end, and on cancellation. Null for none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Save a checkpoint after every step whose step count is a multiple of this; 0 saves only at the end and on cancellation.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Report progress after every step whose step count is a multiple of this (and after each validation and the last step).</summary>
    public int ReportEvery { get; init; } = 10;

    /// <summary>Checks the options against themselves.</summary>
    /// <exception cref="ArgumentException">Neither or both of Steps and Epochs are set, early stopping has no validation data, or checkpoints have no path.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public void Validate()
    {
        if (Steps is null == Epochs is null)
        {
            throw new ArgumentException("Set exactly one of Steps and Epochs.", nameof(Steps));
        }

        if (Steps is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps must not be negative.");
        }

        if (Epochs is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must not be negative.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ValidateEvery, 1, nameof(ValidateEvery));
        ArgumentOutOfRangeException.ThrowIfNegative(Patience, nameof(Patience));
        ArgumentOutOfRangeException.ThrowIfNegative(CheckpointEvery, nameof(CheckpointEvery));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReportEvery, 1, nameof(ReportEvery));
        if (!(MinImprovement >= 0 && double.IsFinite(MinImprovement)))
        {
            throw new ArgumentOutOfRangeException(nameof(MinImprovement), MinImprovement, "MinImprovement must be finite and not negative.");
        }

        if (Patience > 0 && Validation is null)
        {
            throw new ArgumentException("Early stopping (Patience > 0) needs Validation data.", nameof(Patience));
        }

        if (CheckpointPath is { Length: 0 })
        {
            throw new ArgumentException("CheckpointPath must be null or a file name.", nameof(CheckpointPath));
        }

        if (CheckpointEvery > 0 && CheckpointPath is null)
        {
            throw new ArgumentException("CheckpointEvery needs a CheckpointPath to save to.", nameof(CheckpointEvery));
        }
    }
}

/// <summary>Validation data for <c>Fit</c>: inputs and targets, row-major. The arrays are referenced, not copied.</summary>
/// <param name="Inputs">rows × InputSize values.</param>
/// <param name="Targets">rows × OutputSize values.</param>
public sealed record ValidationSet(ReadOnlyMemory<float> Inputs, ReadOnlyMemory<float> Targets);

/// <summary>A progress report of <c>Fit</c>, after a step.</summary>
/// <param name="Step">The trainer's step count after this step.</param>
/// <param name="TotalSteps">The step count at which Fit ends (unless it stops early).</param>
/// <param name="Loss">This step's batch loss (before its update).</param>
/// <param name="LearningRate">The learning rate this step used.</param>
/// <param name="Elapsed">Time since this Fit started.</param>
/// <param name="ValidationLoss">The latest validation loss, or null before the first validation.</param>
/// <param name="BestValidationLoss">The best validation loss so far (over resumed runs too), or null.</param>
public readonly record struct TrainingProgress(long Step, long TotalSteps, double Loss, double LearningRate, TimeSpan Elapsed, double? ValidationLoss,
    double? BestValidationLoss)
{
    /// <summary>Step / TotalSteps, in [0, 1].</summary>
    public double Fraction => TotalSteps <= 0 ? 1 : Math.Clamp((double)Step / TotalSteps, 0, 1);

    /// <summary>One line: step, loss, learning rate, validation, elapsed time (invariant culture, fixed-width numbers).</summary>
    /// <returns>The line.</returns>
    public override string ToString() => FormattableString.Invariant(
        $"step {Step}/{TotalSteps}  loss {Loss:0.000e+00}  lr {LearningRate:0.00e+00}{(ValidationLoss is double v ? $"  validation {v:0.000e+00}" : "")}  {Elapsed:hh\\:mm\\:ss}");
}

/// <summary>What a <c>Fit</c> did.</summary>
/// <param name="StepCount">The trainer's step count at the end.</param>
/// <param name="StepsRun">Steps this Fit took.</param>
/// <param name="Loss">The last step's batch loss; NaN if this Fit took no step.</param>
/// <param name="BestValidationLoss">The best validation loss (over resumed runs too), or null without validation.</param>
/// <param name="BestStep">The step count of that validation, or null.</param>
/// <param name="StoppedEarly">Whether early stopping ended the run (the best parameters are back if RestoreBest).</param>
/// <param name="Elapsed">Time this Fit took.</param>
public sealed record FitResult(long StepCount, long StepsRun, double Loss, double? BestValidationLoss, long? BestStep, bool StoppedEarly, TimeSpan Elapsed);
