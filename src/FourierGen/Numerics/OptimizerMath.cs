using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace FourierGen.Numerics;

/// <summary>
/// The per-step scalars of one Adam step, computed in double like PyTorch (from Python floats) and then
/// rounded to float, as PyTorch does when it applies them to float tensors.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
internal readonly struct AdamCoefficients
{
    /// <summary>Computes the scalars of step <paramref name="step"/> (1 for the first step).</summary>
    /// <param name="learningRate">lr.</param>
    /// <param name="beta1">β1 (PyTorch's default 0.9).</param>
    /// <param name="beta2">β2 (PyTorch's default 0.999).</param>
    /// <param name="epsilon">ε (PyTorch's default 1e-8).</param>
    /// <param name="step">t = 1, 2, …: the number of this step.</param>
    public AdamCoefficients(double learningRate, double beta1, double beta2, double epsilon, long step)
    {
        if (step < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Adam steps are numbered from 1.");
        }

        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        Step = step;
        NegativeStepSize = (float)-(learningRate / biasCorrection1);
        Beta1Weight = (float)(1 - beta1);
        Beta2 = (float)beta2;
        OneMinusBeta2 = (float)(1 - beta2);
        BiasCorrection2Sqrt = (float)Math.Pow(biasCorrection2, 0.5); // torch: bias_correction2 ** 0.5
        Epsilon = (float)epsilon;
    }

    /// <summary>The step number t.</summary>
    public long Step { get; }

    /// <summary>−lr/(1 − β1^t).</summary>
    public float NegativeStepSize { get; }

    /// <summary>1 − β1, the weight of torch's <c>exp_avg.lerp_(grad, 1 − β1)</c>.</summary>
    public float Beta1Weight { get; }

    /// <summary>β2.</summary>
    public float Beta2 { get; }

    /// <summary>1 − β2.</summary>
    public float OneMinusBeta2 { get; }

    /// <summary>√(1 − β2^t).</summary>
    public float BiasCorrection2Sqrt { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }
}

/// <summary>
/// Parameter updates: Adam exactly as <c>torch.optim.Adam</c> (no weight decay, no AMSGrad) and plain SGD,
/// vectorised at the process's vector width, allocation-free.
/// </summary>
/// <remarks>
/// <para>
/// Adam, per element, in torch's order of float operations (single-tensor CPU path):
/// m ← m + (1−β1)(g − m) (torch's <c>lerp_</c>, as one multiply-add, fused where the hardware has FMA; the same as β1·m + (1−β1)·g),
/// v ← β2·v + ((1−β2)·g)·g, p ← p + (−lr/(1−β1^t))·m / (√v / √(1−β2^t) + ε). See <see cref="AdamCoefficients"/>.
/// SGD: p ← p − lr·g as one multiply-add (torch's <c>add_(g, alpha=−lr)</c>).
/// </para>
/// <para>
/// Guaranteeing that a bad step changes nothing: the <c>…IsFinite</c> methods run the exact update
/// arithmetic without writing anything and report whether every new p (and m, v) would be finite. A
/// trainer calls them for all its parameter blocks first and applies the updates only if all pass; the
/// <c>Try…</c> methods do both for a single block. Check and update compute bit-identical values (same
/// code, every element in the same operations whether it falls in the vector body or the remainder), so a
/// passed check means the committed state is finite. The check costs one extra read-only pass.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
internal static class OptimizerMath
{
    /// <summary>p ← p − lr·g.</summary>
    public static void Sgd(Span<float> parameters, ReadOnlySpan<float> gradient, double learningRate)
    {
        CheckLength(gradient.Length, parameters.Length, nameof(gradient));
        SgdCoreAt(SimdWidth.Current, parameters, gradient, (float)-learningRate, write: true);
    }

    /// <summary>True when every p − lr·g is finite. Writes nothing.</summary>
    public static bool SgdIsFinite(ReadOnlySpan<float> parameters, ReadOnlySpan<float> gradient, double learningRate)
    {
        CheckLength(gradient.Length, parameters.Length, nameof(gradient));
        return SgdCoreAt(SimdWidth.Current, AsWritable(parameters), gradient, (float)-learningRate, write: false);
    }

    /// <summary>Applies <see cref="Sgd"/> if every new value is finite and returns true; otherwise changes nothing and returns false.</summary>
    public static bool TrySgd(Span<float> parameters, ReadOnlySpan<float> gradient, double learningRate)
    {
        if (!SgdIsFinite(parameters, gradient, learningRate))
        {
            return false;
        }

        Sgd(parameters, gradient, learningRate);
        return true;
    }

    /// <summary>One Adam step on a block of parameters with its moment buffers m and v (start at zero).</summary>
    public static void Adam(Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, in AdamCoefficients coefficients)
    {
        CheckAdam(parameters.Length, gradient.Length, m.Length, v.Length);
        AdamCoreAt(SimdWidth.Current, parameters, gradient, m, v, coefficients, write: true);
    }

    /// <summary>True when the Adam step would leave every p, m and v finite. Writes nothing.</summary>
    public static bool AdamIsFinite(
        ReadOnlySpan<float> parameters, ReadOnlySpan<float> gradient, ReadOnlySpan<float> m, ReadOnlySpan<float> v, in AdamCoefficients coefficients)
    {
        CheckAdam(parameters.Length, gradient.Length, m.Length, v.Length);
        return AdamCoreAt(
            SimdWidth.Current, AsWritable(parameters), gradient, AsWritable(m), AsWritable(v), coefficients, write: false);
    }

    /// <summary>Applies <see cref="Adam"/> if it leaves everything finite and returns true; otherwise changes nothing and returns false.</summary>
    public static bool TryAdam(Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, in AdamCoefficients coefficients)
    {
        if (!AdamIsFinite(parameters, gradient, m, v, coefficients))
        {
            return false;
        }

        Adam(parameters, gradient, m, v, coefficients);
        return true;
    }

    /// <summary>
    /// A span over read-only data for the shared check/update core, which never writes when asked not to.
    /// </summary>
    private static Span<float> AsWritable(ReadOnlySpan<float> span) =>
        System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(span), span.Length);

    /// <summary>The SGD update at a vector width (written when <paramref name="write"/>); returns whether all results are finite.</summary>
    internal static bool SgdCoreAt(VectorWidth width, Span<float> parameters, ReadOnlySpan<float> gradient, float negativeRate, bool write) => width switch
    {
        VectorWidth.Vector512 => SgdCore<Simd512<float>>(parameters, gradient, negativeRate, write),
        VectorWidth.Vector256 => SgdCore<Simd256<float>>(parameters, gradient, negativeRate, write),
        VectorWidth.Vector128 => SgdCore<Simd128<float>>(parameters, gradient, negativeRate, write),
        _ => SgdCore<SimdScalar<float>>(parameters, gradient, negativeRate, write),
    };

    /// <summary>The Adam update at a vector width (written when <paramref name="write"/>); returns whether all new p, m, v are finite.</summary>
    internal static bool AdamCoreAt(
        VectorWidth width, Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, in AdamCoefficients c, bool write) => width switch
    {
        VectorWidth.Vector512 => AdamCore<Simd512<float>>(parameters, gradient, m, v, c, write),
        VectorWidth.Vector256 => AdamCore<Simd256<float>>(parameters, gradient, m, v, c, write),
        VectorWidth.Vector128 => AdamCore<Simd128<float>>(parameters, gradient, m, v, c, write),
        _ => AdamCore<SimdScalar<float>>(parameters, gradient, m, v, c, write),
    };

    // Both updates are element-wise and do the same operations in the vector body and the remainder (multiply-adds
    // fused exactly when the width's lanes are), so every element gets the same bits at every width.
    private static unsafe bool SgdCore<V>(Span<float> parameters, ReadOnlySpan<float> gradient, float negativeRate, bool write)
        where V : unmanaged, ISimd<V, float>
    {
        int n = parameters.Length;
        int i = 0;
        fixed (float* p = parameters, g = gradient)
        {
            V rate = V.Create(negativeRate);
            V check = V.Zero;
            for (; i + V.Count <= n; i += V.Count)
            {
                V np = V.MultiplyAdd(V.Load(g + i), rate, V.Load(p + i));
                if (write)
                {
                    V.Store(np, p + i);
                }
                else
                {
                    check += np - np; // 0 for finite values, NaN otherwise (and NaN stays)
                }
            }

            bool finite = V.EqualsAll(check, V.Zero);
            for (; i < n; i++)
            {
                float np = SimdMath.MultiplyAdd<V>(g[i], negativeRate, p[i]);
                if (write)
                {
                    p[i] = np;
                }
                else
                {
                    finite &= float.IsFinite(np);
                }
            }

            return finite;
        }
    }

    private static unsafe bool AdamCore<V>(
        Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, in AdamCoefficients c, bool write)
        where V : unmanaged, ISimd<V, float>
    {
        int n = parameters.Length;
        int i = 0;
        float w1 = c.Beta1Weight;
        bool smallWeight = MathF.Abs(w1) < 0.5f; // torch's lerp: self + w(end − self), else end − (end − self)(1 − w)
        float lerpCoefficient = smallWeight ? w1 : w1 - 1f;
        fixed (float* pp = parameters, pg = gradient, pm = m, pv = v)
        {
            V coefficient = V.Create(lerpCoefficient);
            V beta2 = V.Create(c.Beta2);
            V oneMinusBeta2 = V.Create(c.OneMinusBeta2);
            V bc2 = V.Create(c.BiasCorrection2Sqrt);
            V eps = V.Create(c.Epsilon);
            V step = V.Create(c.NegativeStepSize);
            V check = V.Zero;
            for (; i + V.Count <= n; i += V.Count)
            {
                V g = V.Load(pg + i);
                V mOld = V.Load(pm + i);
                V nm = V.MultiplyAdd(coefficient, g - mOld, smallWeight ? mOld : g);
                V nv = beta2 * V.Load(pv + i) + oneMinusBeta2 * g * g;
                V denominator = V.Sqrt(nv) / bc2 + eps;
                V np = V.Load(pp + i) + step * nm / denominator;
                if (write)
                {
                    V.Store(nm, pm + i);
                    V.Store(nv, pv + i);
                    V.Store(np, pp + i);
                }
                else
                {
                    check += (np - np) + (nm - nm) + (nv - nv);
                }
            }

            bool finite = V.EqualsAll(check, V.Zero);
            for (; i < n; i++)
            {
                float g = pg[i];
                float mOld = pm[i];
                float nm = SimdMath.MultiplyAdd<V>(lerpCoefficient, g - mOld, smallWeight ? mOld : g);
                float nv = c.Beta2 * pv[i] + c.OneMinusBeta2 * g * g;
                float denominator = MathF.Sqrt(nv) / c.BiasCorrection2Sqrt + c.Epsilon;
                float np = pp[i] + c.NegativeStepSize * nm / denominator;
                if (write)
                {
                    pm[i] = nm;
                    pv[i] = nv;
                    pp[i] = np;
                }
                else
                {
                    finite &= float.IsFinite(np) && float.IsFinite(nm) && float.IsFinite(nv);
                }
            }

            return finite;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckLength(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{name} must have as many values as the parameters ({expected}); it has {length}.", name);
        }
    }

    private static void CheckAdam(int parameters, int gradient, int m, int v)
    {
        CheckLength(gradient, parameters, "gradient");
        CheckLength(m, parameters, "m");
        CheckLength(v, parameters, "v");
    }
}
