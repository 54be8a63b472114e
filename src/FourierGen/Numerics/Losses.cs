using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace FourierGen.Numerics;

/// <summary>
/// Training losses and their gradients with respect to the network output, as PyTorch defines them.
/// Values are accumulated in double, gradients are written in float.
/// </summary>
/// <remarks>
/// <para>
/// Each loss comes in two forms. The whole-batch form (<see cref="MeanSquaredError"/>, …) returns the
/// loss and writes the gradient. The <c>…Sum</c> form works on a slice of the batch (e.g. the rows one
/// worker owns: pass the slices of predictions, targets and gradient) and returns that slice's
/// unnormalised partial sum; its gradient is already normalised by <c>totalCount</c>, the element count
/// of the whole batch. Reduce the partial sums in a fixed order and finish with
/// <see cref="MeanSquaredErrorFinish"/> / <see cref="BinaryCrossEntropyWithLogitsFinish"/> (HalfSumSquared
/// needs nothing) for a result that does not depend on how the batch was split among threads.
/// </para>
/// <para>
/// A gradient span may be empty to compute the value only. Spans must have equal lengths (the gradient
/// may be longer; only the leading elements are written).
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
internal static class Losses
{
    /// <summary>
    /// PyTorch <c>mse_loss</c> (mean over all elements): returns mean((p − t)²) and writes
    /// ∂/∂p = (2/N)(p − t). An empty batch gives NaN, as in PyTorch.
    /// </summary>
    public static double MeanSquaredError(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient) =>
        MeanSquaredErrorFinish(MeanSquaredErrorSum(predictions, targets, gradient, predictions.Length), predictions.Length);

    /// <summary>
    /// Slice of <see cref="MeanSquaredError"/>: returns Σ(p − t)² over the slice and writes the gradient
    /// (2/<paramref name="totalCount"/>)(p − t), where <paramref name="totalCount"/> is the element count of the whole batch.
    /// </summary>
    public static double MeanSquaredErrorSum(
        ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, int totalCount)
    {
        CheckSpans(predictions, targets, gradient);
        return SquaredErrorAt(SimdWidth.Current, predictions, targets, gradient, (float)(2.0 / totalCount));
    }

    /// <summary>The mean squared error from the reduced <see cref="MeanSquaredErrorSum"/> partial sums.</summary>
    public static double MeanSquaredErrorFinish(double sum, int totalCount) => sum / totalCount;

    /// <summary>
    /// ½Σ(p − t)² (no averaging): returns the value and writes ∂/∂p = p − t. Works on any slice as is:
    /// partial values just add up.
    /// </summary>
    public static double HalfSumSquared(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient)
    {
        CheckSpans(predictions, targets, gradient);
        return 0.5 * SquaredErrorAt(SimdWidth.Current, predictions, targets, gradient, 1f);
    }

    /// <summary>
    /// PyTorch <c>binary_cross_entropy_with_logits</c> (mean reduction) on raw outputs x and targets t:
    /// returns mean(max(x, 0) − x·t + log(1 + e^−|x|)) and writes ∂/∂x = (σ(x) − t)/N.
    /// </summary>
    public static double BinaryCrossEntropyWithLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradient) =>
        BinaryCrossEntropyWithLogitsFinish(BinaryCrossEntropyWithLogitsSum(logits, targets, gradient, logits.Length), logits.Length);

    /// <summary>
    /// Slice of <see cref="BinaryCrossEntropyWithLogits"/>: returns the slice's sum of element losses and
    /// writes the gradient (σ(x) − t)/<paramref name="totalCount"/>.
    /// </summary>
    public static double BinaryCrossEntropyWithLogitsSum(
        ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradient, int totalCount)
    {
        CheckSpans(logits, targets, gradient);
        return CrossEntropyAt(SimdWidth.Current, logits, targets, gradient, 1.0 / totalCount);
    }

    /// <summary>The mean binary cross-entropy from the reduced <see cref="BinaryCrossEntropyWithLogitsSum"/> partial sums.</summary>
    public static double BinaryCrossEntropyWithLogitsFinish(double sum, int totalCount) => sum / totalCount;

    /// <summary>The slice forms' preconditions: targets as long as the predictions, a gradient empty or at least as long.</summary>
    internal static void CheckSpans(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient)
    {
        if (targets.Length != predictions.Length)
        {
            throw new ArgumentException(
                $"targets must have as many values as the predictions ({predictions.Length}); it has {targets.Length}.", nameof(targets));
        }

        if (!gradient.IsEmpty && gradient.Length < predictions.Length)
        {
            throw new ArgumentException(
                $"gradient must be empty or hold at least {predictions.Length} values; it holds {gradient.Length}.", nameof(gradient));
        }
    }

    /// <summary>Σ((double)p − t)² in double and the gradient (p − t)·scale in float, at a vector width.</summary>
    internal static double SquaredErrorAt(VectorWidth width, ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> gradient, float scale) =>
        ElementwiseLoss.SumAt(width, p, t, gradient, scale, default(SquaredError));

    /// <summary>The element losses and (σ(x) − t)·inverseCount, at a vector width.</summary>
    internal static double CrossEntropyAt(VectorWidth width, ReadOnlySpan<float> x, ReadOnlySpan<float> t, Span<float> gradient, double inverseCount) => width switch
    {
        VectorWidth.Vector512 => CrossEntropy<Simd512<double>>(x, t, gradient, inverseCount),
        VectorWidth.Vector256 => CrossEntropy<Simd256<double>>(x, t, gradient, inverseCount),
        VectorWidth.Vector128 => CrossEntropy<Simd128<double>>(x, t, gradient, inverseCount),
        _ => CrossEntropy<SimdScalar<double>>(x, t, gradient, inverseCount),
    };

    /// <summary>
    /// The cross-entropy in double vectors. The remainder runs through the same vector code on a zero-padded
    /// copy, so every element's gradient has the same bits wherever it sits.
    /// </summary>
    private static unsafe double CrossEntropy<VD>(ReadOnlySpan<float> x, ReadOnlySpan<float> t, Span<float> gradient, double inverseCount)
        where VD : unmanaged, ISimd<VD, double>
    {
        int n = x.Length, count = VD.Count;
        bool writeGradient = !gradient.IsEmpty;
        VD sum = VD.Zero;
        VD invN = VD.Create(inverseCount);
        int i = 0;
        fixed (float* px = x, pt = t, pg = gradient)
        {
            for (; i + count <= n; i += count)
            {
                sum += CrossEntropyLanes(VD.LoadWidened(px + i), VD.LoadWidened(pt + i), invN, out VD g);
                if (writeGradient)
                {
                    VD.StoreNarrowed(g, pg + i);
                }
            }
        }

        double total = VD.Sum(sum);
        return i < n ? total + CrossEntropyTail(x.Slice(i), t.Slice(i), writeGradient ? gradient.Slice(i) : default, invN) : total;
    }

    /// <summary>The last elements (fewer than a vector) through the same vector code on a zero-padded copy.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe double CrossEntropyTail<VD>(ReadOnlySpan<float> x, ReadOnlySpan<float> t, Span<float> gradient, VD inverseCount)
        where VD : unmanaged, ISimd<VD, double>
    {
        float* xs = stackalloc float[16], ts = stackalloc float[16], gs = stackalloc float[16];
        double* losses = stackalloc double[16];
        for (int j = 0; j < VD.Count; j++)
        {
            xs[j] = j < x.Length ? x[j] : 0f;
            ts[j] = j < x.Length ? t[j] : 0f;
        }

        VD.Store(CrossEntropyLanes(VD.LoadWidened(xs), VD.LoadWidened(ts), inverseCount, out VD g), losses);
        VD.StoreNarrowed(g, gs);
        double total = 0;
        for (int j = 0; j < x.Length; j++)
        {
            total += losses[j];
            if (!gradient.IsEmpty)
            {
                gradient[j] = gs[j];
            }
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VD CrossEntropyLanes<VD>(VD x, VD t, VD inverseCount, out VD gradient)
        where VD : unmanaged, ISimd<VD, double>
    {
        VD one = VD.Create(1.0);
        VD e = VD.Exp(-VD.Abs(x));
        VD onePlusE = one + e;
        VD loss = (VD.Max(x, VD.Zero) - x * t) + VD.Log(onePlusE);
        VD sigmoid = VD.ConditionalSelect(VD.GreaterThanOrEqual(x, VD.Zero), one, e) / onePlusE;
        gradient = (sigmoid - t) * inverseCount;
        return loss;
    }

    /// <summary>d², accumulated with one fused multiply-add where the hardware has it; gradient d.</summary>
    private readonly struct SquaredError : IElementLoss
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Accumulate<VD>(ref VD accumulator, VD difference)
            where VD : unmanaged, ISimd<VD, double> => VD.MultiplyAddTo(ref accumulator, difference, difference);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VF Gradient<VF>(VF difference)
            where VF : unmanaged, ISimd<VF, float> => difference;
    }
}
