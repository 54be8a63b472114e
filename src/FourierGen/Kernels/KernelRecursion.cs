using System.ComponentModel;
using System.Runtime.CompilerServices;
using FourierGen.Numerics;

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
/// <para>ReLU needs, per point, its variance and <see cref="InverseRoot"/> of it: most entries take cos θ from the
/// per-point inverse roots by multiplication (see <see cref="ReluCore{V}"/>), without a root or a division of their own.</para>
/// <para>Every operation is lane-wise (correctly rounded +, −, ×, ÷, √ and multiply-adds fused exactly when the
/// width's lanes are), so an entry gets the same bits at every vector width, alone (<see cref="ApplyPair"/>)
/// or in a row.</para>
/// <para>A <c>theta</c> span may be empty: then only the NNGP is carried.</para>
/// <para>The row loops are never inlined: inlined through <see cref="Apply"/>'s width dispatch into a caller, they used
/// up the JIT's inlining budget and their vector operations were left as calls (seen at Vector256 and Vector128).</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
internal static class KernelRecursion
{
    private const double Pi = 3.141592653589793;
    private const double HalfPi = 1.5707963267948966;
    private const double InvTwoPi = 0.15915494309189535;

    /// <summary>|cos θ| up to which ReLU takes cos θ from the per-point inverse roots (see <see cref="ReluCore{V}"/>).</summary>
    internal const double ProductCorrelationLimit = 0.75;

    /// <summary>Applies one step to a row segment.</summary>
    /// <param name="step">The layer.</param>
    /// <param name="sigma">Σ₁₂ for each column, updated in place.</param>
    /// <param name="theta">Θ₁₂ for each column, updated in place (empty: NNGP only).</param>
    /// <param name="rowVariance">Σ₁₁ of the row's point before this step.</param>
    /// <param name="columnVariances">Σ₂₂ of each column's point before this step (read by ReLU only).</param>
    /// <param name="columnInverseRoots"><see cref="InverseRoot"/> of each of <paramref name="columnVariances"/> (read by ReLU only).</param>
    public static void Apply(in LayerStep step, Span<double> sigma, Span<double> theta, double rowVariance, ReadOnlySpan<double> columnVariances,
        ReadOnlySpan<double> columnInverseRoots) =>
        ApplyAt(SimdWidth.Current, step, sigma, theta, rowVariance, columnVariances, columnInverseRoots);

    /// <summary><see cref="Apply(in LayerStep, Span{double}, Span{double}, double, ReadOnlySpan{double}, ReadOnlySpan{double})"/> at an
    /// explicit vector width (the tests check every width in one process).</summary>
    internal static void ApplyAt(VectorWidth width, in LayerStep step, Span<double> sigma, Span<double> theta, double rowVariance,
        ReadOnlySpan<double> columnVariances, ReadOnlySpan<double> columnInverseRoots)
    {
        switch (width)
        {
            case VectorWidth.Vector512: Apply<Simd512<double>>(step, sigma, theta, rowVariance, columnVariances, columnInverseRoots); break;
            case VectorWidth.Vector256: Apply<Simd256<double>>(step, sigma, theta, rowVariance, columnVariances, columnInverseRoots); break;
            case VectorWidth.Vector128: Apply<Simd128<double>>(step, sigma, theta, rowVariance, columnVariances, columnInverseRoots); break;
            default: Apply<SimdScalar<double>>(step, sigma, theta, rowVariance, columnVariances, columnInverseRoots); break;
        }
    }

    /// <summary>1/√Σᵢᵢ of a point's variance, or 0 for a point of zero (or negative, or NaN) variance: the per-point
    /// factor of cos θ = Σ₁₂·(1/√Σ₁₁)(1/√Σ₂₂) that ReLU reads for every column.</summary>
    public static double InverseRoot(double variance) => variance > 0 ? 1.0 / Math.Sqrt(variance) : 0;

    /// <summary>The variance Σᵢᵢ of one point after a step, from its variance before it.</summary>
    public static double Variance(in LayerStep step, double variance) => step.Kind switch
    {
        LayerStepKind.Dense => SimdMath.MultiplyAdd(step.WeightVariance, variance, step.BiasVariance),
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
                sigma = SimdMath.MultiplyAdd(step.WeightVariance, sigma, step.BiasVariance);
                theta = SimdMath.MultiplyAdd(step.WeightVariance, theta, sigma);
                break;
            case LayerStepKind.Dense:
                theta = SimdMath.MultiplyAdd(step.InputWidth, sigma, SimdMath.MultiplyAdd(step.WeightVariance, theta, step.NtkBiasTerm));
                sigma = SimdMath.MultiplyAdd(step.WeightVariance, sigma, step.BiasVariance);
                break;
            case LayerStepKind.Relu:
                ReluCore(new SimdScalar<double>(sigma), new SimdScalar<double>(theta), new SimdScalar<double>(variance1 * variance2),
                    new SimdScalar<double>(InverseRoot(variance1) * InverseRoot(variance2)), out SimdScalar<double> s, out SimdScalar<double> t);
                sigma = s.Value;
                theta = t.Value;
                break;
        }
    }

    /// <summary>Dense, NTK parameterisation: Σ ← σ_w²Σ + σ_b², then Θ ← Σ + σ_w²Θ.</summary>
    public static void DenseNtk(Span<double> sigma, Span<double> theta, double weightVariance, double biasVariance)
    {
        bool ntk = CheckTheta(sigma, theta);
        switch (SimdWidth.Current)
        {
            case VectorWidth.Vector512: DenseNtk<Simd512<double>>(sigma, theta, ntk, weightVariance, biasVariance); break;
            case VectorWidth.Vector256: DenseNtk<Simd256<double>>(sigma, theta, ntk, weightVariance, biasVariance); break;
            case VectorWidth.Vector128: DenseNtk<Simd128<double>>(sigma, theta, ntk, weightVariance, biasVariance); break;
            default: DenseNtk<SimdScalar<double>>(sigma, theta, ntk, weightVariance, biasVariance); break;
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
        switch (SimdWidth.Current)
        {
            case VectorWidth.Vector512: DenseStandard<Simd512<double>>(sigma, theta, ntk, inputWidth, weightVariance, biasVariance, ntkBiasTerm); break;
            case VectorWidth.Vector256: DenseStandard<Simd256<double>>(sigma, theta, ntk, inputWidth, weightVariance, biasVariance, ntkBiasTerm); break;
            case VectorWidth.Vector128: DenseStandard<Simd128<double>>(sigma, theta, ntk, inputWidth, weightVariance, biasVariance, ntkBiasTerm); break;
            default: DenseStandard<SimdScalar<double>>(sigma, theta, ntk, inputWidth, weightVariance, biasVariance, ntkBiasTerm); break;
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
    /// <param name="columnInverseRoots"><see cref="InverseRoot"/> of each of <paramref name="columnVariances"/>.</param>
    public static void Relu(Span<double> sigma, Span<double> theta, double rowVariance, ReadOnlySpan<double> columnVariances,
        ReadOnlySpan<double> columnInverseRoots)
    {
        bool ntk = CheckTheta(sigma, theta);
        CheckColumnVariances(sigma, columnVariances, columnInverseRoots);
        switch (SimdWidth.Current)
        {
            case VectorWidth.Vector512: Relu<Simd512<double>>(sigma, theta, ntk, rowVariance, columnVariances, columnInverseRoots); break;
            case VectorWidth.Vector256: Relu<Simd256<double>>(sigma, theta, ntk, rowVariance, columnVariances, columnInverseRoots); break;
            case VectorWidth.Vector128: Relu<Simd128<double>>(sigma, theta, ntk, rowVariance, columnVariances, columnInverseRoots); break;
            default: Relu<SimdScalar<double>>(sigma, theta, ntk, rowVariance, columnVariances, columnInverseRoots); break;
        }
    }

    /// <summary>One step at a vector width (the matrix driver calls this inside its own width's code).</summary>
    internal static void Apply<V>(in LayerStep step, Span<double> sigma, Span<double> theta, double rowVariance, ReadOnlySpan<double> columnVariances,
        ReadOnlySpan<double> columnInverseRoots)
        where V : unmanaged, ISimd<V, double>
    {
        bool ntk = CheckTheta(sigma, theta);
        switch (step.Kind)
        {
            case LayerStepKind.Dense when step.Parameterization == Parameterization.Ntk:
                DenseNtk<V>(sigma, theta, ntk, step.WeightVariance, step.BiasVariance);
                break;
            case LayerStepKind.Dense:
                DenseStandard<V>(sigma, theta, ntk, step.InputWidth, step.WeightVariance, step.BiasVariance, step.NtkBiasTerm);
                break;
            case LayerStepKind.Relu:
                CheckColumnVariances(sigma, columnVariances, columnInverseRoots);
                Relu<V>(sigma, theta, ntk, rowVariance, columnVariances, columnInverseRoots);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DenseNtk<V>(Span<double> sigma, Span<double> theta, bool ntk, double weightVariance, double biasVariance)
        where V : unmanaged, ISimd<V, double>
    {
        fixed (double* s = sigma, t = theta)
        {
            V wv = V.Create(weightVariance), bv = V.Create(biasVariance);
            int n = sigma.Length, i = 0;
            for (; i + V.Count <= n; i += V.Count)
            {
                V sn = V.MultiplyAdd(wv, V.Load(s + i), bv);
                V.Store(sn, s + i);
                if (ntk)
                {
                    V.Store(V.MultiplyAdd(wv, V.Load(t + i), sn), t + i);
                }
            }

            for (; i < n; i++)
            {
                double sn = SimdMath.MultiplyAdd<V>(weightVariance, s[i], biasVariance);
                s[i] = sn;
                if (ntk)
                {
                    t[i] = SimdMath.MultiplyAdd<V>(weightVariance, t[i], sn);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DenseStandard<V>(Span<double> sigma, Span<double> theta, bool ntk, double inputWidth, double weightVariance,
        double biasVariance, double ntkBiasTerm)
        where V : unmanaged, ISimd<V, double>
    {
        fixed (double* s = sigma, t = theta)
        {
            V wv = V.Create(weightVariance), bv = V.Create(biasVariance), width = V.Create(inputWidth), tb = V.Create(ntkBiasTerm);
            int n = sigma.Length, i = 0;
            for (; i + V.Count <= n; i += V.Count)
            {
                V so = V.Load(s + i);
                if (ntk)
                {
                    V.Store(V.MultiplyAdd(width, so, V.MultiplyAdd(wv, V.Load(t + i), tb)), t + i);
                }

                V.Store(V.MultiplyAdd(wv, so, bv), s + i);
            }

            for (; i < n; i++)
            {
                double so = s[i];
                if (ntk)
                {
                    t[i] = SimdMath.MultiplyAdd<V>(inputWidth, so, SimdMath.MultiplyAdd<V>(weightVariance, t[i], ntkBiasTerm));
                }

                s[i] = SimdMath.MultiplyAdd<V>(weightVariance, so, biasVariance);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Relu<V>(Span<double> sigma, Span<double> theta, bool ntk, double rowVariance, ReadOnlySpan<double> columnVariances,
        ReadOnlySpan<double> columnInverseRoots)
        where V : unmanaged, ISimd<V, double>
    {
        fixed (double* s = sigma, t = theta, v = columnVariances, r = columnInverseRoots)
        {
            V rv = V.Create(rowVariance), rr = V.Create(InverseRoot(rowVariance));
            int n = sigma.Length, i = 0, count = V.Count;
            for (; i + count <= n; i += count)
            {
                ReluCore(V.Load(s + i), ntk ? V.Load(t + i) : V.Zero, rv * V.Load(v + i), rr * V.Load(r + i), out V sn, out V tn);
                V.Store(sn, s + i);
                if (ntk)
                {
                    V.Store(tn, t + i);
                }
            }

            if (i < n)
            {
                ReluTail<V>(s + i, ntk ? t + i : null, rv, rr, v + i, r + i, n - i);
            }
        }
    }

    /// <summary>The last entries (fewer than a vector) through the same vector code, one zero-padded vector.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void ReluTail<V>(double* s, double* t, V rowVariance, V rowInverseRoot, double* v, double* r, int count)
        where V : unmanaged, ISimd<V, double>
    {
        double* buffer = stackalloc double[4 * 16];
        new Span<double>(buffer, 4 * 16).Clear();
        for (int k = 0; k < count; k++)
        {
            buffer[k] = s[k];
            buffer[16 + k] = t != null ? t[k] : 0;
            buffer[32 + k] = v[k];
            buffer[48 + k] = r[k];
        }

        ReluCore(V.Load(buffer), V.Load(buffer + 16), rowVariance * V.Load(buffer + 32), rowInverseRoot * V.Load(buffer + 48), out V sn, out V tn);
        V.Store(sn, buffer);
        V.Store(tn, buffer + 16);
        for (int k = 0; k < count; k++)
        {
            s[k] = buffer[k];
            if (t != null)
            {
                t[k] = buffer[16 + k];
            }
        }
    }

    /// <summary>
    /// The arc-cosine step on one vector of entries; <paramref name="varianceProduct"/> is Σ₁₁Σ₂₂ and
    /// <paramref name="inverseRootProduct"/> is <see cref="InverseRoot"/>(Σ₁₁)·<see cref="InverseRoot"/>(Σ₂₂).
    /// </summary>
    /// <remarks>
    /// cos θ and √(Σ₁₁Σ₂₂) come by multiplication, c = Σ₁₂·r and √(Σ₁₁Σ₂₂) = Σ₁₁Σ₂₂·r with r = 1/√(Σ₁₁Σ₂₂) from the
    /// per-point roots, wherever that c has |c| ≤ <see cref="ProductCorrelationLimit"/>; other lanes take c = Σ₁₂/√(Σ₁₁Σ₂₂)
    /// with its own root and division, computed only when some lane needs it. Double-precision roots and divisions run
    /// on one slow unit on x64; with one of each per entry and layer they bounded the kernel matrices, and far-apart
    /// points (most entries of a large matrix) have small |c|. The product form rounds a few more times (c within about
    /// 3 ulp), which is harmless where arccos is well conditioned (|dθ/dc| = 1/sin θ ≤ 1.6 there); near |c| = 1 it is
    /// not, so those lanes keep the division, and the diagonal keeps cos θ = 1 and √(Σ·Σ) = Σ exactly.
    /// The choice is made per lane from the lane's own values, so an entry gets the same bits at every width.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ReluCore<V>(V sigma, V theta, V varianceProduct, V inverseRootProduct, out V sigmaOut, out V thetaOut)
        where V : unmanaged, ISimd<V, double>
    {
        V one = V.Create(1.0);
        V c = sigma * inverseRootProduct;
        V q = varianceProduct * inverseRootProduct;
        V product = V.GreaterThanOrEqual(V.Create(ProductCorrelationLimit), V.Abs(c)); // false for NaN
        if (!V.EqualsAll(V.Equal(product, V.Zero), V.Zero))
        {
            // Some lane is near |c| = 1 (or NaN): those take the division. A point of zero variance has Σ₁₂ = 0: take
            // θ = π/2 (cos θ = 0) rather than 0/0.
            V root = V.Sqrt(varianceProduct);
            V divided = V.ConditionalSelect(V.GreaterThan(root, V.Zero), sigma / root, V.Zero);
            c = V.ConditionalSelect(product, c, divided);
            q = V.ConditionalSelect(product, q, root);
        }

        c = V.Min(V.Max(c, -one), one);

        V theta12 = ArcCosAndSine(c, out V sin);
        V factor = V.MultiplyAdd(-theta12, V.Create(InvTwoPi), V.Create(0.5)); // (π − θ)/2π
        V j = V.MultiplyAdd(sin, V.Create(InvTwoPi), factor * c);
        sigmaOut = q * j;
        thetaOut = theta * factor;
    }

    /// <summary>
    /// θ = arccos c on [−1, 1] and sin θ, each accurate to about 1 ulp: asin(s) = s + s·w·P(w) with a degree-13
    /// polynomial P fitted (Chebyshev, relative error 2e-18) on w = s² ∈ [0, ¼]; |c| ≤ ½ uses s = |c|,
    /// |c| &gt; ½ uses s = √((1 − |c|)/2) (θ = 2 asin s, or π − 2 asin s for negative c).
    /// </summary>
    /// <remarks>
    /// The sine needs no square root of its own: with the same w, sin θ = √(1 − w) for |c| ≤ ½ (w = c²) and
    /// sin θ = sin 2 asin s = 2s·√(1 − w) for |c| &gt; ½, and √(1 − w) = 1 + w·Q(w) on [0, ¼] is a second
    /// degree-13 polynomial (Chebyshev fit, error 1e-18). Double-precision square roots and divisions run on
    /// one slow unit on x64, so a polynomial of independent multiply-adds is faster than the root it replaces.
    /// At c = ±1, w = s = 0 gives sin θ = 0 exactly.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static V ArcCosAndSine<V>(V c, out V sine)
        where V : unmanaged, ISimd<V, double>
    {
        V one = V.Create(1.0), half = V.Create(0.5);
        V a = V.Abs(c);
        V big = V.GreaterThan(a, half);
        V negative = V.LessThan(c, V.Zero);
        V w = V.ConditionalSelect(big, (one - a) * half, a * a);

        // The root only when some lane needs it (a mask lane is all bits set, a NaN, so "all lanes equal 0" means none):
        // far-apart points have |c| ≤ ½ at every layer, and the root shares the slow unit with the division.
        V s = V.EqualsAll(big, V.Zero) ? a : V.ConditionalSelect(big, V.Sqrt(w), a);

        V p = V.Create(0.02961201126495512);
        V q = V.Create(-0.03154768650454239);
        p = V.MultiplyAdd(p, w, V.Create(-0.01924167174674304));
        q = V.MultiplyAdd(q, w, V.Create(0.020347018016311433));
        p = V.MultiplyAdd(p, w, V.Create(0.019554513336123378));
        q = V.MultiplyAdd(q, w, V.Create(-0.02093027360248084));
        p = V.MultiplyAdd(p, w, V.Create(0.0030448799094556773));
        q = V.MultiplyAdd(q, w, V.Create(-0.0034770511245371793));
        p = V.MultiplyAdd(p, w, V.Create(0.009319560794767446));
        q = V.MultiplyAdd(q, w, V.Create(-0.010260124848657546));
        p = V.MultiplyAdd(p, w, V.Create(0.009621842970100282));
        q = V.MultiplyAdd(q, w, V.Create(-0.010761656527228766));
        p = V.MultiplyAdd(p, w, V.Create(0.011566459612121669));
        q = V.MultiplyAdd(q, w, V.Create(-0.013107601450727433));
        p = V.MultiplyAdd(p, w, V.Create(0.01396378001220357));
        q = V.MultiplyAdd(q, w, V.Create(-0.01611215215450132));
        p = V.MultiplyAdd(p, w, V.Create(0.017352816540325496));
        q = V.MultiplyAdd(q, w, V.Create(-0.020507867816550614));
        p = V.MultiplyAdd(p, w, V.Create(0.02237215744350722));
        q = V.MultiplyAdd(q, w, V.Create(-0.027343748251537233));
        p = V.MultiplyAdd(p, w, V.Create(0.03038194447553234));
        q = V.MultiplyAdd(q, w, V.Create(-0.03906250003299409));
        p = V.MultiplyAdd(p, w, V.Create(0.044642857142551895));
        q = V.MultiplyAdd(q, w, V.Create(-0.06249999999967604));
        p = V.MultiplyAdd(p, w, V.Create(0.07500000000000118));
        q = V.MultiplyAdd(q, w, V.Create(-0.12500000000000125));
        p = V.MultiplyAdd(p, w, V.Create(0.16666666666666666));
        q = V.MultiplyAdd(q, w, V.Create(-0.5));
        V u = V.MultiplyAdd(s * w, p, s); // asin(s)
        V root = V.MultiplyAdd(w, q, one); // √(1 − w)
        sine = V.ConditionalSelect(big, (s + s) * root, root);

        // θ = K + M·u: |c| > ½: (0, 2) or, for c < 0, (π, −2); |c| ≤ ½: (π/2, −1) or, for c < 0, (π/2, +1).
        V k = V.ConditionalSelect(big, V.ConditionalSelect(negative, V.Create(Pi), V.Zero), V.Create(HalfPi));
        V m = V.ConditionalSelect(big, V.Create(2.0), V.Create(-1.0));
        m = V.ConditionalSelect(negative, -m, m);
        return V.MultiplyAdd(m, u, k);
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

    private static void CheckColumnVariances(Span<double> sigma, ReadOnlySpan<double> columnVariances, ReadOnlySpan<double> columnInverseRoots)
    {
        if (columnVariances.Length < sigma.Length)
        {
            throw new ArgumentException($"columnVariances must have length {sigma.Length} (one per column), not {columnVariances.Length}.", nameof(columnVariances));
        }

        if (columnInverseRoots.Length < sigma.Length)
        {
            throw new ArgumentException($"columnInverseRoots must have length {sigma.Length} (one per column), not {columnInverseRoots.Length}.", nameof(columnInverseRoots));
        }
    }
}
