namespace FourierGen.Numerics;

/// <summary>
/// One element loss of the difference d = ŷ − y, lane-wise at any width: how it adds into a double accumulator, and its
/// derivative in float. <see cref="ElementwiseLoss"/> runs every such loss through one loop.
/// </summary>
internal interface IElementLoss
{
    /// <summary>accumulator += loss(d) lane-wise, d in double (widened from the float inputs).</summary>
    void Accumulate<VD>(ref VD accumulator, VD difference)
        where VD : unmanaged, ISimd<VD, double>;

    /// <summary>∂loss/∂d of the float differences, before the caller's scale (the mean's 1/N, or 2/N).</summary>
    VF Gradient<VF>(VF difference)
        where VF : unmanaged, ISimd<VF, float>;
}

/// <summary>
/// The loop of the element-wise losses (squared error, L1, Huber), written once, generic over the vector width and the
/// element loss: the gradient from float vectors of the difference, times a scale; the loss summed in double vectors of
/// the same width (four accumulators). The remainder runs the same element code one lane wide through the scalar
/// wrappers, so an element's gradient has the same bits wherever it sits and at every width.
/// </summary>
internal static class ElementwiseLoss
{
    /// <summary>Σ loss((double)ŷ − y) and the gradient loss′(ŷ − y)·scale, at a vector width.</summary>
    public static double SumAt<TLoss>(VectorWidth width, ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> gradient, float scale, TLoss loss)
        where TLoss : struct, IElementLoss => width switch
    {
        VectorWidth.Vector512 => Sum<Simd512<float>, Simd512<double>, TLoss>(p, t, gradient, scale, loss),
        VectorWidth.Vector256 => Sum<Simd256<float>, Simd256<double>, TLoss>(p, t, gradient, scale, loss),
        VectorWidth.Vector128 => Sum<Simd128<float>, Simd128<double>, TLoss>(p, t, gradient, scale, loss),
        _ => Sum<SimdScalar<float>, SimdScalar<double>, TLoss>(p, t, gradient, scale, loss),
    };

    private static unsafe double Sum<VF, VD, TLoss>(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> gradient, float scale, TLoss loss)
        where VF : unmanaged, ISimd<VF, float>
        where VD : unmanaged, ISimd<VD, double>
        where TLoss : struct, IElementLoss
    {
        int n = p.Length, step = 2 * VF.Count, half = VD.Count;
        bool writeGradient = !gradient.IsEmpty;
        VD a0 = VD.Zero, a1 = VD.Zero, a2 = VD.Zero, a3 = VD.Zero;
        VF s = VF.Create(scale);
        int i = 0;
        fixed (float* pp = p, pt = t, pg = gradient)
        {
            for (; i + step <= n; i += step)
            {
                if (writeGradient)
                {
                    VF.Store(loss.Gradient(VF.Load(pp + i) - VF.Load(pt + i)) * s, pg + i);
                    VF.Store(loss.Gradient(VF.Load(pp + i + VF.Count) - VF.Load(pt + i + VF.Count)) * s, pg + i + VF.Count);
                }

                // Two float vectors hold two or four double vectors' worth (two for the one-lane scalar wrappers).
                loss.Accumulate(ref a0, VD.LoadWidened(pp + i) - VD.LoadWidened(pt + i));
                loss.Accumulate(ref a1, VD.LoadWidened(pp + i + half) - VD.LoadWidened(pt + i + half));
                if (step >= 4 * half)
                {
                    loss.Accumulate(ref a2, VD.LoadWidened(pp + i + 2 * half) - VD.LoadWidened(pt + i + 2 * half));
                    loss.Accumulate(ref a3, VD.LoadWidened(pp + i + 3 * half) - VD.LoadWidened(pt + i + 3 * half));
                }
            }

            var sum = new SimdScalar<double>(VD.Sum((a0 + a1) + (a2 + a3)));
            var scalarScale = SimdScalar<float>.Create(scale);
            for (; i < n; i++)
            {
                loss.Accumulate(ref sum, SimdScalar<double>.LoadWidened(pp + i) - SimdScalar<double>.LoadWidened(pt + i));
                if (writeGradient)
                {
                    SimdScalar<float>.Store(loss.Gradient(SimdScalar<float>.Load(pp + i) - SimdScalar<float>.Load(pt + i)) * scalarScale, pg + i);
                }
            }

            return sum.Value;
        }
    }
}
