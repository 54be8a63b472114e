using System.Runtime.CompilerServices;
using FourierGen.Numerics;

namespace FourierGen.Features;

/// <summary>
/// The vector arithmetic behind γ(v), at any vector width: an exact-phase projection and sin/cos of 2πr.
/// <see cref="FeatureMap"/>'s encoder runs these one block of frequencies at a time.
/// </summary>
/// <remarks>
/// Why an exact phase: with σ = 10–100 the projection b·v reaches hundreds, and its float rounding error
/// (≈ |b·v|·6e-8) times 2π would dominate the features. Each product is split exactly into value + rounding
/// error (one FMA, or Dekker's two-product where there is no FMA) and reduced modulo 1 before summing, so the
/// phase error stays at float precision of a number below 1 whatever the scale.
/// </remarks>
internal static class FourierMath
{
    /// <summary>Starts a phase b·v at one input axis: the fractional part of b·v and its rounding residual.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (V Fraction, V Residual) PhaseStart<V>(V b, V v)
        where V : unmanaged, ISimd<V, float>
    {
        V product = b * v;
        return (product - V.Round(product), V.ProductError(b, v, product));
    }

    /// <summary>Adds one more input axis to a phase started by <see cref="PhaseStart{V}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (V Fraction, V Residual) PhaseAdd<V>((V Fraction, V Residual) phase, V b, V v)
        where V : unmanaged, ISimd<V, float>
    {
        V product = b * v;
        return (phase.Fraction + (product - V.Round(product)), phase.Residual + V.ProductError(b, v, product));
    }

    /// <summary>The phase reduced to [−½, ½]: b·v minus the nearest integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V PhaseFinish<V>((V Fraction, V Residual) phase)
        where V : unmanaged, ISimd<V, float>
    {
        V r = phase.Fraction + phase.Residual;
        return r - V.Round(r);
    }

    /// <summary>
    /// sin(2πr) and cos(2πr) for r in [−½, ½] (what <see cref="PhaseFinish{V}"/> returns), by quadrant reduction
    /// and degree-9/10 polynomials; absolute error below 2e-7.
    /// </summary>
    /// <remarks>
    /// Hand-written rather than <c>Vector256.SinCos</c>: that is not inlined and does a general range reduction
    /// we do not need. The quadrant q = round(4r) is one of −2 … 2, so which of sin and cos to swap and negate
    /// are comparisons on q (exact float arithmetic on small integers): the same code at every width, the
    /// one-lane one included.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos2Pi<V>(V r, out V sin, out V cos)
        where V : unmanaged, ISimd<V, float>
    {
        V quadrant = V.Round(r * V.Create(4f));                                // nearest quarter turn
        V y = V.MultiplyAdd(quadrant, V.Create(-0.25f), r);                    // exact, |y| ≤ 1/8
        V y2 = y * y;

        // sin(2πy) = y·P(y²), cos(2πy) = Q(y²): Taylor series of sin/cos at 2πy, truncated where the next
        // term is below 2e-9 for |y| ≤ 1/8.
        V p = V.Create(42.058693944897634f);
        p = V.MultiplyAdd(p, y2, V.Create(-76.70585975306136f));
        p = V.MultiplyAdd(p, y2, V.Create(81.60524927607504f));
        p = V.MultiplyAdd(p, y2, V.Create(-41.341702240399755f));
        p = V.MultiplyAdd(p, y2, V.Create(6.283185307179586f));
        V s = p * y;

        V q = V.Create(-26.426256783374388f);
        q = V.MultiplyAdd(q, y2, V.Create(60.24464137187664f));
        q = V.MultiplyAdd(q, y2, V.Create(-85.45681720669371f));
        q = V.MultiplyAdd(q, y2, V.Create(64.93939402266828f));
        q = V.MultiplyAdd(q, y2, V.Create(-19.739208802178716f));
        V c = V.MultiplyAdd(q, y2, V.Create(1f));

        // Rotate by q·90°: odd q (±1) swaps sin and cos; sin is negative for q ∈ {−2, −1, 2} (|q − ½| > 1) and
        // cos for q ∈ {−2, 1, 2} (|q + ½| > 1).
        V one = V.Create(1f), half = V.Create(0.5f);
        V swap = V.Equal(V.Abs(quadrant), one);
        V sinMagnitude = V.ConditionalSelect(swap, c, s);
        V cosMagnitude = V.ConditionalSelect(swap, s, c);
        sin = V.ConditionalSelect(V.GreaterThan(V.Abs(quadrant - half), one), -sinMagnitude, sinMagnitude);
        cos = V.ConditionalSelect(V.GreaterThan(V.Abs(quadrant + half), one), -cosMagnitude, cosMagnitude);
    }
}
