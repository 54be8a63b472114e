using System.Runtime.CompilerServices;

namespace FourierGen.Numerics;

// One sample at a time (Predict): W is read as stored, row-major [nOut][nIn], without packing, so every output
// is a dot product of x with one row of W. The work of a small network is a few thousand multiply-adds, so
// what decides the latency is how many of them run in parallel and how little happens around them.
internal static unsafe partial class DenseKernels<V>
{
    /// <summary>
    /// One sample: y = act(ws·W x + bs·b), W row-major [nOut][nIn]. A vector's worth of outputs per pass (at least
    /// 8, for 8 independent chains) with one accumulator per output row (x loaded once for all
    /// of them), the accumulators reduced together into whole vectors of outputs by <c>V.ReducePairs</c>, then
    /// scale, bias and ReLU. The last outputs go four (then one to three) at a time through <see cref="DotFew{TO}"/>.
    /// </summary>
    public static void ForwardOne(float* x, float* w, float* bias, float* y, int nIn, int nOut, Activation activation, float ws, float bs)
    {
        bool relu = activation == Activation.Relu;
        nint k = nIn;
        int o0 = V.Count >= 16
            ? Passes<Count16>(x, w, bias, y, nIn, nOut, relu, ws, bs)
            : Passes<Count8>(x, w, bias, y, nIn, nOut, relu, ws, bs);

        Unsafe.SkipInit(out Scratch16 scratch);
        float* sums = (float*)Unsafe.AsPointer(ref scratch[0]);
        for (; o0 < nOut; o0 += 4)
        {
            float* wo = w + o0 * k;
            int outs = Math.Min(4, nOut - o0);
            switch (outs)
            {
                case 4: DotFew<Count4>(x, wo, k, sums); break;
                case 3: DotFew<Count3>(x, wo, k, sums); break;
                case 2: DotFew<Count2>(x, wo, k, sums); break;
                default: DotFew<Count1>(x, wo, k, sums); break;
            }

            for (int j = 0; j < outs; j++)
            {
                float scaledBias = bias == null ? 0f : bs * bias[o0 + j];
                y[o0 + j] = ActivationMath.Store<V>(sums[j], ws, scaledBias, bias != null, relu);
            }
        }

        if (ActivationMath.IsSmooth(activation))
        {
            ActivationMath.ApplySmooth(new Span<float>(y, nOut), activation);
        }
    }

    /// <summary>The whole passes of TRows outputs; returns the first output left over.</summary>
    private static int Passes<TRows>(float* x, float* w, float* bias, float* y, int nIn, int nOut, bool relu, float ws, float bs)
        where TRows : struct, ICount
    {
        int rows = TRows.Value, c = V.Count;
        nint k = nIn;
        int o0 = 0;
        Unsafe.SkipInit(out Scratch16 scratch);
        float* sums = (float*)Unsafe.AsPointer(ref scratch[0]);
        for (; o0 + rows <= nOut; o0 += rows)
        {
            if (rows >= c)
            {
                DotRows<TRows>(x, w + o0 * k, k, y + o0);
                V scale = V.Create(ws), biasScale = V.Create(bs);
                for (int j = 0; j < rows; j += c)
                {
                    V z = V.Load(y + o0 + j);
                    z = bias == null ? z * scale : V.MultiplyAdd(z, scale, biasScale * V.Load(bias + o0 + j));
                    V.Store(relu ? V.Relu(z) : z, y + o0 + j);
                }
            }
            else
            {
                // Fewer rows than lanes: the sums come out in the first lanes of one vector.
                DotRows<TRows>(x, w + o0 * k, k, sums);
                for (int j = 0; j < rows; j++)
                {
                    float scaledBias = bias == null ? 0f : bs * bias[o0 + j];
                    y[o0 + j] = ActivationMath.Store<V>(sums[j], ws, scaledBias, bias != null, relu);
                }
            }
        }

        return o0;
    }

    /// <summary>
    /// The dot products of x with TRows consecutive rows of w (row length k) into sums (a whole vector of them,
    /// zero past TRows): each row accumulated lane-wise over whole vectors of k, the lanes reduced by the
    /// <c>ReducePairs</c> tree (one tree per vector of outputs; missing rows are zero vectors), then the
    /// remainder k mod Count added in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotRows<TRows>(float* x, float* w, nint k, float* sums)
        where TRows : struct, ICount
    {
        int c = V.Count;
        V a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero, a4 = V.Zero, a5 = V.Zero, a6 = V.Zero, a7 = V.Zero;
        V a8 = V.Zero, a9 = V.Zero, a10 = V.Zero, a11 = V.Zero, a12 = V.Zero, a13 = V.Zero, a14 = V.Zero, a15 = V.Zero;
        nint i = 0;
        for (; i + c <= k; i += c)
        {
            V xv = V.Load(x + i);
            float* wi = w + i;
            a0 = V.MultiplyAdd(V.Load(wi), xv, a0);
            a1 = V.MultiplyAdd(V.Load(wi + 1 * k), xv, a1);
            a2 = V.MultiplyAdd(V.Load(wi + 2 * k), xv, a2);
            a3 = V.MultiplyAdd(V.Load(wi + 3 * k), xv, a3);
            a4 = V.MultiplyAdd(V.Load(wi + 4 * k), xv, a4);
            a5 = V.MultiplyAdd(V.Load(wi + 5 * k), xv, a5);
            a6 = V.MultiplyAdd(V.Load(wi + 6 * k), xv, a6);
            a7 = V.MultiplyAdd(V.Load(wi + 7 * k), xv, a7);
            if (TRows.Value > 8) { a8 = V.MultiplyAdd(V.Load(wi + 8 * k), xv, a8); }
            if (TRows.Value > 9) { a9 = V.MultiplyAdd(V.Load(wi + 9 * k), xv, a9); }
            if (TRows.Value > 10) { a10 = V.MultiplyAdd(V.Load(wi + 10 * k), xv, a10); }
            if (TRows.Value > 11) { a11 = V.MultiplyAdd(V.Load(wi + 11 * k), xv, a11); }
            if (TRows.Value > 12) { a12 = V.MultiplyAdd(V.Load(wi + 12 * k), xv, a12); }
            if (TRows.Value > 13) { a13 = V.MultiplyAdd(V.Load(wi + 13 * k), xv, a13); }
            if (TRows.Value > 14) { a14 = V.MultiplyAdd(V.Load(wi + 14 * k), xv, a14); }
            if (TRows.Value > 15) { a15 = V.MultiplyAdd(V.Load(wi + 15 * k), xv, a15); }
        }

        // The tree: level l pairs the results of level l − 1, for as many levels as a vector has lane halvings.
        if (V.Count == 1)
        {
            V.Store(a0, sums + 0);
            V.Store(a1, sums + 1);
            V.Store(a2, sums + 2);
            V.Store(a3, sums + 3);
            V.Store(a4, sums + 4);
            V.Store(a5, sums + 5);
            V.Store(a6, sums + 6);
            V.Store(a7, sums + 7);
        }
        else
        {
            V p0 = V.ReducePairs(a0, a1, 0), p1 = V.ReducePairs(a2, a3, 0), p2 = V.ReducePairs(a4, a5, 0), p3 = V.ReducePairs(a6, a7, 0);
            V p4 = TRows.Value > 8 ? V.ReducePairs(a8, a9, 0) : V.Zero, p5 = TRows.Value > 10 ? V.ReducePairs(a10, a11, 0) : V.Zero, p6 = TRows.Value > 12 ? V.ReducePairs(a12, a13, 0) : V.Zero, p7 = TRows.Value > 14 ? V.ReducePairs(a14, a15, 0) : V.Zero;
            if (V.Count == 2)
            {
                V.Store(V.ReduceFinish(p0), sums + 0);
                V.Store(V.ReduceFinish(p1), sums + 2);
                V.Store(V.ReduceFinish(p2), sums + 4);
                V.Store(V.ReduceFinish(p3), sums + 6);
            }
            else
            {
                V q0 = V.ReducePairs(p0, p1, 1), q1 = V.ReducePairs(p2, p3, 1);
                V q2 = TRows.Value > 8 ? V.ReducePairs(p4, p5, 1) : V.Zero, q3 = TRows.Value > 8 ? V.ReducePairs(p6, p7, 1) : V.Zero;
                if (V.Count == 4)
                {
                    V.Store(V.ReduceFinish(q0), sums);
                    V.Store(V.ReduceFinish(q1), sums + 4);
                }
                else if (V.Count == 8)
                {
                    V.Store(V.ReduceFinish(V.ReducePairs(q0, q1, 2)), sums);
                }
                else
                {
                    V.Store(V.ReduceFinish(V.ReducePairs(V.ReducePairs(q0, q1, 2), V.ReducePairs(q2, q3, 2), 3)), sums);
                }
            }
        }

        for (int t = 0; i < k && t < TRows.Value; t++)
        {
            float* wt = w + t * k;
            float sum = sums[t];
            for (nint r = i; r < k; r++)
            {
                sum = SimdMath.MultiplyAdd<V>(x[r], wt[r], sum);
            }

            sums[t] = sum;
        }
    }

    /// <summary>The dot products of x with TO ≤ 4 consecutive rows of w into sums (two accumulators per row).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DotFew<TO>(float* x, float* w, nint k, float* sums)
        where TO : struct, ICount
    {
        int c = V.Count;
        V p0 = V.Zero, q0 = V.Zero, p1 = V.Zero, q1 = V.Zero, p2 = V.Zero, q2 = V.Zero, p3 = V.Zero, q3 = V.Zero;
        float* w1 = TO.Value > 1 ? w + k : w;
        float* w2 = TO.Value > 2 ? w1 + k : w;
        float* w3 = TO.Value > 3 ? w2 + k : w;
        nint i = 0;
        for (; i + 2 * c <= k; i += 2 * c)
        {
            V xa = V.Load(x + i), xb = V.Load(x + i + c);
            p0 = V.MultiplyAdd(xa, V.Load(w + i), p0);
            q0 = V.MultiplyAdd(xb, V.Load(w + i + c), q0);
            if (TO.Value > 1)
            {
                p1 = V.MultiplyAdd(xa, V.Load(w1 + i), p1);
                q1 = V.MultiplyAdd(xb, V.Load(w1 + i + c), q1);
            }

            if (TO.Value > 2)
            {
                p2 = V.MultiplyAdd(xa, V.Load(w2 + i), p2);
                q2 = V.MultiplyAdd(xb, V.Load(w2 + i + c), q2);
            }

            if (TO.Value > 3)
            {
                p3 = V.MultiplyAdd(xa, V.Load(w3 + i), p3);
                q3 = V.MultiplyAdd(xb, V.Load(w3 + i + c), q3);
            }
        }

        if (i + c <= k)
        {
            V xa = V.Load(x + i);
            p0 = V.MultiplyAdd(xa, V.Load(w + i), p0);
            if (TO.Value > 1) { p1 = V.MultiplyAdd(xa, V.Load(w1 + i), p1); }
            if (TO.Value > 2) { p2 = V.MultiplyAdd(xa, V.Load(w2 + i), p2); }
            if (TO.Value > 3) { p3 = V.MultiplyAdd(xa, V.Load(w3 + i), p3); }
            i += c;
        }

        float s0 = V.Sum(p0 + q0), s1 = V.Sum(p1 + q1), s2 = V.Sum(p2 + q2), s3 = V.Sum(p3 + q3);
        for (; i < k; i++)
        {
            s0 = SimdMath.MultiplyAdd<V>(x[i], w[i], s0);
            s1 = SimdMath.MultiplyAdd<V>(x[i], w1[i], s1);
            s2 = SimdMath.MultiplyAdd<V>(x[i], w2[i], s2);
            s3 = SimdMath.MultiplyAdd<V>(x[i], w3[i], s3);
        }

        sums[0] = s0;
        sums[1] = s1;
        sums[2] = s2;
        sums[3] = s3;
    }
}
