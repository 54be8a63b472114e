using System.Runtime.CompilerServices;

namespace FourierGen.Numerics;

/// <summary>
/// The L1 and Huber losses, as PyTorch's <c>l1_loss</c> and <c>huber_loss</c> define them, in the slice form of
/// <see cref="Losses"/>: each returns the slice's unnormalised sum of element losses (in double) and writes the gradient
/// already divided by <c>totalCount</c>, the element count of the whole batch (in float, as PyTorch's backward computes it:
/// the float difference d = ŷ − y, times the mean's float 1/N).
/// </summary>
/// <remarks>
/// Both run through <see cref="ElementwiseLoss"/>, the squared error's loop, generic over the vector width and the
/// element loss (<see cref="AbsoluteError"/>, <see cref="HuberError"/>).
/// </remarks>
internal static class RobustLosses
{
    /// <summary>Σ|ŷ − y| over the slice; gradient sign(d)/N, 0 where d = 0 or NaN (ATen's <c>sign</c>: (0 &lt; d) − (d &lt; 0)).</summary>
    public static double L1Sum(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int totalCount)
    {
        Losses.CheckSpans(predictions, targets, gradient);
        return L1At(SimdWidth.Current, predictions, targets, gradient, (float)(1.0 / totalCount));
    }

    /// <summary>
    /// Σ huber(ŷ − y) over the slice, huber(d) = ½d² for |d| &lt; δ and δ(|d| − ½δ) otherwise; gradient clamp(d, −δ, δ)/N
    /// (torch's <c>huber_loss_backward</c>: 0 at d = 0, ±δ/N from |d| = δ on, NaN for NaN).
    /// </summary>
    public static double HuberSum(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, float delta, int totalCount)
    {
        Losses.CheckSpans(predictions, targets, gradient);
        return HuberAt(SimdWidth.Current, predictions, targets, gradient, delta, (float)(1.0 / totalCount));
    }

    /// <summary>Σ|(double)ŷ − y| and the gradient sign(ŷ − y)·scale, at a vector width.</summary>
    internal static double L1At(VectorWidth width, ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> gradient, float scale) =>
        ElementwiseLoss.SumAt(width, p, t, gradient, scale, default(AbsoluteError));

    /// <summary>Σ huber((double)ŷ − y) and the gradient clamp(ŷ − y, −δ, δ)·scale, at a vector width.</summary>
    internal static double HuberAt(VectorWidth width, ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> gradient, float delta, float scale) =>
        ElementwiseLoss.SumAt(width, p, t, gradient, scale, new HuberError(delta));

    /// <summary>|d|; gradient sign(d) as ATen computes it, (0 &lt; d) − (d &lt; 0): 0 at 0 and for NaN.</summary>
    private readonly struct AbsoluteError : IElementLoss
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Accumulate<VD>(ref VD accumulator, VD difference)
            where VD : unmanaged, ISimd<VD, double> => accumulator += VD.Abs(difference);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VF Gradient<VF>(VF difference)
            where VF : unmanaged, ISimd<VF, float>
        {
            VF one = VF.Create(1f);
            return VF.ConditionalSelect(VF.GreaterThan(difference, VF.Zero), one, VF.Zero)
                - VF.ConditionalSelect(VF.LessThan(difference, VF.Zero), one, VF.Zero);
        }
    }

    /// <summary>
    /// ½d² for |d| &lt; δ, δ(|d| − ½δ) otherwise; gradient d clamped to [−δ, δ] by comparisons (not Min/Max, whose NaN
    /// handling is the platform's), as <c>huber_loss_backward</c> selects: −δ below −δ, δ above δ, else d.
    /// </summary>
    private readonly struct HuberError(float delta) : IElementLoss
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Accumulate<VD>(ref VD accumulator, VD difference)
            where VD : unmanaged, ISimd<VD, double>
        {
            VD z = VD.Abs(difference), d = VD.Create(delta);
            accumulator += VD.ConditionalSelect(VD.LessThan(z, d), VD.Create(0.5) * z * z, d * (z - VD.Create(0.5 * delta)));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VF Gradient<VF>(VF difference)
            where VF : unmanaged, ISimd<VF, float>
        {
            VF d = VF.Create(delta);
            VF clampedAbove = VF.ConditionalSelect(VF.GreaterThan(difference, d), d, difference);
            return VF.ConditionalSelect(VF.LessThan(difference, -d), -d, clampedAbove);
        }
    }
}
