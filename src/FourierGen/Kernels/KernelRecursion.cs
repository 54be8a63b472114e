using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FourierGen.Kernels;

/// <summary>
/// The per-layer steps of the infinite-width kernel recursion, vectorised over the entries of one
/// row of a kernel matrix: Σ₁₂ and Θ₁₂ for one point of the first set against a run of points of
/// the second set, with the per-point variances Σ₁₁ (a scalar for the row) and Σ₂₂ (one per column).
/// Conventions are neural-tangents' (see <see cref="LayerStep"/>); all arithmetic is float64.
/// </summary>
/// <remarks>
/// <para>Every step maps identical inputs to identical outputs bit for bit: when Σ₁₂ = Σ₁₁ = Σ₂₂ (the
/// same point on both sides) ReLU computes cos θ = Σ/√(Σ·Σ) = 1 exactly (IEEE √ of a rounded square
/// is exact), θ = 0 exactly, and the factors ½ exactly, so the kernel's diagonal equals the closed
/// form of <see cref="Variance"/>.</para>
/// <para>A <c>theta</c> span may be empty: then only the NNGP is carried.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
internal static class KernelRecursion
{
    private const double Pi = 3.141592653589793;
    private const double HalfPi = 1.5707963267948966;
    private const double InvTwoPi = 0.15915494309189535;

    /// <summary>Applies one step to a row segment.</summary>
    /// <param name="step">The layer.</param>
    /// <param name="sigma">Σ₁₂ for each column, updated in place.</param>
    /// <param name="theta">Θ₁₂ for each column, updated in place (empty: NNGP only).</param>
    /// <param name="rowVariance">Σ₁₁ of the row's point before this step.</param>
    /// <param name="columnVariances">Σ₂₂ of each column's point before this step (read by ReLU only).</param>
    public static void Apply(in LayerStep step, Span<double> sigma, Span<double> theta, double rowVariance, ReadOnlySpan<double> columnVariances)
    {
        switch (step.Kind)
        {
            case LayerStepKind.Dense when step.Parameterization == Parameterization.Ntk:
                DenseNtk(sigma, theta, step.WeightVariance, step.BiasVariance);
                break;
            case LayerStepKind.Dense:
                DenseStandard(sigma, theta, step.InputWidth, step.WeightVariance, step.BiasVariance, step.NtkBiasTerm);
                break;
            case LayerStepKind.Relu:
                Relu(sigma, theta, rowVariance, columnVariances);
                break;
        }
    }

    /// <summary>The variance Σᵢᵢ of one point after a step, from its variance before it.</summary>
    public static double Variance(in LayerStep step, double variance) => step.Kind switch
    {
        LayerStepKind.Dense => Math.FusedMultiplyAdd(step.WeightVariance, variance, step.BiasVariance),
        LayerStepKind.Relu => variance * 0.5,
        _ => variance,
    };

    /// <summary>One step for a single pair (the same arithmetic as the row functions, lane for lane).</summary>
    /// <param name="step">The layer.</param>
    /// <param name="sigma">Σ₁₂, updated.</param>
    /// <param name="theta">Θ₁₂, updated.</param>
    /// <param name="variance1">Σ₁₁ before the step.</param>
    /// <param name="variance2">Σ₂₂ before the step.</param>
    public static void ApplyPair(in LayerStep step, ref double sigma, ref double theta, double variance1, double variance2)
    {
        switch (step.Kind)
        {
            case LayerStepKind.Dense when step.Parameterization == Parameterization.Ntk:
                sigma = Math.FusedMultiplyAdd(step.WeightVariance, sigma, step.BiasVariance);
                theta = Math.FusedMultiplyAdd(step.WeightVariance, theta, sigma);
                break;
            case LayerStepKind.Dense:
                theta = Math.FusedMultiplyAdd(step.InputWidth, sigma, Math.FusedMultiplyAdd(step.WeightVariance, theta, step.NtkBiasTerm));
                sigma = Math.FusedMultiplyAdd(step.WeightVariance, sigma, step.BiasVariance);
                break;
            case LayerStepKind.Relu:
                ReluCore(Vector256.Create(sigma), Vector256.Create(theta), Vector256.Create(variance1 * variance2),
                    out Vector256<double> s, out Vector256<double> t);
                sigma = s.GetElement(0);
                theta = t.GetElement(0);
                break;
        }
    }

    /// <summary>Dense, NTK parameterisation: Σ ← σ_w²Σ + σ_b², then Θ ← Σ + σ_w²Θ.</summary>
    public static void DenseNtk(Span<double> sigma, Span<double> theta, double weightVariance, double biasVariance)
    {
        bool ntk = CheckTheta(sigma, theta);
        ref double s = ref MemoryMarshal.GetReference(sigma);
        ref double t = ref MemoryMarshal.GetReference(theta);
        var wv = Vector256.Create(weightVariance);
        var bv = Vector256.Create(biasVariance);
        int n = sigma.Length, i = 0;
        for (; i <= n - 4; i += 4)
        {
            Vector256<double> sn = Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref s, (nuint)i), bv);
            sn.StoreUnsafe(ref s, (nuint)i);
            if (ntk)
            {
                Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref t, (nuint)i), sn).StoreUnsafe(ref t, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            double sn = Math.FusedMultiplyAdd(weightVariance, Unsafe.Add(ref s, i), biasVariance);
            Unsafe.Add(ref s, i) = sn;
            if (ntk)
            {
                Unsafe.Add(ref t, i) = Math.FusedMultiplyAdd(weightVariance, Unsafe.Add(ref t, i), sn);
            }
        }
    }

    /// <summary>
    /// Dense, Standard parameterisation: Θ ← n_in·Σ + σ_w²Θ + <paramref name="ntkBiasTerm"/> with the Σ
    /// before the layer, then Σ ← σ_w²Σ + σ_b².
    /// </summary>
    public static void DenseStandard(Span<double> sigma, Span<double> theta, double inputWidth, double weightVariance,
        double biasVariance, double ntkBiasTerm)
    {
        bool ntk = CheckTheta(sigma, theta);
        ref double s = ref MemoryMarshal.GetReference(sigma);
        ref double t = ref MemoryMarshal.GetReference(theta);
        var wv = Vector256.Create(weightVariance);
        var bv = Vector256.Create(biasVariance);
        var width = Vector256.Create(inputWidth);
        var tb = Vector256.Create(ntkBiasTerm);
        int n = sigma.Length, i = 0;
        for (; i <= n - 4; i += 4)
        {
            Vector256<double> so = Vector256.LoadUnsafe(ref s, (nuint)i);
            if (ntk)
            {
                Vector256<double> tn = Vector256.FusedMultiplyAdd(width, so,
                    Vector256.FusedMultiplyAdd(wv, Vector256.LoadUnsafe(ref t, (nuint)i), tb));
                tn.StoreUnsafe(ref t, (nuint)i);
            }

            Vector256.FusedMultiplyAdd(wv, so, bv).StoreUnsafe(ref s, (nuint)i);
        }

        for (; i < n; i++)
        {
            double so = Unsafe.Add(ref s, i);
            if (ntk)
            {
                Unsafe.Add(ref t, i) = Math.FusedMultiplyAdd(inputWidth, so,
                    Math.FusedMultiplyAdd(weightVariance, Unsafe.Add(ref t, i), ntkBiasTerm));
            }

            Unsafe.Add(ref s, i) = Math.FusedMultiplyAdd(weightVariance, so, biasVariance);
        }
    }

    /// <summary>
    /// ReLU (degree-1 arc-cosine): cos θ = Σ₁₂/√(Σ₁₁Σ₂₂) clipped to [−1, 1];
    /// Σ₁₂ ← √(Σ₁₁Σ₂₂)(sin θ + (π − θ) cos θ)/2π; Θ₁₂ ← Θ₁₂(π − θ)/2π.
    /// </summary>
    /// <param name="sigma">Σ₁₂ per column, updated.</param>
    /// <param name="theta">Θ₁₂ per column, updated (empty: NNGP only).</param>
    /// <param name="rowVariance">Σ₁₁ of the row's point.</param>
    /// <param name="columnVariances">Σ₂₂ per column.</param>
    public static void Relu(Span<double> sigma, Span<double> theta, double rowVariance, ReadOnlySpan<double> columnVariances)
    {
        bool ntk = CheckTheta(sigma, theta);
        if (columnVariances.Length < sigma.Length)
        {
            throw new ArgumentException($"columnVariances must have length {sigma.Length} (one per column), not {columnVariances.Length}.", nameof(columnVariances));
        }

        ref double s = ref MemoryMarshal.GetReference(sigma);
        ref double t = ref MemoryMarshal.GetReference(theta);
        ref double v = ref MemoryMarshal.GetReference(columnVariances);
        var rv = Vector256.Create(rowVariance);
        int n = sigma.Length, i = 0;
        for (; i <= n - 4; i += 4)
        {
            Vector256<double> th = ntk ? Vector256.LoadUnsafe(ref t, (nuint)i) : Vector256<double>.Zero;
            ReluCore(Vector256.LoadUnsafe(ref s, (nuint)i), th, rv * Vector256.LoadUnsafe(ref v, (nuint)i),
                out Vector256<double> sn, out Vector256<double> tn);
            sn.StoreUnsafe(ref s, (nuint)i);
            if (ntk)
            {
                tn.StoreUnsafe(ref t, (nuint)i);
            }
        }

        if (i < n)
        {
            // The tail through the same vector code, one padded vector.
            Span<double> buffer = stackalloc double[12];
            buffer.Clear();
            for (int k = i; k < n; k++)
            {
                buffer[k - i] = Unsafe.Add(ref s, k);
                buffer[4 + k - i] = ntk ? Unsafe.Add(ref t, k) : 0;
                buffer[8 + k - i] = Unsafe.Add(ref v, k);
            }

            ReluCore(Vector256.Create((ReadOnlySpan<double>)buffer), Vector256.Create((ReadOnlySpan<double>)buffer[4..]),
                rv * Vector256.Create((ReadOnlySpan<double>)buffer[8..]), out Vector256<double> sn, out Vector256<double> tn);
            for (int k = i; k < n; k++)
            {
                Unsafe.Add(ref s, k) = sn.GetElement(k - i);
                if (ntk)
                {
                    Unsafe.Add(ref t, k) = tn.GetElement(k - i);
                }
            }
        }
    }

    /// <summary>The arc-cosine step on four entries; <paramref name="varianceProduct"/> is Σ₁₁Σ₂₂.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ReluCore(Vector256<double> sigma, Vector256<double> theta, Vector256<double> varianceProduct,
        out Vector256<double> sigmaOut, out Vector256<double> thetaOut)
    {
        Vector256<double> one = Vector256<double>.One;
        Vector256<double> q = Vector256.Sqrt(varianceProduct);

        // A point of zero variance has Σ₁₂ = 0: take θ = π/2 (cos θ = 0) rather than 0/0.
        Vector256<double> c = Vector256.ConditionalSelect(Vector256.GreaterThan(q, Vector256<double>.Zero), sigma / q, Vector256<double>.Zero);
        c = Vector256.Min(Vector256.Max(c, -one), one);

        Vector256<double> theta12 = ArcCos(c);
        Vector256<double> factor = Vector256.FusedMultiplyAdd(-theta12, Vector256.Create(InvTwoPi), Vector256.Create(0.5)); // (π − θ)/2π
        Vector256<double> sin = Vector256.Sqrt((one - c) * (one + c));
        Vector256<double> j = Vector256.FusedMultiplyAdd(sin, Vector256.Create(InvTwoPi), factor * c);
        sigmaOut = q * j;
        thetaOut = theta * factor;
    }

    /// <summary>
    /// arccos on [−1, 1], accurate to about 1 ulp: asin(s) = s + s·w·P(w) with a degree-13 polynomial
    /// P fitted (Chebyshev, relative error 2e-18) on w = s² ∈ [0, ¼]; |c| ≤ ½ uses s = |c|,
    /// |c| &gt; ½ uses s = √((1 − |c|)/2) (θ = 2 asin s, or π − 2 asin s for negative c).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> ArcCos(Vector256<double> c)
    {
        Vector256<double> half = Vector256.Create(0.5);
        Vector256<double> a = Vector256.Abs(c);
        Vector256<double> big = Vector256.GreaterThan(a, half);
        Vector256<double> negative = Vector256.LessThan(c, Vector256<double>.Zero);
        Vector256<double> w = Vector256.ConditionalSelect(big, (Vector256<double>.One - a) * half, a * a);
        Vector256<double> s = Vector256.ConditionalSelect(big, Vector256.Sqrt(w), a);

        Vector256<double> p = Vector256.Create(0.02961201126495512);
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(-0.01924167174674304));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.019554513336123378));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.0030448799094556773));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.009319560794767446));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.009621842970100282));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.011566459612121669));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.01396378001220357));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.017352816540325496));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.02237215744350722));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.03038194447553234));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.044642857142551895));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.07500000000000118));
        p = Vector256.FusedMultiplyAdd(p, w, Vector256.Create(0.16666666666666666));
        Vector256<double> u = Vector256.FusedMultiplyAdd(s * w, p, s); // asin(s)

        // θ = K + M·u: |c| > ½: (0, 2) or, for c < 0, (π, −2); |c| ≤ ½: (π/2, −1) or, for c < 0, (π/2, +1).
        Vector256<double> k = Vector256.ConditionalSelect(big,
            Vector256.ConditionalSelect(negative, Vector256.Create(Pi), Vector256<double>.Zero), Vector256.Create(HalfPi));
        Vector256<double> m = Vector256.ConditionalSelect(big, Vector256.Create(2.0), -Vector256<double>.One);
        m = Vector256.ConditionalSelect(negative, -m, m);
        return Vector256.FusedMultiplyAdd(m, u, k);
    }

    private static bool CheckTheta(Span<double> sigma, Span<double> theta)
    {
        if (theta.IsEmpty)
        {
            return false;
        }

        if (theta.Length != sigma.Length)
        {
            throw new ArgumentException($"theta must have length {sigma.Length} (as sigma) or be empty, not {theta.Length}.", nameof(theta));
        }

        return true;
    }
}
