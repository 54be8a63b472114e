using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FourierGen.Numerics;

/// <summary>
/// The kernels behind <see cref="Dense"/>, written once for every vector width <typeparamref name="V"/> (raw
/// pointers, no argument checks: <see cref="Dense"/> validates).
/// </summary>
/// <remarks>
/// <para>
/// Products run on one register tile (<see cref="RegisterTile{V, T}"/>: <c>V.DenseTileRows</c> rows × <see cref="PanelWidth"/>
/// outputs, B packed in panels of that width, A broadcast) that writes its raw sums to a stack tile; a store
/// routine then applies scale, bias and ReLU to the valid part. Edges cost nothing special: missing A rows
/// repeat row 0, missing B columns are zero in the packed panel, and only valid entries are stored.
/// </para>
/// <para>
/// Every output of a wide layer is Σ_k a_k·b_k summed in k order from zero with one multiply-add per step,
/// whether it sits in a full tile, an edge tile or the small-k path, so a row's result never depends on its
/// position in the batch — nor on the width, which only decides how many outputs a tile holds. Narrow layers
/// (n ≤ <see cref="Dense.NarrowOutputLimit"/>) sum in <c>V.Count</c> lanes instead, again identically for every
/// row; their last bits depend on the width.
/// </para>
/// <para>
/// Scalar pieces (edges, remainders) use <see cref="SimdMath.MultiplyAdd{V}(float, float, float)"/>, fused exactly when the vector
/// lanes are, so an element gets the same bits whichever part of the code computes it.
/// </para>
/// </remarks>
[SkipLocalsInit]
internal static unsafe partial class DenseKernels<V>
    where V : unmanaged, ISimd<V, float>
{
    /// <summary>Rows per block of the wide forward kernels, after which sigmoid/tanh are applied while hot (a multiple of every tile height).</summary>
    private const int ForwardRowBlock = 48;

    /// <summary>Rows per block of the narrow kernel, after which sigmoid/tanh are applied while hot.</summary>
    private const int NarrowRowBlock = 256;

    /// <summary>Up to this many inputs a wide layer runs one row at a time (a register tile would be mostly overhead).</summary>
    private const int SmallK = 8;

    /// <summary>Tile-height blocks of dZᵀ outputs packed at a time by <see cref="WeightGradient"/> (at most).</summary>
    private const int GradientGroupBlocks = 16;

    /// <summary>Floats of <see cref="Backward"/>'s scratch for packed dZ blocks (a <see cref="Scratch16384"/>).</summary>
    private const int GradientPackFloats = 16384;

    /// <summary>
    /// Up to this many floats (32 KB) a backward row block of dZ is read in place by <see cref="WeightGradient"/>: it
    /// stays in L1 beside a panel of X (e.g. 128 rows × 64 outputs; the paper net's 256-wide layers are packed).
    /// </summary>
    private const int InPlaceGradientFloats = 8192;

    /// <summary>
    /// The stack scratch for a tile of A rows packed broadcast (<see cref="ISimd{TSelf, T}.DensePacksBroadcastA"/>):
    /// tile rows × k × lanes floats, so up to k = 682 at <c>Vector128</c>'s 6 rows; longer rows are broadcast by the tile.
    /// </summary>
    private const int BroadcastAFloats = 16384;

    /// <summary>Outputs per packed panel and per register tile: the tile's vectors × lanes.</summary>
    public static int PanelWidth => V.DenseTileVectors * V.Count;

    private static int TileRows => V.DenseTileRows;

    /// <summary>
    /// C[m×n] = act(ws·A·B + bs·bias) with A row-major m×k and B packed by <see cref="PackPanels"/> as an
    /// n-output layer over k inputs; bias may be null.
    /// </summary>
    public static void Gemm(float* a, int m, int k, float* packedB, int n, float* bias, float* c, Activation activation, float ws, float bs)
    {
        if (n <= Dense.NarrowOutputLimit)
        {
            GemmNarrow(a, m, k, packedB, n, bias, c, activation, ws, bs);
        }
        else if (k <= SmallK)
        {
            GemmSmallK(a, m, k, packedB, n, bias, c, activation, ws, bs);
        }
        else
        {
            GemmWide(a, m, k, packedB, n, bias, c, activation, ws, bs);
        }
    }

    /// <summary>
    /// Wide layers with k ≤ <see cref="SmallK"/> (raw-coordinate inputs, dX of a narrow readout): one row ×
    /// one panel at a time, summed over k in order from zero exactly like the tile, so the result has the
    /// same bits the tiled path would give. Full panels are stored straight from the accumulators (a call per
    /// row through a tile would cost more than the row's few multiply-adds).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void GemmSmallK(float* a, int m, int k, float* packedB, int n, float* bias, float* c, Activation activation, float ws, float bs)
    {
        int pw = PanelWidth, count = V.Count;
        Unsafe.SkipInit(out Scratch256 scratch);
        float* tile = (float*)Unsafe.AsPointer(ref scratch[0]);
        int panels = (n + pw - 1) / pw;
        nint panelStride = (nint)pw * k;
        bool relu = activation == Activation.Relu;
        for (int r0 = 0; r0 < m; r0 += ForwardRowBlock)
        {
            int r1 = Math.Min(m, r0 + ForwardRowBlock);
            for (int p = 0; p < panels; p++)
            {
                int o0 = p * pw, nv = Math.Min(pw, n - o0);
                float* bp = packedB + p * panelStride, panelBias = bias == null ? null : bias + o0;
                if (nv == pw)
                {
                    var store = new RowStore(panelBias, relu, ws, bs);
                    for (int r = r0; r < r1; r++)
                    {
                        SmallKRow(a + (nint)r * k, k, bp, out V c0, out V c1);
                        store.Store(c0, c1, c + (nint)r * n + o0);
                    }

                    continue;
                }

                for (int r = r0; r < r1; r++)
                {
                    SmallKRow(a + (nint)r * k, k, bp, out V c0, out V c1);
                    V.Store(c0, tile);
                    if (V.DenseTileVectors > 1)
                    {
                        V.Store(c1, tile + count);
                    }

                    StoreForward(tile, 1, nv, c + (nint)r * n + o0, n, panelBias, relu, ws, bs);
                }
            }

            ApplySmooth(c + (nint)r0 * n, (r1 - r0) * n, activation);
        }
    }

    /// <summary>One row's raw sums over one panel for <see cref="GemmSmallK"/>: Σ_i a_i·B(i, ·) in order from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SmallKRow(float* a, int k, float* bp, out V c0, out V c1)
    {
        int pw = PanelWidth, count = V.Count;
        c0 = V.Zero;
        c1 = V.Zero;
        for (int i = 0; i < k; i++, bp += pw)
        {
            V av = V.Create(a[i]);
            V.MultiplyAddTo(ref c0, av, V.Load(bp));
            if (V.DenseTileVectors > 1)
            {
                V.MultiplyAddTo(ref c1, av, V.Load(bp + count));
            }
        }
    }

    /// <summary>
    /// The tiled product. Each tile of A rows (L1-resident) meets every panel of B in turn (the packed W
    /// streams from L2). Measured against the classic order (one panel over a block of rows): the same in
    /// cache, a few per cent faster once A and C no longer fit in L2.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void GemmWide(float* a, int m, int k, float* packedB, int n, float* bias, float* c, Activation activation, float ws, float bs)
    {
        int pw = PanelWidth, mr = TileRows, count = V.Count;
        Unsafe.SkipInit(out Scratch256 scratch);
        Unsafe.SkipInit(out Scratch16384 broadcastScratch);
        float* tile = (float*)Unsafe.AsPointer(ref scratch[0]);
        float* broadcast = (float*)Unsafe.AsPointer(ref broadcastScratch[0]);
        bool packBroadcast = V.DensePacksBroadcastA && (nint)mr * k * count <= BroadcastAFloats;
        int panels = (n + pw - 1) / pw;
        nint panelStride = (nint)pw * k;
        bool relu = activation == Activation.Relu;
        for (int r0 = 0; r0 < m; r0 += ForwardRowBlock)
        {
            int r1 = Math.Min(m, r0 + ForwardRowBlock);
            for (int r = r0; r < r1; r += mr)
            {
                int rv = Math.Min(mr, r1 - r);
                float* ar = a + (nint)r * k;
                if (packBroadcast)
                {
                    PackBroadcastRows(ar, k, rv, broadcast);
                }

                for (int p = 0; p < panels; p++)
                {
                    int o0 = p * pw;
                    if (packBroadcast)
                    {
                        RegisterTile<V, float>.Multiply<BroadcastA>(broadcast, count, rv, mr * count, packedB + p * panelStride, pw, k, tile, pw, accumulate: false);
                    }
                    else
                    {
                        RegisterTile<V, float>.Multiply<ScalarA>(ar, k, rv, 1, packedB + p * panelStride, pw, k, tile, pw, accumulate: false);
                    }

                    StoreForward(tile, rv, Math.Min(pw, n - o0), c + (nint)r * n + o0, n, bias == null ? null : bias + o0, relu, ws, bs);
                }
            }

            ApplySmooth(c + (nint)r0 * n, (r1 - r0) * n, activation);
        }
    }

    /// <summary>
    /// Rows [0, rv) of row-major A (k columns) packed broadcast for the tile: element (t, i) as a vector of copies at
    /// dst[(i·TileRows + t)·Count]. Rows past rv are left as they are (the tile reads row 0 for them).
    /// </summary>
    private static void PackBroadcastRows(float* a, int k, int rv, float* dst)
    {
        int mr = TileRows, count = V.Count;
        for (int t = 0; t < rv; t++)
        {
            float* row = a + (nint)t * k;
            float* d = dst + t * count;
            for (int i = 0; i < k; i++, d += mr * count)
            {
                V.Store(V.Create(row[i]), d);
            }
        }
    }

    /// <summary>A full panel's row of raw sums → ws·z + bs·b (one multiply-add), ReLU, stored: the vector form of <see cref="ActivationMath.Store{V}"/>.</summary>
    private readonly struct RowStore
    {
        private readonly V _w, _b0, _b1;
        private readonly bool _hasBias, _relu;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public RowStore(float* bias, bool relu, float ws, float bs)
        {
            V s = V.Create(bs);
            _w = V.Create(ws);
            _hasBias = bias != null;
            _relu = relu;
            _b0 = _hasBias ? s * V.Load(bias) : V.Zero;
            _b1 = V.DenseTileVectors > 1 && _hasBias ? s * V.Load(bias + V.Count) : V.Zero;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(V z0, V z1, float* destination)
        {
            z0 = _hasBias ? V.MultiplyAdd(z0, _w, _b0) : z0 * _w;
            V.Store(_relu ? V.Relu(z0) : z0, destination);
            if (V.DenseTileVectors > 1)
            {
                z1 = _hasBias ? V.MultiplyAdd(z1, _w, _b1) : z1 * _w;
                V.Store(_relu ? V.Relu(z1) : z1, destination + V.Count);
            }
        }
    }

    private static void ApplySmooth(float* c, int count, Activation activation)
    {
        if (ActivationMath.IsSmooth(activation))
        {
            ActivationMath.ApplySmooth(new Span<float>(c, count), activation);
        }
    }

    /// <summary>Rows of a raw tile (row stride <see cref="PanelWidth"/>) → ws·z + bs·b, ReLU, stored (nv valid outputs).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void StoreForward(float* tile, int rv, int nv, float* c, nint ldc, float* bias, bool relu, float ws, float bs)
    {
        int pw = PanelWidth, count = V.Count;
        if (nv == pw)
        {
            // The tile's one or two vectors per row written out (no inner loop): this runs once per register tile,
            // which for short rows (k = 32, 64) is not much longer than the store itself.
            var store = new RowStore(bias, relu, ws, bs);
            for (int t = 0; t < rv; t++)
            {
                float* row = tile + t * pw;
                store.Store(V.Load(row), V.DenseTileVectors > 1 ? V.Load(row + count) : V.Zero, c + t * ldc);
            }

            return;
        }

        for (int t = 0; t < rv; t++)
        {
            for (int j = 0; j < nv; j++)
            {
                float scaledBias = bias == null ? 0f : bs * bias[j];
                c[t * ldc + j] = ActivationMath.Store<V>(tile[t * pw + j], ws, scaledBias, bias != null, relu);
            }
        }
    }

    /// <summary>
    /// Layers with n ≤ <see cref="Dense.NarrowOutputLimit"/>: B is W itself ([n][k]). Blocks of 4 rows × up to
    /// 3 outputs (12 accumulators) vectorised over k; a row block short of 4 repeats its last row, so every row
    /// goes through the same code. Each dot product is summed lane-wise over k in order, its lanes added in
    /// <c>V.Sum</c>'s fixed order, then the k remainder added in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void GemmNarrow(float* a, int m, int k, float* w, int n, float* bias, float* c, Activation activation, float ws, float bs)
    {
        Unsafe.SkipInit(out Scratch16 scratch);
        float* sums = (float*)Unsafe.AsPointer(ref scratch[0]);
        bool relu = activation == Activation.Relu;
        for (int r0 = 0; r0 < m; r0 += NarrowRowBlock)
        {
            int r1 = Math.Min(m, r0 + NarrowRowBlock);
            for (int r = r0; r < r1; r += 4)
            {
                int rv = Math.Min(4, r1 - r);
                float* x0 = a + (nint)r * k;
                float* x1 = rv > 1 ? x0 + k : x0;
                float* x2 = rv > 2 ? x1 + k : x1;
                float* x3 = rv > 3 ? x2 + k : x2;
                for (int o0 = 0; o0 < n; o0 += 3)
                {
                    int ov = Math.Min(3, n - o0);
                    float* wo = w + (nint)o0 * k;
                    switch (ov)
                    {
                        case 3: NarrowTile<Count3>(x0, x1, x2, x3, wo, k, sums); break;
                        case 2: NarrowTile<Count2>(x0, x1, x2, x3, wo, k, sums); break;
                        default: NarrowTile<Count1>(x0, x1, x2, x3, wo, k, sums); break;
                    }

                    for (int t = 0; t < rv; t++)
                    {
                        for (int j = 0; j < ov; j++)
                        {
                            float scaledBias = bias == null ? 0f : bs * bias[o0 + j];
                            c[(nint)(r + t) * n + o0 + j] = ActivationMath.Store<V>(sums[4 * j + t], ws, scaledBias, bias != null, relu);
                        }
                    }
                }
            }

            ApplySmooth(c + (nint)r0 * n, (r1 - r0) * n, activation);
        }
    }

    /// <summary>
    /// sums[4o + t] = Σ_k x_t[k]·w[o·k + k] for four rows and TO ≤ 3 outputs. Prefetches the rows two
    /// blocks ahead on x64: four 1 KB streams are too short for the hardware prefetcher to pick up on its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void NarrowTile<TO>(float* x0, float* x1, float* x2, float* x3, float* w, nint k, float* sums)
        where TO : struct, ICount
    {
        int count = V.Count;
        V s00 = V.Zero, s01 = V.Zero, s02 = V.Zero, s10 = V.Zero, s11 = V.Zero, s12 = V.Zero,
            s20 = V.Zero, s21 = V.Zero, s22 = V.Zero, s30 = V.Zero, s31 = V.Zero, s32 = V.Zero;
        float* w1 = w + k, w2 = w1 + k;
        float* ahead = x0 + 8 * k;
        nint i = 0;
        for (; i + count <= k; i += count)
        {
            if (Sse.IsSupported && (i & 15) == 0)
            {
                Sse.Prefetch0(ahead + 4 * i);
                Sse.Prefetch0(ahead + 4 * i + 16);
                Sse.Prefetch0(ahead + 4 * i + 32);
                Sse.Prefetch0(ahead + 4 * i + 48);
            }

            V v0 = V.Load(w + i);
            V v1 = TO.Value > 1 ? V.Load(w1 + i) : V.Zero;
            V v2 = TO.Value > 2 ? V.Load(w2 + i) : V.Zero;
            V xv = V.Load(x0 + i);
            V.MultiplyAddTo(ref s00, xv, v0);
            if (TO.Value > 1) { V.MultiplyAddTo(ref s01, xv, v1); }
            if (TO.Value > 2) { V.MultiplyAddTo(ref s02, xv, v2); }
            xv = V.Load(x1 + i);
            V.MultiplyAddTo(ref s10, xv, v0);
            if (TO.Value > 1) { V.MultiplyAddTo(ref s11, xv, v1); }
            if (TO.Value > 2) { V.MultiplyAddTo(ref s12, xv, v2); }
            xv = V.Load(x2 + i);
            V.MultiplyAddTo(ref s20, xv, v0);
            if (TO.Value > 1) { V.MultiplyAddTo(ref s21, xv, v1); }
            if (TO.Value > 2) { V.MultiplyAddTo(ref s22, xv, v2); }
            xv = V.Load(x3 + i);
            V.MultiplyAddTo(ref s30, xv, v0);
            if (TO.Value > 1) { V.MultiplyAddTo(ref s31, xv, v1); }
            if (TO.Value > 2) { V.MultiplyAddTo(ref s32, xv, v2); }
        }

        FinishFour(s00, s10, s20, s30, x0, x1, x2, x3, w, i, k, sums);
        if (TO.Value > 1) { FinishFour(s01, s11, s21, s31, x0, x1, x2, x3, w1, i, k, sums + 4); }
        if (TO.Value > 2) { FinishFour(s02, s12, s22, s32, x0, x1, x2, x3, w2, i, k, sums + 8); }
    }

    /// <summary>The four rows' sums of one output: the lanes added, then the remainder k = i … k−1 in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishFour(V r0, V r1, V r2, V r3, float* x0, float* x1, float* x2, float* x3, float* w, nint i, nint k, float* sums)
    {
        float t0 = V.Sum(r0), t1 = V.Sum(r1), t2 = V.Sum(r2), t3 = V.Sum(r3);
        for (; i < k; i++)
        {
            t0 = SimdMath.MultiplyAdd<V>(x0[i], w[i], t0);
            t1 = SimdMath.MultiplyAdd<V>(x1[i], w[i], t1);
            t2 = SimdMath.MultiplyAdd<V>(x2[i], w[i], t2);
            t3 = SimdMath.MultiplyAdd<V>(x3[i], w[i], t3);
        }

        sums[0] = t0;
        sums[1] = t1;
        sums[2] = t2;
        sums[3] = t3;
    }

    /// <summary>
    /// Backward over row blocks of <see cref="Dense.BackwardRowBlock"/>: dZ in place, db, dW and (dX != null)
    /// dX = ws·dZ·W with W packed transposed.
    /// </summary>
    /// <remarks>
    /// Not inlined: its 80 KB of struct scratch would become the caller's, which zero-initialises its locals
    /// (measured: the width switch that inlined it spent a sixth of a small network's training step clearing them).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Backward(
        float* dy, float* y, float* x, float* packedWT, float* dW, float* db, float* dX,
        int rows, int nIn, int nOut, Activation activation, float ws, float bs, bool accumulate)
    {
        const int block = Dense.BackwardRowBlock;
        Unsafe.SkipInit(out Scratch4096 stripScratch);
        Unsafe.SkipInit(out Scratch16384 packScratch);
        Unsafe.SkipInit(out Scratch256 tileScratch);
        float* strip = (float*)Unsafe.AsPointer(ref stripScratch[0]);
        float* apack = (float*)Unsafe.AsPointer(ref packScratch[0]);
        float* tile = (float*)Unsafe.AsPointer(ref tileScratch[0]);
        for (int r0 = 0; r0 < rows; r0 += block)
        {
            int kc = Math.Min(block, rows - r0);
            float* dz = dy + (nint)r0 * nOut;
            bool add = accumulate || r0 > 0;
            float* yBlock = y + (nint)r0 * nOut;
            if (db != null)
            {
                DerivativeAndColumnSums(dz, yBlock, kc, nOut, db, bs, add, activation);
            }
            else
            {
                ActivationMath.Derivative<V>(dz, yBlock, (nint)kc * nOut, activation);
            }

            // The next block's inputs are pulled into L2 while this block's dW tiles run.
            int r1 = r0 + kc, r2 = Math.Min(rows, r1 + block);
            nint tiles = (nint)((nOut + TileRows - 1) / TileRows) * ((nIn + PanelWidth - 1) / PanelWidth);
            var prefetch = new Prefetcher(
                new PrefetchRange(x + (nint)r1 * nIn, x + (nint)r2 * nIn, tiles),
                new PrefetchRange(dy + (nint)r1 * nOut, dy + (nint)r2 * nOut, tiles),
                new PrefetchRange(y + (nint)r1 * nOut, y + (nint)r2 * nOut, tiles));
            WeightGradient(dz, kc, nOut, x + (nint)r0 * nIn, nIn, dW, ws, add, strip, apack, tile, &prefetch);
            if (dX != null)
            {
                Gemm(dz, kc, nOut, packedWT, nIn, null, dX + (nint)r0 * nIn, Activation.Identity, ws, 0f);
            }
        }
    }

    /// <summary>
    /// dz = dy ⊙ act′(y) in place and db (+)= bs·Σ_r dz[r, ·] in one pass over the block (each element is read once
    /// for both), each column summed in row order (so the result does not depend on the width).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void DerivativeAndColumnSums(float* dz, float* y, int rows, int n, float* db, float bs, bool add, Activation activation)
    {
        switch (activation)
        {
            case Activation.Relu: DerivativeAndColumnSums<ReluKind>(dz, y, rows, n, db, bs, add); break;
            case Activation.Sigmoid: DerivativeAndColumnSums<SigmoidKind>(dz, y, rows, n, db, bs, add); break;
            case Activation.Tanh: DerivativeAndColumnSums<TanhKind>(dz, y, rows, n, db, bs, add); break;
            default: DerivativeAndColumnSums<IdentityKind>(dz, y, rows, n, db, bs, add); break;
        }
    }

    private static void DerivativeAndColumnSums<TActivation>(float* dz, float* y, int rows, int n, float* db, float bs, bool add)
        where TActivation : struct, IActivationKind
    {
        int count = V.Count;
        V s = V.Create(bs);
        int o = 0;
        for (; o + 4 * count <= n; o += 4 * count)
        {
            V a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero;
            nint p = o;
            for (int r = 0; r < rows; r++, p += n)
            {
                a0 += Gradient<TActivation>(dz + p, y + p);
                a1 += Gradient<TActivation>(dz + p + count, y + p + count);
                a2 += Gradient<TActivation>(dz + p + 2 * count, y + p + 2 * count);
                a3 += Gradient<TActivation>(dz + p + 3 * count, y + p + 3 * count);
            }

            StoreScaled(db + o, a0, s, add);
            StoreScaled(db + o + count, a1, s, add);
            StoreScaled(db + o + 2 * count, a2, s, add);
            StoreScaled(db + o + 3 * count, a3, s, add);
        }

        for (; o + count <= n; o += count)
        {
            V a0 = V.Zero;
            nint p = o;
            for (int r = 0; r < rows; r++, p += n)
            {
                a0 += Gradient<TActivation>(dz + p, y + p);
            }

            StoreScaled(db + o, a0, s, add);
        }

        for (; o < n; o++)
        {
            float a = 0f;
            nint p = o;
            for (int r = 0; r < rows; r++, p += n)
            {
                float g = ActivationMath.Derivative<V>(dz[p], y[p], TActivation.Value);
                dz[p] = g;
                a += g;
            }

            db[o] = add ? SimdMath.MultiplyAdd<V>(a, bs, db[o]) : a * bs;
        }
    }

    /// <summary>One vector of dz made dy ⊙ act′(y) in place (nothing to do for identity), returned for the column sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Gradient<TActivation>(float* dz, float* y)
        where TActivation : struct, IActivationKind
    {
        V g = V.Load(dz);
        if (TActivation.Value != Activation.Identity)
        {
            g = ActivationMath.Derivative(g, V.Load(y), TActivation.Value);
            V.Store(g, dz);
        }

        return g;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreScaled(float* dst, V sum, V scale, bool add) =>
        V.Store(add ? V.MultiplyAdd(sum, scale, V.Load(dst)) : sum * scale, dst);

    /// <summary>
    /// dW (+)= ws·dZᵀX over one row block (k = rows ≤ 128), one register tile per (block of tile-height dZ outputs,
    /// panel of X inputs). Large dZ blocks: groups of output blocks are packed k-major (zero-padded past nOut) and
    /// panel-wide strips of X are packed k-major, so both operands are sequential and small enough to stay in L1.
    /// Small dZ blocks (<see cref="InPlaceGradientFloats"/>, which includes every single-block readout) are read in
    /// place, and so are full panels of X: they stay in L1 as they are, and the copies cost more than they save.
    /// Where the width packs A broadcast (<see cref="ISimd{TSelf, T}.DensePacksBroadcastA"/>) the large dZ blocks are
    /// packed broadcast; small ones are still read in place (measured: packing them broadcast cost more than it saved).
    /// Which operands are copied never changes a sum (same values, same order).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void WeightGradient(
        float* dz, int rows, int nOut, float* x, int nIn, float* dW, float ws, bool add, float* strip, float* apack, float* tile, Prefetcher* prefetch)
    {
        int mr = TileRows, pw = PanelWidth, lanes = ALanes;
        int blocks = (nOut + mr - 1) / mr;
        int panels = (nIn + pw - 1) / pw;
        int groupBlocks = Math.Min(GradientGroupBlocks, GradientPackFloats / (mr * Dense.BackwardRowBlock * lanes));
        bool inPlace = rows * nOut <= InPlaceGradientFloats;
        for (int g0 = 0; g0 < blocks; g0 += groupBlocks)
        {
            int g1 = Math.Min(blocks, g0 + groupBlocks);
            if (!inPlace)
            {
                PackGradientBlocks(dz, rows, nOut, g0, g1, apack);
            }

            for (int p = 0; p < panels; p++)
            {
                int i0 = p * pw;
                int nv = Math.Min(pw, nIn - i0);
                float* b = x + i0;
                nint ldb = nIn;
                if (nv < pw || !inPlace)
                {
                    PackStrip(b, rows, nIn, nv, strip);
                    b = strip;
                    ldb = pw;
                }

                for (int ob = g0; ob < g1; ob++)
                {
                    prefetch->Step();
                    int ov = Math.Min(mr, nOut - ob * mr);
                    float* packed = apack + (nint)(ob - g0) * mr * rows * lanes;
                    if (inPlace)
                    {
                        RegisterTile<V, float>.Multiply<ScalarA>(dz + ob * mr, 1, ov, nOut, b, ldb, rows, tile, pw, accumulate: false);
                    }
                    else if (V.DensePacksBroadcastA)
                    {
                        RegisterTile<V, float>.Multiply<BroadcastA>(packed, lanes, mr, mr * lanes, b, ldb, rows, tile, pw, accumulate: false);
                    }
                    else
                    {
                        RegisterTile<V, float>.Multiply<ScalarA>(packed, 1, mr, mr, b, ldb, rows, tile, pw, accumulate: false);
                    }

                    StoreGradient(tile, ov, nv, dW + (nint)ob * mr * nIn + i0, nIn, ws, add);
                }
            }
        }
    }

    /// <summary>Floats per A element in the packed dZ blocks: a vector of copies where the width packs A broadcast.</summary>
    private static int ALanes => V.DensePacksBroadcastA ? V.Count : 1;

    /// <summary>
    /// dZ's output blocks g0 … g1 − 1 (tile height each) packed k-major into <paramref name="apack"/>, zero past nOut;
    /// each element as <see cref="ALanes"/> copies.
    /// </summary>
    private static void PackGradientBlocks(float* dz, int rows, int nOut, int g0, int g1, float* apack)
    {
        int mr = TileRows, lanes = ALanes;
        for (int ob = g0; ob < g1; ob++)
        {
            int ov = Math.Min(mr, nOut - ob * mr);
            float* dst = apack + (nint)(ob - g0) * mr * rows * lanes;
            float* src = dz + ob * mr;
            if (V.DensePacksBroadcastA)
            {
                for (int r = 0; r < rows; r++, src += nOut)
                {
                    for (int t = 0; t < mr; t++, dst += lanes)
                    {
                        V.Store(V.Create(t < ov ? src[t] : 0f), dst);
                    }
                }
            }
            else if (ov == mr)
            {
                for (int r = 0; r < rows; r++, src += nOut, dst += mr)
                {
                    CopyTileRow(src, dst);
                }
            }
            else
            {
                for (int r = 0; r < rows; r++, src += nOut, dst += mr)
                {
                    for (int t = 0; t < mr; t++)
                    {
                        dst[t] = t < ov ? src[t] : 0f;
                    }
                }
            }
        }
    }

    /// <summary>A panel of X (nv ≤ PanelWidth valid inputs from <paramref name="x"/>, row stride nIn) packed k-major, zero-padded.</summary>
    private static void PackStrip(float* x, int rows, int nIn, int nv, float* strip)
    {
        int pw = PanelWidth;
        for (int r = 0; r < rows; r++)
        {
            float* src = x + (nint)r * nIn;
            float* dst = strip + r * pw;
            if (nv == pw)
            {
                V.Store(V.Load(src), dst);
                if (V.DenseTileVectors > 1)
                {
                    V.Store(V.Load(src + V.Count), dst + V.Count);
                }
            }
            else
            {
                for (int j = 0; j < pw; j++)
                {
                    dst[j] = j < nv ? src[j] : 0f;
                }
            }
        }
    }

    /// <summary>One row of a tile-height block of dZ: the tile's rows (≤ 8) copied one by one, unrolled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyTileRow(float* src, float* dst)
    {
        int mr = TileRows;
        dst[0] = src[0];
        if (mr > 1) { dst[1] = src[1]; }
        if (mr > 2) { dst[2] = src[2]; }
        if (mr > 3) { dst[3] = src[3]; }
        if (mr > 4) { dst[4] = src[4]; }
        if (mr > 5) { dst[5] = src[5]; }
        if (mr > 6) { dst[6] = src[6]; }
        if (mr > 7) { dst[7] = src[7]; }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void StoreGradient(float* tile, int rv, int nv, float* dst, nint ld, float ws, bool add)
    {
        int pw = PanelWidth;
        if (nv == pw)
        {
            V w = V.Create(ws);
            for (int t = 0; t < rv; t++)
            {
                StoreScaled(dst + t * ld, V.Load(tile + t * pw), w, add);
                if (V.DenseTileVectors > 1)
                {
                    StoreScaled(dst + t * ld + V.Count, V.Load(tile + t * pw + V.Count), w, add);
                }
            }

            return;
        }

        for (int t = 0; t < rv; t++)
        {
            for (int j = 0; j < nv; j++)
            {
                float* d = dst + t * ld + j;
                *d = add ? SimdMath.MultiplyAdd<V>(tile[t * pw + j], ws, *d) : tile[t * pw + j] * ws;
            }
        }
    }

    /// <summary>
    /// The wide packing (nOut &gt; narrow limit): panel p holds, for each k, W[p·PanelWidth + j][k], j &lt;
    /// PanelWidth (zero past nOut). With AVX, full 8 × 8 blocks move by register transposes (a data move, the
    /// same for every width); the rest element by element.
    /// </summary>
    public static void PackPanels(float* w, int nIn, int nOut, float* packed)
    {
        int pw = PanelWidth;
        int panels = (nOut + pw - 1) / pw;
        for (int p = 0; p < panels; p++)
        {
            int o0 = p * pw;
            int valid = Math.Min(pw, nOut - o0);
            float* panel = packed + (nint)p * pw * nIn;
            int k0 = 0;
            if (Avx.IsSupported && valid == pw && pw % 8 == 0)
            {
                for (; k0 + 8 <= nIn; k0 += 8)
                {
                    for (int g = 0; g < pw; g += 8)
                    {
                        Simd256<float>.TransposeBlock(w + (nint)(o0 + g) * nIn + k0, nIn, panel + (nint)k0 * pw + g, pw);
                    }
                }
            }

            for (int k = k0; k < nIn; k++)
            {
                for (int j = 0; j < pw; j++)
                {
                    panel[k * pw + j] = j < valid ? w[(nint)(o0 + j) * nIn + k] : 0f;
                }
            }
        }
    }

    /// <summary>Software prefetch (into L2, on x64) of a range of floats, spread over a known number of steps.</summary>
    private struct PrefetchRange
    {
        private float* _next;
        private readonly float* _end;
        private readonly nint _linesPerStep;

        public PrefetchRange(float* start, float* end, nint steps)
        {
            _next = start;
            _end = end;
            _linesPerStep = end > start ? (nint)(end - start) / 16 / Math.Max(steps, 1) + 1 : 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step()
        {
            if (!Sse.IsSupported)
            {
                return;
            }

            for (nint q = 0; q < _linesPerStep && _next < _end; q++, _next += 16)
            {
                Sse.Prefetch1(_next);
            }
        }
    }

    /// <summary>The inputs of the next backward row block: X, dY and Y.</summary>
    private struct Prefetcher
    {
        private PrefetchRange _x, _dy, _y;

        public Prefetcher(PrefetchRange x, PrefetchRange dy, PrefetchRange y)
        {
            _x = x;
            _dy = dy;
            _y = y;
        }

        public void Step()
        {
            _x.Step();
            _dy.Step();
            _y.Step();
        }
    }
}
