using FourierGen.Numerics;

namespace FourierGen.Training;

/// <summary>A <see cref="Loss"/>'s kernels: one chunk's partial sum and gradient, and the whole batch's value from the summed partials.</summary>
internal static class LossMath
{
    /// <summary>
    /// The chunk's unnormalised partial sum of element losses, and its gradient ∂L/∂ŷ already normalised by
    /// <paramref name="totalElements"/>, the element count of the whole batch. An empty gradient computes the sum only.
    /// </summary>
    public static double Sum(Loss loss, ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> gradient, int totalElements) => loss.Kind switch
    {
        LossKind.MeanSquaredError => Losses.MeanSquaredErrorSum(outputs, targets, gradient, totalElements),
        LossKind.HalfSumSquared => Losses.HalfSumSquared(outputs, targets, gradient),
        LossKind.BinaryCrossEntropyWithLogits => Losses.BinaryCrossEntropyWithLogitsSum(outputs, targets, gradient, totalElements),
        LossKind.L1 => RobustLosses.L1Sum(outputs, targets, gradient, totalElements),
        _ => RobustLosses.HuberSum(outputs, targets, gradient, loss.Delta, totalElements),
    };

    /// <summary>The batch's loss from the partial sums of <see cref="Sum"/>, added in a fixed order.</summary>
    public static double Finish(Loss loss, double sum, int totalElements) =>
        loss.Kind == LossKind.HalfSumSquared ? sum : sum / totalElements;
}
