using System.Runtime.CompilerServices;

namespace FourierGen.Numerics;

// One sample with W transposed: y = Σ_k x_k · (row k of Wᵀ). Each step broadcasts one input and multiplies it into
// whole vectors of outputs, so no output needs a horizontal sum — the cost that dominates the row-major kernel
// (DenseKernels.OneSample.cs) when rows are short. Wᵀ is a copy kept by the network (TransposedWeights): its rows
// are padded to a whole number of cache lines, so every load is an aligned whole vector at every width.
internal static unsafe partial class DenseKernels<V>
{
    /// <summary>
    /// One sample: y = act(ws·W x + bs·b) from <paramref name="wt"/> = Wᵀ ([nIn][stride], stride a multiple of 16 and
    /// at least nOut). Outputs go in blocks of up to eight vectors; a block of fewer vectors splits the sum over k into
    /// interleaved parts so that eight independent chains of multiply-adds still run
    /// (the FMA latency times the FMA ports), then adds the parts.
    /// </summary>
    public static void ForwardOneByColumns(float* x, float* wt, nint stride, float* bias, float* y, int nIn, int nOut, Activation activation, float ws, float bs)
    {
        bool relu = activation == Activation.Relu;
        int vectors = (nOut + V.Count - 1) / V.Count;
        for (int v0 = 0; v0 < vectors;)
        {
            int left = vectors - v0, first = v0 * V.Count;
            switch (left >= 8 ? 8 : left >= 4 ? 4 : left >= 2 ? 2 : 1)
            {
                case 8: ColumnBlock<Count8>(x, wt + first, stride, nIn, bias, y, first, nOut, relu, ws, bs); v0 += 8; break;
                case 4: ColumnBlock<Count4>(x, wt + first, stride, nIn, bias, y, first, nOut, relu, ws, bs); v0 += 4; break;
                case 2: ColumnBlock<Count2>(x, wt + first, stride, nIn, bias, y, first, nOut, relu, ws, bs); v0 += 2; break;
                default: ColumnBlock<Count1>(x, wt + first, stride, nIn, bias, y, first, nOut, relu, ws, bs); v0 += 1; break;
            }
        }

        if (ActivationMath.IsSmooth(activation))
        {
            ActivationMath.ApplySmooth(new Span<float>(y, nOut), activation);
        }
    }

    /// <summary>
    /// TVectors vectors of outputs from <paramref name="first"/> on, in eight independent chains of multiply-adds (the
    /// FMA latency times two FMA ports; sixteen measured slower at 512 bits): accumulator j holds vector j mod TVectors of
    /// part j / TVectors of the sum over k (the parts take every (8 / TVectors)-th input), the parts added in order at
    /// the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ColumnBlock<TVectors>(float* x, float* wt, nint stride, int nIn, float* bias, float* y, int first, int nOut, bool relu, float ws, float bs)
        where TVectors : struct, ICount
    {
        int parts = 8 / TVectors.Value;
        V a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero, a4 = V.Zero, a5 = V.Zero, a6 = V.Zero, a7 = V.Zero;
        float* row = wt;
        nint k = 0, step = parts * stride;
        for (; k + parts <= nIn; k += parts, row += step)
        {
            float* xk = x + k;
            ColumnStep<TVectors>(ref a0, 0, xk, row, stride);
            ColumnStep<TVectors>(ref a1, 1, xk, row, stride);
            ColumnStep<TVectors>(ref a2, 2, xk, row, stride);
            ColumnStep<TVectors>(ref a3, 3, xk, row, stride);
            ColumnStep<TVectors>(ref a4, 4, xk, row, stride);
            ColumnStep<TVectors>(ref a5, 5, xk, row, stride);
            ColumnStep<TVectors>(ref a6, 6, xk, row, stride);
            ColumnStep<TVectors>(ref a7, 7, xk, row, stride);
        }

        // The inputs left over (fewer than the number of parts) go to part 0, in order.
        for (; k < nIn; k++, row += stride)
        {
            float* xk = x + k;
            ColumnStep<TVectors>(ref a0, 0, xk, row, stride);
            if (TVectors.Value > 1) { ColumnStep<TVectors>(ref a1, 1, xk, row, stride); }
            if (TVectors.Value > 2) { ColumnStep<TVectors>(ref a2, 2, xk, row, stride); ColumnStep<TVectors>(ref a3, 3, xk, row, stride); }
            if (TVectors.Value > 4)
            {
                ColumnStep<TVectors>(ref a4, 4, xk, row, stride);
                ColumnStep<TVectors>(ref a5, 5, xk, row, stride);
                ColumnStep<TVectors>(ref a6, 6, xk, row, stride);
                ColumnStep<TVectors>(ref a7, 7, xk, row, stride);
            }
        }

        // The sums go to a stack block and are finished (scale, bias, ReLU, store) out of line: no accumulator is live
        // across a call, and the store's rare paths do not count against this method's inlining budget (inlined eight
        // times here, they used it up, and the common path's stores were left as calls — seen in the disassembly).
        Unsafe.SkipInit(out Scratch256 block);
        float* sums = (float*)Unsafe.AsPointer(ref Unsafe.As<Scratch256, float>(ref block));
        switch (TVectors.Value)
        {
            case 1:
                V.Store(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)), sums);
                break;
            case 2:
                V.Store((a0 + a2) + (a4 + a6), sums);
                V.Store((a1 + a3) + (a5 + a7), sums + V.Count);
                break;
            case 4:
                V.Store(a0 + a4, sums);
                V.Store(a1 + a5, sums + V.Count);
                V.Store(a2 + a6, sums + (2 * V.Count));
                V.Store(a3 + a7, sums + (3 * V.Count));
                break;
            default:
                V.Store(a0, sums);
                V.Store(a1, sums + V.Count);
                V.Store(a2, sums + (2 * V.Count));
                V.Store(a3, sums + (3 * V.Count));
                V.Store(a4, sums + (4 * V.Count));
                V.Store(a5, sums + (5 * V.Count));
                V.Store(a6, sums + (6 * V.Count));
                V.Store(a7, sums + (7 * V.Count));
                break;
        }

        StoreOutputs(sums, TVectors.Value, bias, y, first, nOut, relu, ws, bs);
    }

    /// <summary>Accumulator j's multiply-add for the inputs from <paramref name="xk"/> on (j, TVectors constant: the offsets fold).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ColumnStep<TVectors>(ref V accumulator, int j, float* xk, float* row, nint stride)
        where TVectors : struct, ICount
    {
        int part = j / TVectors.Value, vector = j % TVectors.Value;
        V.MultiplyAddTo(ref accumulator, V.Load(row + (part * stride) + (vector * V.Count)), V.Create(xk[part]));
    }

    /// <summary>
    /// <paramref name="vectors"/> vectors of sums for the outputs from <paramref name="first"/> on: scale, bias, ReLU;
    /// only the outputs below nOut are written (bias and output end there, so neither is read or written past it).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StoreOutputs(float* sums, int vectors, float* bias, float* y, int first, int nOut, bool relu, float ws, float bs)
    {
        V scale = V.Create(ws), biasScale = V.Create(bs);
        for (int v = 0; v < vectors; v++, sums += V.Count, first += V.Count)
        {
            if (first + V.Count <= nOut)
            {
                V sum = V.Load(sums);
                V z = bias == null ? sum * scale : V.MultiplyAdd(sum, scale, biasScale * V.Load(bias + first));
                V.Store(relu ? V.Relu(z) : z, y + first);
                continue;
            }

            for (int j = first; j < nOut; j++)
            {
                float scaledBias = bias == null ? 0f : bs * bias[j];
                y[j] = ActivationMath.Store<V>(sums[j - first], ws, scaledBias, bias != null, relu);
            }
        }
    }
}
