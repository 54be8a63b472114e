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

        // Whole vectors are finished here. A last, partial vector (only a layer's last vector can be) goes to a stack
        // buffer and is finished out of line once every accumulator is stored: with that path inlined eight times, the JIT
        // ran out of inlining budget and the common stores became calls through the stack; with a call in each store, the
        // accumulators live across it were spilled in the loop (both seen in the disassembly).
        Unsafe.SkipInit(out Scratch16 partial);
        float* rest = (float*)Unsafe.AsPointer(ref Unsafe.As<Scratch16, float>(ref partial));
        switch (TVectors.Value)
        {
            case 1:
                StoreOutputs(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)), bias, y, first, nOut, relu, ws, bs, rest);
                break;
            case 2:
                StoreOutputs((a0 + a2) + (a4 + a6), bias, y, first, nOut, relu, ws, bs, rest);
                StoreOutputs((a1 + a3) + (a5 + a7), bias, y, first + V.Count, nOut, relu, ws, bs, rest);
                break;
            case 4:
                StoreOutputs(a0 + a4, bias, y, first, nOut, relu, ws, bs, rest);
                StoreOutputs(a1 + a5, bias, y, first + V.Count, nOut, relu, ws, bs, rest);
                StoreOutputs(a2 + a6, bias, y, first + (2 * V.Count), nOut, relu, ws, bs, rest);
                StoreOutputs(a3 + a7, bias, y, first + (3 * V.Count), nOut, relu, ws, bs, rest);
                break;
            default:
                StoreOutputs(a0, bias, y, first, nOut, relu, ws, bs, rest);
                StoreOutputs(a1, bias, y, first + V.Count, nOut, relu, ws, bs, rest);
                StoreOutputs(a2, bias, y, first + (2 * V.Count), nOut, relu, ws, bs, rest);
                StoreOutputs(a3, bias, y, first + (3 * V.Count), nOut, relu, ws, bs, rest);
                StoreOutputs(a4, bias, y, first + (4 * V.Count), nOut, relu, ws, bs, rest);
                StoreOutputs(a5, bias, y, first + (5 * V.Count), nOut, relu, ws, bs, rest);
                StoreOutputs(a6, bias, y, first + (6 * V.Count), nOut, relu, ws, bs, rest);
                StoreOutputs(a7, bias, y, first + (7 * V.Count), nOut, relu, ws, bs, rest);
                break;
        }

        int last = first + ((TVectors.Value - 1) * V.Count);
        if (last + V.Count > nOut)
        {
            StorePartialOutputs(rest, bias, y, last, nOut, relu, ws, bs);
        }
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
    /// One vector of outputs from <paramref name="first"/> on: scale, bias, ReLU, store — or, for a vector that ends past
    /// nOut, only its sums into <paramref name="rest"/> (for <see cref="StorePartialOutputs"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOutputs(V sum, float* bias, float* y, int first, int nOut, bool relu, float ws, float bs, float* rest)
    {
        if (first + V.Count > nOut)
        {
            V.Store(sum, rest);
            return;
        }

        V z = bias == null ? sum * V.Create(ws) : V.MultiplyAdd(sum, V.Create(ws), V.Create(bs) * V.Load(bias + first));
        V.Store(relu ? V.Relu(z) : z, y + first);
    }

    /// <summary>The last, partial vector of outputs from its sums: bias and output end at nOut, so neither is read or written past it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StorePartialOutputs(float* sums, float* bias, float* y, int first, int nOut, bool relu, float ws, float bs)
    {
        for (int j = first; j < nOut; j++)
        {
            float scaledBias = bias == null ? 0f : bs * bias[j];
            y[j] = ActivationMath.Store<V>(sums[j - first], ws, scaledBias, bias != null, relu);
        }
    }
}
