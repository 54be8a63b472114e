using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FourierGen.Numerics;

/// <summary>
/// The dense layer y = act(wScale·W x + bScale·b) for generated networks: batched forward, one-sample
/// forward and backward, on register-tiled multiply-add kernels at the process's vector width
/// (<see cref="Hardware.VectorWidth"/>).
/// </summary>
/// <remarks>
/// <para>
/// Layouts: W is row-major [nOut][nIn] (PyTorch's), b is [nOut] (an empty span means no bias),
/// batches are row-major (X is rows × nIn, Y is rows × nOut). Every method allocates nothing: callers
/// pass every buffer. Only the leading elements a call needs are read or written, so buffers sized for a
/// larger batch can be passed whole. Outputs must not overlap inputs.
/// </para>
/// <para>
/// Batched forward: W is first packed (<see cref="PackWeights"/>, <see cref="PackedWeightsLength"/>
/// floats) into panels of <see cref="PanelWidth"/> outputs, k-major, and a register tile (rows × one panel,
/// X broadcast; its size is chosen per vector width) computes the product; bias and ReLU are applied as each
/// tile is stored, sigmoid and tanh once per block of rows while it is still in cache. Layers with at most
/// <see cref="NarrowOutputLimit"/> outputs (e.g. the 256→3 readout) use a kernel that vectorises over k
/// instead, and their "packed" weights are W itself. The packed layout depends on the vector width, so pack
/// with the same process that runs the kernels (generated code asks <see cref="PackedWeightsLength"/>).
/// </para>
/// <para>
/// The batched kernels compute every row of a layer with the same sequence of operations (wide layers:
/// the dot product summed in order k = 0, 1, … with multiply-adds; narrow layers: in vector lanes, then a
/// fixed reduction), so a row's pre-activation, and its ReLU/identity output, never depend on its position
/// in the batch or on how a batch is split. <see cref="ForwardOne"/> sums in another order (several
/// accumulators) and can differ from the batched result in the last bits.
/// </para>
/// <para>
/// Widths: every width (512, 256, 128 bits, scalar) runs the same kernels. Multiply-adds are fused where the
/// hardware has FMA, otherwise a rounded product and a sum; reductions are grouped by lane count. So results
/// are bit-identical for any thread count at one width on one machine, and may differ in the last bits
/// between widths and machines. The methods keep no state: concurrent calls are safe as long as their
/// outputs do not overlap.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipLocalsInit] // the kernels' stack scratch is written before it is read; zeroing it would cost more than the work
internal static class Dense
{
    /// <summary>Layers with at most this many outputs use the narrow kernel (vectorised over k) in the forward pass.</summary>
    public const int NarrowOutputLimit = 8;

    /// <summary>From this many inputs on, <see cref="ForwardOne"/> reads W with 256-bit vectors even where 512-bit ones are accelerated, unless its rows start on cache lines.</summary>
    internal const int LongRowInputs = 512;

    /// <summary>
    /// <see cref="Backward"/> works through the rows in blocks of this many: db and dW receive one
    /// contribution per block, so a call's rounding depends on its row count, never on anything else.
    /// </summary>
    public const int BackwardRowBlock = 128;

    /// <summary>Outputs per packed panel of the wide forward kernel at this process's vector width (16 for Vector256).</summary>
    public static int PanelWidth => PanelWidthAt(SimdWidth.Current);

    /// <summary>True when the kernels run on SIMD vectors; false means the one-lane (scalar) width.</summary>
    public static bool IsVectorized => SimdWidth.Current != VectorWidth.Scalar;

    /// <summary>Floats <see cref="PackWeights"/> writes for a layer of <paramref name="nIn"/> inputs and <paramref name="nOut"/> outputs.</summary>
    public static int PackedWeightsLength(int nIn, int nOut) => PackedWeightsLengthAt(SimdWidth.Current, nIn, nOut);

    /// <summary>
    /// Packs W ([nOut][nIn]) for <see cref="ForwardPacked"/>: panels of <see cref="PanelWidth"/> outputs, each nIn
    /// rows of PanelWidth (zero-padded past nOut); a copy of W when nOut ≤ <see cref="NarrowOutputLimit"/>.
    /// </summary>
    public static void PackWeights(ReadOnlySpan<float> w, Span<float> packed, int nIn, int nOut) =>
        PackWeightsAt(SimdWidth.Current, w, packed, nIn, nOut);

    /// <summary>Floats <see cref="PackTransposedWeights"/> writes (the backward pass's copy of W for dX).</summary>
    public static int PackedTransposedWeightsLength(int nIn, int nOut) => PackedWeightsLength(nOut, nIn);

    /// <summary>
    /// Packs Wᵀ for the dX product of <see cref="Backward"/>: exactly <see cref="PackWeights"/> applied to
    /// Wᵀ ([nIn][nOut]), i.e. panels of <see cref="PanelWidth"/> inputs, each nOut rows of PanelWidth.
    /// </summary>
    public static void PackTransposedWeights(ReadOnlySpan<float> w, Span<float> packedTransposed, int nIn, int nOut) =>
        PackTransposedWeightsAt(SimdWidth.Current, w, packedTransposed, nIn, nOut);

    /// <summary>
    /// Y = act(wScale·X·Wᵀ + bScale·b) for <paramref name="rows"/> rows: packs W into
    /// <paramref name="pack"/> (<see cref="PackedWeightsLength"/> floats) and runs <see cref="ForwardPacked"/>.
    /// </summary>
    public static void Forward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y, Span<float> pack,
        int rows, int nIn, int nOut, Activation activation, float wScale = 1f, float bScale = 1f)
    {
        PackWeights(w, pack, nIn, nOut);
        ForwardPacked(x, pack, b, y, rows, nIn, nOut, activation, wScale, bScale);
    }

    /// <summary>
    /// Y = act(wScale·X·Wᵀ + bScale·b) for <paramref name="rows"/> rows, W packed by <see cref="PackWeights"/>
    /// (pack once per weight update and share it between threads: it is only read).
    /// </summary>
    public static void ForwardPacked(
        ReadOnlySpan<float> x, ReadOnlySpan<float> packedW, ReadOnlySpan<float> b, Span<float> y,
        int rows, int nIn, int nOut, Activation activation, float wScale = 1f, float bScale = 1f) =>
        ForwardPackedAt(SimdWidth.Current, x, packedW, b, y, rows, nIn, nOut, activation, wScale, bScale);

    /// <summary>
    /// One sample: y = act(wScale·W x + bScale·b) with W row-major [nOut][nIn] as stored (no packing); for
    /// low-latency prediction.
    /// </summary>
    public static void ForwardOne(
        ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y,
        int nIn, int nOut, Activation activation, float wScale = 1f, float bScale = 1f) =>
        ForwardOneAt(SimdWidth.Current, x, w, b, y, nIn, nOut, activation, wScale, bScale);

    /// <summary>
    /// Backward pass of one layer over <paramref name="rows"/> rows. Overwrites <paramref name="dY"/> (the
    /// gradient with respect to the layer's output Y) with dZ = dY ⊙ act′(Y), then
    /// dW (+)= wScale·dZᵀX, db (+)= bScale·Σ_rows dZ and, unless <paramref name="dX"/> is empty,
    /// dX = wScale·dZ·W (W packed by <see cref="PackTransposedWeights"/>; pass empty spans for both in the first layer).
    /// </summary>
    /// <param name="dY">rows × nOut: ∂loss/∂Y in, dZ out.</param>
    /// <param name="y">rows × nOut: the layer's stored forward output (post-activation); only read for act′, so with Identity it may be <paramref name="dY"/> itself.</param>
    /// <param name="x">rows × nIn: the layer's input.</param>
    /// <param name="packedTransposedW">W packed by <see cref="PackTransposedWeights"/>; may be empty when <paramref name="dX"/> is.</param>
    /// <param name="dW">nOut × nIn gradient of W.</param>
    /// <param name="db">nOut gradient of b; empty when the layer has no bias.</param>
    /// <param name="dX">rows × nIn: receives ∂loss/∂X (overwritten); empty to skip.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="nIn">Layer inputs.</param>
    /// <param name="nOut">Layer outputs.</param>
    /// <param name="activation">The layer's activation (its derivative is taken from Y).</param>
    /// <param name="wScale">The weight multiplier of the forward pass.</param>
    /// <param name="bScale">The bias multiplier of the forward pass.</param>
    /// <param name="accumulate">True adds to dW and db; false overwrites them (no need to clear them first).</param>
    /// <remarks>
    /// Rows are processed in blocks of <see cref="BackwardRowBlock"/>: per block, dW ← dW + wScale·(Σ over
    /// the block), db ← db + bScale·(Σ over the block), each sum in row order (multiply-adds for dW). Needs no
    /// scratch buffer: it packs dZᵀ and X into stack buffers of a few tens of KB.
    /// </remarks>
    public static void Backward(
        Span<float> dY, ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> packedTransposedW,
        Span<float> dW, Span<float> db, Span<float> dX,
        int rows, int nIn, int nOut, Activation activation, float wScale = 1f, float bScale = 1f, bool accumulate = true) =>
        BackwardAt(SimdWidth.Current, dY, y, x, packedTransposedW, dW, db, dX, rows, nIn, nOut, activation, wScale, bScale, accumulate);

    // The same operations at an explicit width: what the public methods call with the process's width, and
    // what the tests call to check every width the machine accelerates in one process.

    internal static int PanelWidthAt(VectorWidth width) => width switch
    {
        VectorWidth.Vector512 => DenseKernels<Simd512<float>>.PanelWidth,
        VectorWidth.Vector256 => DenseKernels<Simd256<float>>.PanelWidth,
        VectorWidth.Vector128 => DenseKernels<Simd128<float>>.PanelWidth,
        _ => DenseKernels<SimdScalar<float>>.PanelWidth,
    };

    internal static int PackedWeightsLengthAt(VectorWidth width, int nIn, int nOut)
    {
        CheckSizes(nIn, nOut);
        int panel = PanelWidthAt(width);
        return checked(nOut <= NarrowOutputLimit ? nOut * nIn : (nOut + panel - 1) / panel * panel * nIn);
    }

    internal static unsafe void PackWeightsAt(VectorWidth width, ReadOnlySpan<float> w, Span<float> packed, int nIn, int nOut)
    {
        int length = PackedWeightsLengthAt(width, nIn, nOut);
        AtLeast(w.Length, nIn * nOut, nameof(w));
        AtLeast(packed.Length, length, nameof(packed));
        if (nOut <= NarrowOutputLimit)
        {
            w.Slice(0, nIn * nOut).CopyTo(packed);
            return;
        }

        fixed (float* pw = w, pp = packed)
        {
            switch (width)
            {
                case VectorWidth.Vector512: DenseKernels<Simd512<float>>.PackPanels(pw, nIn, nOut, pp); break;
                case VectorWidth.Vector256: DenseKernels<Simd256<float>>.PackPanels(pw, nIn, nOut, pp); break;
                case VectorWidth.Vector128: DenseKernels<Simd128<float>>.PackPanels(pw, nIn, nOut, pp); break;
                default: DenseKernels<SimdScalar<float>>.PackPanels(pw, nIn, nOut, pp); break;
            }
        }
    }

    internal static void PackTransposedWeightsAt(VectorWidth width, ReadOnlySpan<float> w, Span<float> packedTransposed, int nIn, int nOut)
    {
        int length = PackedWeightsLengthAt(width, nOut, nIn);
        AtLeast(w.Length, nIn * nOut, nameof(w));
        AtLeast(packedTransposed.Length, length, nameof(packedTransposed));

        // Wᵀ[i][o] = W[o][i]: the packed panel p holds, for each o, W[o][p·panel … p·panel + panel − 1].
        if (nIn <= NarrowOutputLimit)
        {
            for (int i = 0; i < nIn; i++)
            {
                for (int o = 0; o < nOut; o++)
                {
                    packedTransposed[i * nOut + o] = w[o * nIn + i];
                }
            }

            return;
        }

        int panelWidth = PanelWidthAt(width);
        int panels = (nIn + panelWidth - 1) / panelWidth;
        for (int p = 0; p < panels; p++)
        {
            int i0 = p * panelWidth;
            int valid = Math.Min(panelWidth, nIn - i0);
            Span<float> panel = packedTransposed.Slice(p * panelWidth * nOut, panelWidth * nOut);
            for (int o = 0; o < nOut; o++)
            {
                Span<float> row = panel.Slice(o * panelWidth, panelWidth);
                w.Slice(o * nIn + i0, valid).CopyTo(row);
                row.Slice(valid).Clear();
            }
        }
    }

    internal static unsafe void ForwardPackedAt(
        VectorWidth width, ReadOnlySpan<float> x, ReadOnlySpan<float> packedW, ReadOnlySpan<float> b, Span<float> y,
        int rows, int nIn, int nOut, Activation activation, float wScale, float bScale)
    {
        int packedLength = PackedWeightsLengthAt(width, nIn, nOut);
        CheckRows(rows);
        CheckActivation(activation);
        AtLeast(x.Length, checked(rows * nIn), nameof(x));
        AtLeast(packedW.Length, packedLength, nameof(packedW));
        AtLeast(y.Length, checked(rows * nOut), nameof(y));
        CheckBias(b.Length, nOut, nameof(b));
        if (rows == 0)
        {
            return;
        }

        fixed (float* px = x, pw = packedW, pb = b, py = y)
        {
            float* bias = b.IsEmpty ? null : pb;
            switch (width)
            {
                case VectorWidth.Vector512: DenseKernels<Simd512<float>>.Gemm(px, rows, nIn, pw, nOut, bias, py, activation, wScale, bScale); break;
                case VectorWidth.Vector256: DenseKernels<Simd256<float>>.Gemm(px, rows, nIn, pw, nOut, bias, py, activation, wScale, bScale); break;
                case VectorWidth.Vector128: DenseKernels<Simd128<float>>.Gemm(px, rows, nIn, pw, nOut, bias, py, activation, wScale, bScale); break;
                default: DenseKernels<SimdScalar<float>>.Gemm(px, rows, nIn, pw, nOut, bias, py, activation, wScale, bScale); break;
            }
        }
    }

    internal static unsafe void ForwardOneAt(
        VectorWidth width, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y,
        int nIn, int nOut, Activation activation, float wScale, float bScale)
    {
        CheckSizes(nIn, nOut);
        CheckActivation(activation);
        AtLeast(x.Length, nIn, nameof(x));
        AtLeast(w.Length, checked(nIn * nOut), nameof(w));
        AtLeast(y.Length, nOut, nameof(y));
        CheckBias(b.Length, nOut, nameof(b));
        fixed (float* px = x, pw = w, pb = b, py = y)
        {
            float* bias = b.IsEmpty ? null : pb;
            switch (width)
            {
                case VectorWidth.Vector512: ForwardOneUnchecked<Simd512<float>>(px, pw, bias, py, nIn, nOut, activation, wScale, bScale); break;
                case VectorWidth.Vector256: ForwardOneUnchecked<Simd256<float>>(px, pw, bias, py, nIn, nOut, activation, wScale, bScale); break;
                case VectorWidth.Vector128: ForwardOneUnchecked<Simd128<float>>(px, pw, bias, py, nIn, nOut, activation, wScale, bScale); break;
                default: ForwardOneUnchecked<SimdScalar<float>>(px, pw, bias, py, nIn, nOut, activation, wScale, bScale); break;
            }
        }
    }

    /// <summary>
    /// One sample from Wᵀ (<paramref name="transposedW"/>: [nIn][stride], stride a multiple of 16 and at least nOut) at
    /// <paramref name="width"/>: the kernel one-sample Predict runs for layers of 16 or more outputs
    /// (and at most 2²⁰ weights: TransposedWeights.ReadByColumns).
    /// </summary>
    internal static unsafe void ForwardOneByColumnsAt(
        VectorWidth width, ReadOnlySpan<float> x, ReadOnlySpan<float> transposedW, int stride, ReadOnlySpan<float> b, Span<float> y,
        int nIn, int nOut, Activation activation, float wScale, float bScale)
    {
        CheckSizes(nIn, nOut);
        CheckActivation(activation);
        if (stride < nOut || stride % 16 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must be a multiple of 16 and at least nOut ({nOut}).");
        }

        AtLeast(x.Length, nIn, nameof(x));
        AtLeast(transposedW.Length, checked(nIn * stride), nameof(transposedW));
        AtLeast(y.Length, nOut, nameof(y));
        CheckBias(b.Length, nOut, nameof(b));
        fixed (float* px = x, pw = transposedW, pb = b, py = y)
        {
            float* bias = b.IsEmpty ? null : pb;
            switch (width)
            {
                case VectorWidth.Vector512: DenseKernels<Simd512<float>>.ForwardOneByColumns(px, pw, stride, bias, py, nIn, nOut, activation, wScale, bScale); break;
                case VectorWidth.Vector256: DenseKernels<Simd256<float>>.ForwardOneByColumns(px, pw, stride, bias, py, nIn, nOut, activation, wScale, bScale); break;
                case VectorWidth.Vector128: DenseKernels<Simd128<float>>.ForwardOneByColumns(px, pw, stride, bias, py, nIn, nOut, activation, wScale, bScale); break;
                default: DenseKernels<SimdScalar<float>>.ForwardOneByColumns(px, pw, stride, bias, py, nIn, nOut, activation, wScale, bScale); break;
            }
        }
    }

    /// <summary>
    /// <see cref="ForwardOne"/> at width <typeparamref name="V"/> without argument checks (bias null for none): what
    /// one-sample Predict runs for each layer, its sizes fixed by the network's layout, under one width dispatch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void ForwardOneUnchecked<V>(float* x, float* w, float* bias, float* y, int nIn, int nOut, Activation activation, float wScale, float bScale)
        where V : unmanaged, ISimd<V, float>
    {
        // W is read in place, at whatever alignment it has: a misaligned 64-byte load splits a cache line every
        // time (half the 32-byte ones do), which costs more than the wider FMAs gain once the rows are long enough
        // to stream from L2. A network's own parameters start on a cache line, so its rows do whenever their
        // length is a whole number of cache lines; other long rows take 256-bit loads.
        if (V.Count == 16 && nIn >= LongRowInputs && !RowsOnCacheLines(w, nIn))
        {
            DenseKernels<Simd256<float>>.ForwardOne(x, w, bias, y, nIn, nOut, activation, wScale, bScale);
        }
        else
        {
            DenseKernels<V>.ForwardOne(x, w, bias, y, nIn, nOut, activation, wScale, bScale);
        }
    }

    /// <summary>Whether every row of W (<paramref name="nIn"/> floats from <paramref name="w"/>) starts on a 64-byte boundary.</summary>
    private static unsafe bool RowsOnCacheLines(float* w, int nIn) => ((nint)w & 63) == 0 && nIn % 16 == 0;

    internal static unsafe void BackwardAt(
        VectorWidth width, Span<float> dY, ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> packedTransposedW,
        Span<float> dW, Span<float> db, Span<float> dX,
        int rows, int nIn, int nOut, Activation activation, float wScale, float bScale, bool accumulate)
    {
        CheckSizes(nIn, nOut);
        CheckRows(rows);
        CheckActivation(activation);
        AtLeast(dY.Length, checked(rows * nOut), nameof(dY));
        AtLeast(y.Length, rows * nOut, nameof(y));
        AtLeast(x.Length, checked(rows * nIn), nameof(x));
        AtLeast(dW.Length, checked(nIn * nOut), nameof(dW));
        CheckBias(db.Length, nOut, nameof(db));
        if (!dX.IsEmpty)
        {
            AtLeast(dX.Length, rows * nIn, nameof(dX));
            AtLeast(packedTransposedW.Length, PackedWeightsLengthAt(width, nOut, nIn), nameof(packedTransposedW));
        }

        if (rows == 0)
        {
            if (!accumulate)
            {
                dW.Slice(0, nIn * nOut).Clear();
                if (!db.IsEmpty)
                {
                    db.Slice(0, nOut).Clear();
                }
            }

            return;
        }

        fixed (float* pdy = dY, py = y, px = x, pwt = packedTransposedW, pdw = dW, pdb = db, pdx = dX)
        {
            float* bias = db.IsEmpty ? null : pdb, inputGradient = dX.IsEmpty ? null : pdx;
            switch (width)
            {
                case VectorWidth.Vector512:
                    DenseKernels<Simd512<float>>.Backward(pdy, py, px, pwt, pdw, bias, inputGradient, rows, nIn, nOut, activation, wScale, bScale, accumulate);
                    break;
                case VectorWidth.Vector256:
                    DenseKernels<Simd256<float>>.Backward(pdy, py, px, pwt, pdw, bias, inputGradient, rows, nIn, nOut, activation, wScale, bScale, accumulate);
                    break;
                case VectorWidth.Vector128:
                    DenseKernels<Simd128<float>>.Backward(pdy, py, px, pwt, pdw, bias, inputGradient, rows, nIn, nOut, activation, wScale, bScale, accumulate);
                    break;
                default:
                    DenseKernels<SimdScalar<float>>.Backward(pdy, py, px, pwt, pdw, bias, inputGradient, rows, nIn, nOut, activation, wScale, bScale, accumulate);
                    break;
            }
        }
    }

    /// <summary>The element-by-element wide packing at a width (the tests' reference for <see cref="PackWeights"/>).</summary>
    internal static void PackRowMajorScalar(VectorWidth width, ReadOnlySpan<float> w, Span<float> packed, int nIn, int nOut)
    {
        int panelWidth = PanelWidthAt(width);
        int panels = (nOut + panelWidth - 1) / panelWidth;
        for (int p = 0; p < panels; p++)
        {
            int o0 = p * panelWidth;
            int valid = Math.Min(panelWidth, nOut - o0);
            Span<float> panel = packed.Slice(p * panelWidth * nIn, panelWidth * nIn);
            if (valid < panelWidth)
            {
                panel.Clear();
            }

            for (int j = 0; j < valid; j++)
            {
                ReadOnlySpan<float> row = w.Slice((o0 + j) * nIn, nIn);
                for (int k = 0; k < nIn; k++)
                {
                    panel[k * panelWidth + j] = row[k];
                }
            }
        }
    }

    private static void CheckSizes(int nIn, int nOut)
    {
        if (nIn < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(nIn), nIn, "A layer needs at least one input.");
        }

        if (nOut < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(nOut), nOut, "A layer needs at least one output.");
        }
    }

    private static void CheckRows(int rows)
    {
        if (rows < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "The row count cannot be negative.");
        }
    }

    private static void CheckActivation(Activation activation)
    {
        if ((uint)activation > (uint)Activation.Tanh)
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    private static void CheckBias(int length, int nOut, string name)
    {
        if (length != 0 && length < nOut)
        {
            throw new ArgumentException($"{name} must be empty (no bias) or hold at least {nOut} values; it holds {length}.", name);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AtLeast(int length, int needed, string name)
    {
        if (length < needed)
        {
            ThrowTooShort(length, needed, name);
        }
    }

    private static void ThrowTooShort(int length, int needed, string name) =>
        throw new ArgumentException($"{name} must hold at least {needed} values; it holds {length}.", name);
}
