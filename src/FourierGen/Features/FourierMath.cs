using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FourierGen.Features;

/// <summary>
/// The vector arithmetic behind γ(v): an exact-phase projection and sin/cos of 2πr.
/// Generated <c>Encode</c> methods inline these, one 8-frequency block at a time.
/// </summary>
/// <remarks>
/// Why an exact phase: with σ = 10–100 the projection b·v reaches hundreds, and its float
/// rounding error (≈ |b·v|·6e-8) times 2π would dominate the features. Each product is split
/// exactly into value + FMA residual and reduced modulo 1 before summing, so the phase error
/// stays at float precision of a number below 1 whatever the scale.
/// </remarks>
internal static class FourierMath
{
    /// <summary>Starts a phase b·v at one input axis: the fractional part of b·v and its rounding residual.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<float> Fraction, Vector256<float> Residual) PhaseStart(Vector256<float> b, Vector256<float> v)
    {
        Vector256<float> product = b * v;
        Vector256<float> residual = Vector256.FusedMultiplyAdd(b, v, -product);
        return (product - Vector256.Round(product), residual);
    }

    /// <summary>Adds one more input axis to a phase started by <see cref="PhaseStart"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<float> Fraction, Vector256<float> Residual) PhaseAdd(
        (Vector256<float> Fraction, Vector256<float> Residual) phase, Vector256<float> b, Vector256<float> v)
    {
        Vector256<float> product = b * v;
        Vector256<float> residual = Vector256.FusedMultiplyAdd(b, v, -product);
        return (phase.Fraction + (product - Vector256.Round(product)), phase.Residual + residual);
    }

    /// <summary>The phase reduced to [−½, ½]: b·v minus the nearest integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> PhaseFinish((Vector256<float> Fraction, Vector256<float> Residual) phase)
    {
        Vector256<float> r = phase.Fraction + phase.Residual;
        return r - Vector256.Round(r);
    }

    /// <summary>
    /// sin(2πr) and cos(2πr) for r in [−½, ½] (any finite r works, less accurately beyond), by
    /// quadrant reduction and degree-9/10 polynomials; absolute error below 2e-7.
    /// </summary>
    /// <remarks>Hand-written rather than <c>Vector256.SinCos</c>: that is not inlined and does a general range reduction we do not need.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos2Pi(Vector256<float> r, out Vector256<float> sin, out Vector256<float> cos)
    {
        Vector256<float> quadrant = Vector256.Round(r * 4f);            // nearest quarter turn
        Vector256<float> y = Vector256.FusedMultiplyAdd(quadrant, Vector256.Create(-0.25f), r); // exact, |y| ≤ 1/8
        Vector256<float> y2 = y * y;

        // sin(2πy) = y·P(y²), cos(2πy) = Q(y²): Taylor series of sin/cos at 2πy, truncated where
        // the next term is below 2e-9 for |y| ≤ 1/8.
        Vector256<float> p = Vector256.Create(42.058693944897634f);
        p = Vector256.FusedMultiplyAdd(p, y2, Vector256.Create(-76.70585975306136f));
        p = Vector256.FusedMultiplyAdd(p, y2, Vector256.Create(81.60524927607504f));
        p = Vector256.FusedMultiplyAdd(p, y2, Vector256.Create(-41.341702240399755f));
        p = Vector256.FusedMultiplyAdd(p, y2, Vector256.Create(6.283185307179586f));
        Vector256<float> s = p * y;

        Vector256<float> q = Vector256.Create(-26.426256783374388f);
        q = Vector256.FusedMultiplyAdd(q, y2, Vector256.Create(60.24464137187664f));
        q = Vector256.FusedMultiplyAdd(q, y2, Vector256.Create(-85.45681720669371f));
        q = Vector256.FusedMultiplyAdd(q, y2, Vector256.Create(64.93939402266828f));
        q = Vector256.FusedMultiplyAdd(q, y2, Vector256.Create(-19.739208802178716f));
        Vector256<float> c = Vector256.FusedMultiplyAdd(q, y2, Vector256.Create(1f));

        // Rotate by quadrant·90°: odd quadrants swap sin and cos; signs follow the quadrant.
        Vector256<int> k = Vector256.ConvertToInt32(quadrant);
        Vector256<float> swap = Vector256.Equals(k & Vector256<int>.One, Vector256<int>.One).AsSingle();
        Vector256<float> sinMagnitude = Vector256.ConditionalSelect(swap, c, s);
        Vector256<float> cosMagnitude = Vector256.ConditionalSelect(swap, s, c);
        Vector256<float> sinSign = Vector256.ShiftLeft(k, 30).AsSingle() & Vector256.Create(-0f);
        Vector256<float> cosSign = Vector256.ShiftLeft(k + Vector256<int>.One, 30).AsSingle() & Vector256.Create(-0f);
        sin = sinMagnitude ^ sinSign;
        cos = cosMagnitude ^ cosSign;
    }
}
