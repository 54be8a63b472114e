using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
        float scale = (float)(2.0 / totalCount);
        return Vector256.IsHardwareAccelerated
            ? SquaredErrorVector(predictions, targets, gradient, scale)
            : SquaredErrorScalar(predictions, targets, gradient, scale);
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
        double sum = Vector256.IsHardwareAccelerated
            ? SquaredErrorVector(predictions, targets, gradient, 1f)
            : SquaredErrorScalar(predictions, targets, gradient, 1f);
        return 0.5 * sum;
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
        double inverseCount = 1.0 / totalCount;
        return Vector256.IsHardwareAccelerated
            ? CrossEntropyVector(logits, targets, gradient, inverseCount)
            : CrossEntropyScalar(logits, targets, gradient, inverseCount);
    }

    /// <summary>The mean binary cross-entropy from the reduced <see cref="BinaryCrossEntropyWithLogitsSum"/> partial sums.</summary>
    public static double BinaryCrossEntropyWithLogitsFinish(double sum, int totalCount) => sum / totalCount;

    private static void CheckSpans(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient)
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

    /// <summary>Σ((double)p − t)² in double; gradient (p − t)·scale in float. Scalar path (also the tests' reference for it).</summary>
    internal static double SquaredErrorScalar(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> gradient, float scale)
    {
        double sum = 0;
        bool writeGradient = !gradient.IsEmpty;
        for (int i = 0; i < p.Length; i++)
        {
            double d = (double)p[i] - t[i];
            sum = Math.FusedMultiplyAdd(d, d, sum);
            if (writeGradient)
            {
                gradient[i] = (p[i] - t[i]) * scale;
            }
        }

        return sum;
    }

    private static unsafe double SquaredErrorVector(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> gradient, float scale)
    {
        int n = p.Length;
        bool writeGradient = !gradient.IsEmpty;
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> s = Vector256.Create(scale);
        int i = 0;
        fixed (float* pp = p, pt = t, pg = gradient)
        {
            for (; i + 16 <= n; i += 16)
            {
                Vector256<float> x0 = Vector256.Load(pp + i), y0 = Vector256.Load(pt + i);
                Vector256<float> x1 = Vector256.Load(pp + i + 8), y1 = Vector256.Load(pt + i + 8);
                if (writeGradient)
                {
                    ((x0 - y0) * s).Store(pg + i);
                    ((x1 - y1) * s).Store(pg + i + 8);
                }

                (Vector256<double> xl, Vector256<double> xh) = Vector256.Widen(x0);
                (Vector256<double> yl, Vector256<double> yh) = Vector256.Widen(y0);
                Vector256<double> d = xl - yl;
                a0 = Vector256.FusedMultiplyAdd(d, d, a0);
                d = xh - yh;
                a1 = Vector256.FusedMultiplyAdd(d, d, a1);
                (xl, xh) = Vector256.Widen(x1);
                (yl, yh) = Vector256.Widen(y1);
                d = xl - yl;
                a2 = Vector256.FusedMultiplyAdd(d, d, a2);
                d = xh - yh;
                a3 = Vector256.FusedMultiplyAdd(d, d, a3);
            }
        }

        double sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        return sum + SquaredErrorScalar(p.Slice(i), t.Slice(i), writeGradient ? gradient.Slice(i) : default, scale);
    }

    /// <summary>Element loss and (σ(x) − t)/N in double, scalar path.</summary>
    internal static double CrossEntropyScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> t, Span<float> gradient, double inverseCount)
    {
        double sum = 0;
        bool writeGradient = !gradient.IsEmpty;
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i], ti = t[i];
            double e = Math.Exp(-Math.Abs(xi));
            sum += (Math.Max(xi, 0) - xi * ti) + Math.Log(1 + e);
            if (writeGradient)
            {
                double sigmoid = xi >= 0 ? 1 / (1 + e) : e / (1 + e);
                gradient[i] = (float)((sigmoid - ti) * inverseCount);
            }
        }

        return sum;
    }

    /// <summary>
    /// Vector form of <see cref="CrossEntropyScalar"/>, four doubles at a time. The remainder runs through the
    /// same vector code on a zero-padded copy, so every element's gradient has the same bits wherever it sits.
    /// </summary>
    private static unsafe double CrossEntropyVector(ReadOnlySpan<float> x, ReadOnlySpan<float> t, Span<float> gradient, double inverseCount)
    {
        int n = x.Length;
        bool writeGradient = !gradient.IsEmpty;
        Vector256<double> sum = default;
        Vector256<double> invN = Vector256.Create(inverseCount);
        int i = 0;
        fixed (float* px = x, pt = t, pg = gradient)
        {
            for (; i + 4 <= n; i += 4)
            {
                Vector256<double> loss = CrossEntropy4(
                    Vector256.WidenLower(Vector128.Load(px + i).ToVector256Unsafe()),
                    Vector256.WidenLower(Vector128.Load(pt + i).ToVector256Unsafe()),
                    invN, out Vector128<float> g);
                sum += loss;
                if (writeGradient)
                {
                    g.Store(pg + i);
                }
            }
        }

        double total = Vector256.Sum(sum);
        if (i < n)
        {
            Vector256<double> xs = default, ts = default;
            for (int j = 0; i + j < n; j++)
            {
                xs = xs.WithElement(j, x[i + j]);
                ts = ts.WithElement(j, t[i + j]);
            }

            Vector256<double> loss = CrossEntropy4(xs, ts, invN, out Vector128<float> g);
            for (int j = 0; i + j < n; j++)
            {
                total += loss.GetElement(j);
                if (writeGradient)
                {
                    gradient[i + j] = g.GetElement(j);
                }
            }
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> CrossEntropy4(Vector256<double> x, Vector256<double> t, Vector256<double> inverseCount, out Vector128<float> gradient)
    {
        Vector256<double> one = Vector256.Create(1.0);
        Vector256<double> e = Vector256.Exp(-Vector256.Abs(x));
        Vector256<double> onePlusE = one + e;
        Vector256<double> loss = (Vector256.Max(x, Vector256<double>.Zero) - x * t) + Vector256.Log(onePlusE);
        Vector256<double> sigmoid = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<double>.Zero), one, e) / onePlusE;
        gradient = Vector256.Narrow((sigmoid - t) * inverseCount, Vector256<double>.Zero).GetLower();
        return loss;
    }
}
