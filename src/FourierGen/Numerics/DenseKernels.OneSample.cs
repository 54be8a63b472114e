using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FourierGen.Numerics;

// One sample at a time (Predict): W is read as stored, row-major [nOut][nIn], without packing, so every
// output is a dot product of x with one row of W. The work of a small network is a few thousand FMAs,
// so what decides the latency is how many of them run in parallel and how little happens around them.
internal static unsafe partial class DenseKernels
{
    /// <summary>
    /// One sample: y = act(ws·W x + bs·b), W row-major [nOut][nIn]. Eight outputs at a time with one
    /// accumulator per output row (k in steps of 8: eight independent FMA chains keep both FMA pipes
    /// busy and x is loaded once for all eight), the eight sums reduced together into one vector by a
    /// transposing tree of horizontal adds, then scale, bias and ReLU on that vector and one store. The
    /// last nOut mod 8 outputs go four (then one, two or three) at a time through <see cref="Dot{TO}"/>.
    /// </summary>
    public static void ForwardOne(float* x, float* w, float* bias, float* y, int nIn, int nOut, Activation activation, float ws, float bs)
    {
        bool relu = activation == Activation.Relu;
        float* sums = stackalloc float[8];
        nint k = nIn;
        int o0 = 0;
        for (; o0 + 8 <= nOut; o0 += 8)
        {
            Vector256<float> z = DotEight(x, w + o0 * k, k, sums);
            z = bias == null
                ? z * Vector256.Create(ws)
                : Vector256.FusedMultiplyAdd(z, Vector256.Create(ws), Vector256.Create(bs) * Vector256.Load(bias + o0));
            if (relu)
            {
                z = Avx.Max(Vector256<float>.Zero, z); // NaN passes through, like 0 > z ? 0 : z
            }

            z.Store(y + o0);
        }

        for (; o0 < nOut; o0 += 4)
        {
            float* wo = w + o0 * k;
            int outs = Math.Min(4, nOut - o0);
            switch (outs)
            {
                case 4: Dot<Count4>(x, wo, k, sums); break;
                case 3: Dot<Count3>(x, wo, k, sums); break;
                case 2: Dot<Count2>(x, wo, k, sums); break;
                default: Dot<Count1>(x, wo, k, sums); break;
            }

            for (int j = 0; j < outs; j++)
            {
                float scaledBias = bias == null ? 0f : bs * bias[o0 + j];
                y[o0 + j] = ActivationMath.Store(sums[j], ws, scaledBias, bias != null, relu);
            }
        }

        if (ActivationMath.IsSmooth(activation))
        {
            ActivationMath.ApplySmooth(new Span<float>(y, nOut), activation);
        }
    }

    /// <summary>
    /// The dot products of x with eight consecutive rows of w (row length k), as one vector: lanes of
    /// each row summed ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)), then the remainder k mod 8 added in order
    /// (through <paramref name="sums"/>, eight floats of scratch).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> DotEight(float* x, float* w, nint k, float* sums)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default,
            a4 = default, a5 = default, a6 = default, a7 = default;
        nint i = 0;
        for (; i + 8 <= k; i += 8)
        {
            Vector256<float> xv = Vector256.Load(x + i);
            float* wi = w + i;
            a0 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(wi), a0);
            a1 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(wi + k), a1);
            a2 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(wi + 2 * k), a2);
            a3 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(wi + 3 * k), a3);
            a4 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(wi + 4 * k), a4);
            a5 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(wi + 5 * k), a5);
            a6 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(wi + 6 * k), a6);
            a7 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(wi + 7 * k), a7);
        }

        // [r0 r1 r2 r3 | r0 r1 r2 r3] partial sums (low and high lane halves), rows 0–3 and 4–7; then
        // the halves added across: [r0 … r7].
        Vector256<float> low = Avx.HorizontalAdd(Avx.HorizontalAdd(a0, a1), Avx.HorizontalAdd(a2, a3));
        Vector256<float> high = Avx.HorizontalAdd(Avx.HorizontalAdd(a4, a5), Avx.HorizontalAdd(a6, a7));
        Vector256<float> total = Avx.Permute2x128(low, high, 0x20) + Avx.Permute2x128(low, high, 0x31);
        if (i < k)
        {
            total.Store(sums);
            for (int r = 0; r < 8; r++)
            {
                float* wr = w + r * k;
                float sum = sums[r];
                for (nint t = i; t < k; t++)
                {
                    sum = MathF.FusedMultiplyAdd(x[t], wr[t], sum);
                }

                sums[r] = sum;
            }

            total = Vector256.Load(sums);
        }

        return total;
    }
    /// <summary>The dot products of x with TO ≤ 4 consecutive rows of w; returned and written to sums.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector128<float> Dot<TO>(float* x, float* w, nint k, float* sums)
        where TO : struct, ICount
    {
        int outs = TO.Value;
        Vector256<float> p0 = default, q0 = default, p1 = default, q1 = default,
            p2 = default, q2 = default, p3 = default, q3 = default;
        float* w1 = outs > 1 ? w + k : w;
        float* w2 = outs > 2 ? w1 + k : w;
        float* w3 = outs > 3 ? w2 + k : w;
        nint i = 0;
        for (; i + 16 <= k; i += 16)
        {
            Vector256<float> xa = Vector256.Load(x + i), xb = Vector256.Load(x + i + 8);
            p0 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(w + i), p0);
            q0 = Vector256.FusedMultiplyAdd(xb, Vector256.Load(w + i + 8), q0);
            if (outs > 1)
            {
                p1 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(w1 + i), p1);
                q1 = Vector256.FusedMultiplyAdd(xb, Vector256.Load(w1 + i + 8), q1);
            }

            if (outs > 2)
            {
                p2 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(w2 + i), p2);
                q2 = Vector256.FusedMultiplyAdd(xb, Vector256.Load(w2 + i + 8), q2);
            }

            if (outs > 3)
            {
                p3 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(w3 + i), p3);
                q3 = Vector256.FusedMultiplyAdd(xb, Vector256.Load(w3 + i + 8), q3);
            }
        }

        if (i + 8 <= k)
        {
            Vector256<float> xa = Vector256.Load(x + i);
            p0 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(w + i), p0);
            if (outs > 1) { p1 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(w1 + i), p1); }
            if (outs > 2) { p2 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(w2 + i), p2); }
            if (outs > 3) { p3 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(w3 + i), p3); }
            i += 8;
        }

        // Lanes of all four outputs reduced at once: ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)) each.
        Vector256<float> h = Avx.HorizontalAdd(Avx.HorizontalAdd(p0 + q0, p1 + q1), Avx.HorizontalAdd(p2 + q2, p3 + q3));
        Vector128<float> total = h.GetLower() + h.GetUpper();
        if (i < k)
        {
            total.Store(sums);
            for (; i < k; i++)
            {
                sums[0] = MathF.FusedMultiplyAdd(x[i], w[i], sums[0]);
                sums[1] = MathF.FusedMultiplyAdd(x[i], w1[i], sums[1]);
                sums[2] = MathF.FusedMultiplyAdd(x[i], w2[i], sums[2]);
                sums[3] = MathF.FusedMultiplyAdd(x[i], w3[i], sums[3]);
            }

            total = Vector128.Load(sums);
        }

        total.Store(sums);
        return total;
    }
}
