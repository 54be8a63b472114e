namespace FourierGen;

/// <summary>
/// A training step produced a non-finite loss, gradient or update. The trainer left the
/// parameters and the optimiser state exactly as they were before that step.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for step <paramref name="step"/> (1-based).</summary>
    /// <param name="step">The step that diverged, counted from 1.</param>
    /// <param name="reason">What was not finite.</param>
    public TrainingDivergedException(long step, string reason)
        : base($"Training diverged at step {step}: {reason}. The parameters and optimiser state are as before this step; lower the learning rate or check the data.")
    {
        Step = step;
    }

    /// <summary>The step (1-based) that diverged and was not applied.</summary>
    public long Step { get; }
}
