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
    [MethodImpl(MethodImplOptions.NoInlining)]
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
    /// zero past TRows): eight rows at a time (<see cref="DotEight"/>), their partial sums reduced together by
    /// the <c>ReducePairs</c> tree into whole vectors of outputs, then the remainder k mod Count added in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotRows<TRows>(float* x, float* w, nint k, float* sums)
        where TRows : struct, ICount
    {
        Unsafe.SkipInit(out Scratch256 scratch);
        V* partial = (V*)Unsafe.AsPointer(ref scratch[0]);
        nint i = DotEight(x, w, k, partial);
        if (V.Count == 1)
        {
            for (int t = 0; t < 8; t++)
            {
                V.Store(partial[t], sums + t);
            }
        }
        else
        {
            V low0 = ReduceEight(partial, out V low1);
            if (V.Count == 4)
            {
                V.Store(V.ReduceFinish(low0), sums);
                V.Store(V.ReduceFinish(low1), sums + 4);
            }
            else if (V.Count == 8)
            {
                V.Store(V.ReduceFinish(V.ReducePairs(low0, low1, 2)), sums);
            }
            else if (V.Count == 16)
            {
                V high0 = V.Zero, high1 = V.Zero;
                if (TRows.Value > 8)
                {
                    DotEight(x, w + 8 * k, k, partial);
                    high0 = ReduceEight(partial, out high1);
                }

                V.Store(V.ReduceFinish(V.ReducePairs(V.ReducePairs(low0, low1, 2), V.ReducePairs(high0, high1, 2), 3)), sums);
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

    /// <summary>
    /// Eight rows of w against x over whole vectors of k, one accumulator per row, stored to
    /// <paramref name="partial"/> (eight vectors); returns where the whole vectors of k end.
    /// </summary>
    /// <remarks>
    /// Eight accumulators and nothing else live: the accumulators are stored as soon as the loop ends. (Native AOT
    /// puts a GC poll after such a loop, and every vector register is caller-saved on Linux x64, so accumulators
    /// still needed after it were kept in memory on every step — measured in a profile of the real-time sample.)
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint DotEight(float* x, float* w, nint k, V* partial)
    {
        int c = V.Count;
        V a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero, a4 = V.Zero, a5 = V.Zero, a6 = V.Zero, a7 = V.Zero;
        nint i = 0;
        for (; i + c <= k; i += c)
        {
            V xv = V.Load(x + i);
            float* wi = w + i;
            V.MultiplyAddTo(ref a0, V.Load(wi), xv);
            V.MultiplyAddTo(ref a1, V.Load(wi + k), xv);
            V.MultiplyAddTo(ref a2, V.Load(wi + 2 * k), xv);
            V.MultiplyAddTo(ref a3, V.Load(wi + 3 * k), xv);
            V.MultiplyAddTo(ref a4, V.Load(wi + 4 * k), xv);
            V.MultiplyAddTo(ref a5, V.Load(wi + 5 * k), xv);
            V.MultiplyAddTo(ref a6, V.Load(wi + 6 * k), xv);
            V.MultiplyAddTo(ref a7, V.Load(wi + 7 * k), xv);
        }

        partial[0] = a0;
        partial[1] = a1;
        partial[2] = a2;
        partial[3] = a3;
        partial[4] = a4;
        partial[5] = a5;
        partial[6] = a6;
        partial[7] = a7;
        return i;
    }

    /// <summary>The first two levels of the reduction tree over eight partial vectors: four rows per result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V ReduceEight(V* partial, out V second)
    {
        second = V.ReducePairs(V.ReducePairs(partial[4], partial[5], 0), V.ReducePairs(partial[6], partial[7], 0), 1);
        return V.ReducePairs(V.ReducePairs(partial[0], partial[1], 0), V.ReducePairs(partial[2], partial[3], 0), 1);
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
            V.MultiplyAddTo(ref p0, xa, V.Load(w + i));
            V.MultiplyAddTo(ref q0, xb, V.Load(w + i + c));
            if (TO.Value > 1)
            {
                V.MultiplyAddTo(ref p1, xa, V.Load(w1 + i));
                V.MultiplyAddTo(ref q1, xb, V.Load(w1 + i + c));
            }

            if (TO.Value > 2)
            {
                V.MultiplyAddTo(ref p2, xa, V.Load(w2 + i));
                V.MultiplyAddTo(ref q2, xb, V.Load(w2 + i + c));
            }

            if (TO.Value > 3)
            {
                V.MultiplyAddTo(ref p3, xa, V.Load(w3 + i));
                V.MultiplyAddTo(ref q3, xb, V.Load(w3 + i + c));
            }
        }

        if (i + c <= k)
        {
            V xa = V.Load(x + i);
            V.MultiplyAddTo(ref p0, xa, V.Load(w + i));
            if (TO.Value > 1) { V.MultiplyAddTo(ref p1, xa, V.Load(w1 + i)); }
            if (TO.Value > 2) { V.MultiplyAddTo(ref p2, xa, V.Load(w2 + i)); }
            if (TO.Value > 3) { V.MultiplyAddTo(ref p3, xa, V.Load(w3 + i)); }
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
