using System.Numerics;
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
    /// and Taylor polynomials: degree 9/10 in float (absolute error below 2e-7), degree 17/16 in double (the truncation
    /// below 5e-19, so the error is the arithmetic's, a few units in the last place).
    /// </summary>
    /// <remarks>
    /// Hand-written rather than <c>Vector256.SinCos</c>: that is not inlined and does a general range reduction
    /// we do not need. The quadrant q = round(4r) is one of −2 … 2, so which of sin and cos to swap and negate
    /// are comparisons on q (exact arithmetic on small integers): the same code at every width, the one-lane one
    /// included, and for both precisions (the float path's constants are these coefficients rounded to float).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos2Pi<V, T>(V r, out V sin, out V cos)
        where V : unmanaged, ISimd<V, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool isDouble = typeof(T) == typeof(double);
        V quadrant = V.Round(r * Constant<V, T>(4));                          // nearest quarter turn
        V y = V.MultiplyAdd(quadrant, Constant<V, T>(-0.25), r);              // exact, |y| ≤ 1/8
        V y2 = y * y;

        // sin(2πy) = y·P(y²), cos(2πy) = Q(y²): the Taylor coefficients (−1)ᵏ(2π)^(2k+1)/(2k+1)! and (−1)ᵏ(2π)^(2k)/(2k)!,
        // truncated where the next term, for |y| ≤ 1/8, is below the precision's rounding.
        V p = Constant<V, T>(isDouble ? 0.10422916220813984 : 42.058693944897655);
        if (isDouble)
        {
            p = V.MultiplyAdd(p, y2, Constant<V, T>(-0.7181223017785006));
            p = V.MultiplyAdd(p, y2, Constant<V, T>(3.819952584848282));
            p = V.MultiplyAdd(p, y2, Constant<V, T>(-15.09464257682299));
            p = V.MultiplyAdd(p, y2, Constant<V, T>(42.058693944897655));
        }

        p = V.MultiplyAdd(p, y2, Constant<V, T>(-76.70585975306139));
        p = V.MultiplyAdd(p, y2, Constant<V, T>(81.60524927607506));
        p = V.MultiplyAdd(p, y2, Constant<V, T>(-41.34170224039976));
        p = V.MultiplyAdd(p, y2, Constant<V, T>(6.283185307179586));
        V s = p * y;

        V q = Constant<V, T>(isDouble ? 0.28200596845579123 : -26.4262567833744);
        if (isDouble)
        {
            q = V.MultiplyAdd(q, y2, Constant<V, T>(-1.714390711088672));
            q = V.MultiplyAdd(q, y2, Constant<V, T>(7.903536371318469));
            q = V.MultiplyAdd(q, y2, Constant<V, T>(-26.4262567833744));
        }

        q = V.MultiplyAdd(q, y2, Constant<V, T>(60.24464137187666));
        q = V.MultiplyAdd(q, y2, Constant<V, T>(-85.45681720669373));
        q = V.MultiplyAdd(q, y2, Constant<V, T>(64.9393940226683));
        q = V.MultiplyAdd(q, y2, Constant<V, T>(-19.739208802178716));
        V c = V.MultiplyAdd(q, y2, Constant<V, T>(1));

        // Rotate by q·90°: odd q (±1) swaps sin and cos; sin is negative for q ∈ {−2, −1, 2} (|q − ½| > 1) and
        // cos for q ∈ {−2, 1, 2} (|q + ½| > 1).
        V one = Constant<V, T>(1), half = Constant<V, T>(0.5);
        V swap = V.Equal(V.Abs(quadrant), one);
        V sinMagnitude = V.ConditionalSelect(swap, c, s);
        V cosMagnitude = V.ConditionalSelect(swap, s, c);
        sin = V.ConditionalSelect(V.GreaterThan(V.Abs(quadrant - half), one), -sinMagnitude, sinMagnitude);
        cos = V.ConditionalSelect(V.GreaterThan(V.Abs(quadrant + half), one), -cosMagnitude, cosMagnitude);
    }

    /// <summary>All lanes <paramref name="value"/> rounded to T (a JIT-time constant).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Constant<V, T>(double value)
        where V : unmanaged, ISimd<V, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => V.Create(T.CreateTruncating(value));
}
