namespace FourierGen.Numerics;

/// <summary>
/// The L1 and Huber losses, as PyTorch's <c>l1_loss</c> and <c>huber_loss</c> define them, in the slice form of
/// <see cref="Losses"/>: each returns the slice's unnormalised sum of element losses (in double) and writes the gradient
/// already divided by <c>totalCount</c>, the element count of the whole batch (in float, as PyTorch's backward computes it:
/// the float difference d = ŷ − y, times the mean's float 1/N).
/// </summary>
internal static class RobustLosses
{
    /// <summary>Σ|ŷ − y| over the slice; gradient sign(d)/N, 0 where d = 0 (autograd's gradient of |d| at 0).</summary>
    public static double L1Sum(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int totalCount)
    {
        CheckSpans(predictions, targets, gradient);
        float scale = (float)(1.0 / totalCount);
        bool writeGradient = !gradient.IsEmpty;
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            sum += Math.Abs((double)predictions[i] - targets[i]);
            if (writeGradient)
            {
                gradient[i] = MathF.Sign(predictions[i] - targets[i]) * scale;
            }
        }

        return sum;
    }

    /// <summary>
    /// Σ huber(ŷ − y) over the slice, huber(d) = ½d² for |d| &lt; δ and δ(|d| − ½δ) otherwise; gradient clamp(d, −δ, δ)/N
    /// (torch's <c>huber_loss_backward</c>: 0 at d = 0, ±δ/N from |d| = δ on).
    /// </summary>
    public static double HuberSum(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, float delta, int totalCount)
    {
        CheckSpans(predictions, targets, gradient);
        float scale = (float)(1.0 / totalCount);
        double d64 = delta;
        bool writeGradient = !gradient.IsEmpty;
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double z = Math.Abs((double)predictions[i] - targets[i]);
            sum += z < d64 ? 0.5 * z * z : d64 * (z - 0.5 * d64);
            if (writeGradient)
            {
                gradient[i] = Math.Clamp(predictions[i] - targets[i], -delta, delta) * scale;
            }
        }

        return sum;
    }

    private static void CheckSpans(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient)
    {
        if (targets.Length != predictions.Length)
        {
            throw new ArgumentException($"targets must have as many values as the predictions ({predictions.Length}); it has {targets.Length}.", nameof(targets));
        }

        if (!gradient.IsEmpty && gradient.Length < predictions.Length)
        {
            throw new ArgumentException($"gradient must be empty or hold at least {predictions.Length} values; it holds {gradient.Length}.", nameof(gradient));
        }
    }
}
