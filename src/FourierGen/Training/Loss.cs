namespace FourierGen;

/// <summary>The loss a trainer minimises, over all elements of a batch's outputs.</summary>
public enum Loss
{
    /// <summary>Mean over all elements of (ŷ − y)², PyTorch's <c>mse_loss</c>.</summary>
    MeanSquaredError = 0,

    /// <summary>½·Σ (ŷ − y)² over all elements: the paper's 1D experiments (and the NTK dynamics' natural loss).</summary>
    HalfSumSquared = 1,

    /// <summary>
    /// PyTorch's <c>binary_cross_entropy_with_logits</c> on the raw network outputs (declare the
    /// network with an Identity output activation), mean over all elements; targets in [0, 1].
    /// </summary>
    BinaryCrossEntropyWithLogits = 2,
}
