namespace FourierGen;

/// <summary>What every generated network's <c>Trainer</c> offers, for code generic over networks.</summary>
public interface INetworkTrainer : IDisposable
{
    /// <summary>Steps applied so far.</summary>
    long StepCount { get; }

    /// <summary>The gradient of the last step, laid out like the parameters.</summary>
    ReadOnlySpan<float> LastGradient { get; }

    /// <summary>One step on a batch (inputs: rows × InputSize, targets: rows × OutputSize); returns the batch's loss before the update.</summary>
    /// <exception cref="TrainingDivergedException">The loss or the update is not finite; nothing was changed.</exception>
    float Step(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

    /// <summary>One step from the caller's ∂L/∂ŷ at the current parameters.</summary>
    /// <exception cref="TrainingDivergedException">The update is not finite; nothing was changed.</exception>
    void Step(ReadOnlySpan<float> inputs, LossGradient gradient);
}
