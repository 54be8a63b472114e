using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FourierGen.Numerics;

/// <summary>
/// The AVX2/FMA kernels behind <see cref="Dense"/> (raw pointers, no argument checks: <see cref="Dense"/>
/// validates). Callers must check <see cref="IsSupported"/> first.
/// </summary>
/// <remarks>
/// <para>
/// Products are computed by two 6×16 micro-kernels (12 ymm accumulators; two 16-wide B loads and six
/// broadcasts per step of k; 99 % of the FMA peak on L1-resident data here) that write their raw sums to
/// a 96-float stack tile; a store routine then applies scale, bias and ReLU to the valid part of the tile.
/// Edges therefore cost nothing special: missing A rows repeat row 0, missing B columns are zero in the
/// packed panel, and only valid entries are stored.
/// </para>
/// <para>
/// Every output of a wide layer is Σ_k a_k·b_k summed in k order from zero with one FMA per step, whether
/// it sits in a full tile, an edge tile or the small-k path, so a row's result never depends on its
/// position in the batch. Narrow layers (n ≤ <see cref="Dense.NarrowOutputLimit"/>) sum in eight lanes
/// instead, again identically for every row.
/// </para>
/// </remarks>
[SkipLocalsInit]
internal static unsafe partial class DenseKernels
{
    /// <summary>Rows per block of <see cref="Backward"/> (dW and db get one contribution per block).</summary>
    public const int BackwardRowBlock = 128;

    /// <summary>Rows per block of the wide forward kernels, after which sigmoid/tanh are applied while hot.</summary>
    private const int ForwardRowBlock = 48;

    /// <summary>Rows per block of the narrow kernel, after which sigmoid/tanh are applied while hot.</summary>
    private const int NarrowRowBlock = 256;

    /// <summary>True when AVX2 and FMA are available (checked once; the JIT folds it).</summary>
    public static readonly bool IsSupported = Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>
    /// C[m×n] = act(ws·A·B + bs·bias) with A row-major m×k and B packed by <see cref="Dense.PackWeights"/> as
    /// an n-output layer over k inputs; bias may be null.
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

    /// <summary>Up to this many inputs a wide layer runs one row at a time (a 6×16 tile would be mostly overhead).</summary>
    private const int SmallK = 8;

    /// <summary>
    /// Wide layers with k ≤ <see cref="SmallK"/> (raw-coordinate inputs, dX of a narrow readout): one row ×
    /// one 16-output panel at a time, summed over k in order from zero exactly like the 6×16 tile, so the
    /// result has the same bits the tiled path would give.
    /// </summary>
    private static void GemmSmallK(float* a, int m, int k, float* packedB, int n, float* bias, float* c, Activation activation, float ws, float bs)
    {
        float* tile = stackalloc float[16];
        int panels = (n + 15) >> 4;
        nint panelStride = (nint)16 * k;
        bool relu = activation == Activation.Relu;
        for (int r0 = 0; r0 < m; r0 += ForwardRowBlock)
        {
            int r1 = Math.Min(m, r0 + ForwardRowBlock);
            for (int r = r0; r < r1; r++)
            {
                float* ar = a + (nint)r * k;
                float* cr = c + (nint)r * n;
                for (int p = 0; p < panels; p++)
                {
                    float* bp = packedB + p * panelStride;
                    Vector256<float> c0 = default, c1 = default;
                    for (int i = 0; i < k; i++, bp += 16)
                    {
                        Vector256<float> av = Vector256.Create(ar[i]);
                        c0 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp), c0);
                        c1 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp + 8), c1);
                    }

                    int o0 = p << 4;
                    if (o0 + 16 <= n)
                    {
                        Vector256<float> w = Vector256.Create(ws);
                        if (bias != null)
                        {
                            Vector256<float> s = Vector256.Create(bs);
                            c0 = Vector256.FusedMultiplyAdd(c0, w, s * Vector256.Load(bias + o0));
                            c1 = Vector256.FusedMultiplyAdd(c1, w, s * Vector256.Load(bias + o0 + 8));
                        }
                        else
                        {
                            c0 *= w;
                            c1 *= w;
                        }

                        if (relu)
                        {
                            c0 = Avx.Max(Vector256<float>.Zero, c0);
                            c1 = Avx.Max(Vector256<float>.Zero, c1);
                        }

                        c0.Store(cr + o0);
                        c1.Store(cr + o0 + 8);
                    }
                    else
                    {
                        c0.Store(tile);
                        c1.Store(tile + 8);
                        StoreForward(tile, 1, n - o0, cr + o0, n, bias == null ? null : bias + o0, relu, ws, bs);
                    }
                }
            }

            if (ActivationMath.IsSmooth(activation))
            {
                ActivationMath.ApplySmooth(new Span<float>(c + (nint)r0 * n, (r1 - r0) * n), activation);
            }
        }
    }

    /// <summary>
    /// The tiled product. Each 6-row tile of A (6 × k floats, L1-resident) meets every 16-output panel of
    /// B in turn (the packed W streams from L2). Measured here against the classic order (one panel over
    /// a block of rows): the same in cache, 3–5 % faster once A and C no longer fit in L2.
    /// </summary>
    private static void GemmWide(float* a, int m, int k, float* packedB, int n, float* bias, float* c, Activation activation, float ws, float bs)
    {
        float* tile = stackalloc float[96];
        int panels = (n + 15) >> 4;
        nint panelStride = (nint)16 * k;
        bool relu = activation == Activation.Relu;
        for (int r0 = 0; r0 < m; r0 += ForwardRowBlock)
        {
            int r1 = Math.Min(m, r0 + ForwardRowBlock);
            for (int r = r0; r < r1; r += 6)
            {
                int rv = Math.Min(6, r1 - r);
                float* a0 = a + (nint)r * k;
                float* a1 = rv > 1 ? a0 + k : a0;
                float* a2 = rv > 2 ? a1 + k : a0;
                float* a3 = rv > 3 ? a2 + k : a0;
                float* a4 = rv > 4 ? a3 + k : a0;
                float* a5 = rv > 5 ? a4 + k : a0;
                for (int p = 0; p < panels; p++)
                {
                    float* bp = packedB + p * panelStride;
                    int o0 = p << 4;
                    int nv = Math.Min(16, n - o0);
                    Tile6x16Rows(a0, a1, a2, a3, a4, a5, bp, k, tile);
                    StoreForward(tile, rv, nv, c + (nint)r * n + o0, n, bias == null ? null : bias + o0, relu, ws, bs);
                }
            }

            if (ActivationMath.IsSmooth(activation))
            {
                ActivationMath.ApplySmooth(new Span<float>(c + (nint)r0 * n, (r1 - r0) * n), activation);
            }
        }
    }

    private static void StoreForward(float* tile, int rv, int nv, float* c, nint ldc, float* bias, bool relu, float ws, float bs)
    {
        if (nv == 16)
        {
            Vector256<float> w = Vector256.Create(ws);
            Vector256<float> zero = Vector256<float>.Zero;
            Vector256<float> bb0 = zero, bb1 = zero;
            if (bias != null)
            {
                Vector256<float> s = Vector256.Create(bs);
                bb0 = s * Vector256.Load(bias);
                bb1 = s * Vector256.Load(bias + 8);
            }

            for (int t = 0; t < rv; t++)
            {
                Vector256<float> z0 = Vector256.Load(tile + 16 * t);
                Vector256<float> z1 = Vector256.Load(tile + 16 * t + 8);
                if (bias != null)
                {
                    z0 = Vector256.FusedMultiplyAdd(z0, w, bb0);
                    z1 = Vector256.FusedMultiplyAdd(z1, w, bb1);
                }
                else
                {
                    z0 *= w;
                    z1 *= w;
                }

                if (relu)
                {
                    z0 = Avx.Max(zero, z0); // maxps returns its second operand for NaN, like 0 > z ? 0 : z
                    z1 = Avx.Max(zero, z1);
                }

                float* dst = c + t * ldc;
                z0.Store(dst);
                z1.Store(dst + 8);
            }

            return;
        }

        for (int t = 0; t < rv; t++)
        {
            for (int j = 0; j < nv; j++)
            {
                float scaledBias = bias == null ? 0f : bs * bias[j];
                c[t * ldc + j] = ActivationMath.Store(tile[16 * t + j], ws, scaledBias, bias != null, relu);
            }
        }
    }

    /// <summary>
    /// Layers with n ≤ <see cref="Dense.NarrowOutputLimit"/>: B is W itself ([n][k]). Blocks of 4 rows ×
    /// up to 3 outputs (12 accumulators) vectorised over k; a row block short of 4 repeats its last row,
    /// so every row goes through the same code. Each dot product is summed lane-wise over k in order,
    /// reduced ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)), then the k remainder is added in order.
    /// </summary>
    private static void GemmNarrow(float* a, int m, int k, float* w, int n, float* bias, float* c, Activation activation, float ws, float bs)
    {
        float* sums = stackalloc float[12];
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

                    StoreNarrow(sums, rv, ov, c + (nint)r * n + o0, n, bias == null ? null : bias + o0, relu, ws, bs);
                }
            }

            if (ActivationMath.IsSmooth(activation))
            {
                ActivationMath.ApplySmooth(new Span<float>(c + (nint)r0 * n, (r1 - r0) * n), activation);
            }
        }
    }

    /// <summary>sums[4o + t] holds output o of row t.</summary>
    private static void StoreNarrow(float* sums, int rv, int ov, float* c, nint ldc, float* bias, bool relu, float ws, float bs)
    {
        for (int t = 0; t < rv; t++)
        {
            for (int j = 0; j < ov; j++)
            {
                float scaledBias = bias == null ? 0f : bs * bias[j];
                c[t * ldc + j] = ActivationMath.Store(sums[4 * j + t], ws, scaledBias, bias != null, relu);
            }
        }
    }

    /// <summary>
    /// sums[4o + t] = Σ_k x_t[k]·w[o·k + k] for four rows and TO ≤ 3 outputs. Prefetches the rows two
    /// blocks ahead: four 1 KB streams are too short for the hardware prefetcher to pick up on its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NarrowTile<TO>(float* x0, float* x1, float* x2, float* x3, float* w, nint k, float* sums)
        where TO : struct, ICount
    {
        int outs = TO.Value;
        Vector256<float> s00 = default, s01 = default, s02 = default, s10 = default, s11 = default, s12 = default,
            s20 = default, s21 = default, s22 = default, s30 = default, s31 = default, s32 = default;
        float* w1 = w + k, w2 = w1 + k;
        float* ahead = x0 + 8 * k;
        nint i = 0;
        for (; i + 8 <= k; i += 8)
        {
            if ((i & 15) == 0)
            {
                Sse.Prefetch0(ahead + 4 * i);
                Sse.Prefetch0(ahead + 4 * i + 16);
                Sse.Prefetch0(ahead + 4 * i + 32);
                Sse.Prefetch0(ahead + 4 * i + 48);
            }

            Vector256<float> v0 = Vector256.Load(w + i);
            Vector256<float> v1 = outs > 1 ? Vector256.Load(w1 + i) : default;
            Vector256<float> v2 = outs > 2 ? Vector256.Load(w2 + i) : default;
            Vector256<float> xv = Vector256.Load(x0 + i);
            s00 = Vector256.FusedMultiplyAdd(xv, v0, s00);
            if (outs > 1) { s01 = Vector256.FusedMultiplyAdd(xv, v1, s01); }
            if (outs > 2) { s02 = Vector256.FusedMultiplyAdd(xv, v2, s02); }
            xv = Vector256.Load(x1 + i);
            s10 = Vector256.FusedMultiplyAdd(xv, v0, s10);
            if (outs > 1) { s11 = Vector256.FusedMultiplyAdd(xv, v1, s11); }
            if (outs > 2) { s12 = Vector256.FusedMultiplyAdd(xv, v2, s12); }
            xv = Vector256.Load(x2 + i);
            s20 = Vector256.FusedMultiplyAdd(xv, v0, s20);
            if (outs > 1) { s21 = Vector256.FusedMultiplyAdd(xv, v1, s21); }
            if (outs > 2) { s22 = Vector256.FusedMultiplyAdd(xv, v2, s22); }
            xv = Vector256.Load(x3 + i);
            s30 = Vector256.FusedMultiplyAdd(xv, v0, s30);
            if (outs > 1) { s31 = Vector256.FusedMultiplyAdd(xv, v1, s31); }
            if (outs > 2) { s32 = Vector256.FusedMultiplyAdd(xv, v2, s32); }
        }

        FinishFour(s00, s10, s20, s30, x0, x1, x2, x3, w, i, k, sums);
        if (outs > 1) { FinishFour(s01, s11, s21, s31, x0, x1, x2, x3, w1, i, k, sums + 4); }
        if (outs > 2) { FinishFour(s02, s12, s22, s32, x0, x1, x2, x3, w2, i, k, sums + 8); }
    }

    /// <summary>
    /// The four rows' sums of one output: lanes reduced ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)) by three
    /// horizontal adds, then the remainder k = i … k−1 added in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishFour(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        float* x0, float* x1, float* x2, float* x3, float* w, nint i, nint k, float* sums)
    {
        Vector256<float> h = Avx.HorizontalAdd(Avx.HorizontalAdd(r0, r1), Avx.HorizontalAdd(r2, r3));
        Vector128<float> total = h.GetLower() + h.GetUpper();
        total.Store(sums);
        for (; i < k; i++)
        {
            sums[0] = MathF.FusedMultiplyAdd(x0[i], w[i], sums[0]);
            sums[1] = MathF.FusedMultiplyAdd(x1[i], w[i], sums[1]);
            sums[2] = MathF.FusedMultiplyAdd(x2[i], w[i], sums[2]);
            sums[3] = MathF.FusedMultiplyAdd(x3[i], w[i], sums[3]);
        }
    }

    /// <summary>
    /// Backward over row blocks of <see cref="BackwardRowBlock"/>: dZ in place, db, dW and (dX != null)
    /// dX = ws·dZ·W with W packed transposed.
    /// </summary>
    public static void Backward(
        float* dy, float* y, float* x, float* packedWT, float* dW, float* db, float* dX,
        int rows, int nIn, int nOut, Activation activation, float ws, float bs, bool accumulate)
    {
        float* strip = stackalloc float[BackwardRowBlock * 16];
        float* apack = stackalloc float[BackwardRowBlock * 6 * GradientGroupBlocks];
        float* tile = stackalloc float[96];
        for (int r0 = 0; r0 < rows; r0 += BackwardRowBlock)
        {
            int kc = Math.Min(BackwardRowBlock, rows - r0);
            float* dz = dy + (nint)r0 * nOut;
            ActivationMath.Derivative(dz, y + (nint)r0 * nOut, (nint)kc * nOut, activation, vectorize: true);
            bool add = accumulate || r0 > 0;
            if (db != null)
            {
                ColumnSums(dz, kc, nOut, db, bs, add);
            }

            // The next block's inputs are pulled into L2 while this block's dW tiles run.
            int r1 = r0 + kc, r2 = Math.Min(rows, r1 + BackwardRowBlock);
            nint tiles = (nint)((nOut + 5) / 6) * ((nIn + 15) >> 4);
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

    /// <summary>db (+)= bs·Σ_r dz[r, ·], each column summed in row order.</summary>
    private static void ColumnSums(float* dz, int rows, int n, float* db, float bs, bool add)
    {
        Vector256<float> s = Vector256.Create(bs);
        int o = 0;
        for (; o + 32 <= n; o += 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            float* p = dz + o;
            for (int r = 0; r < rows; r++, p += n)
            {
                a0 += Vector256.Load(p);
                a1 += Vector256.Load(p + 8);
                a2 += Vector256.Load(p + 16);
                a3 += Vector256.Load(p + 24);
            }

            StoreScaled(db + o, a0, s, add);
            StoreScaled(db + o + 8, a1, s, add);
            StoreScaled(db + o + 16, a2, s, add);
            StoreScaled(db + o + 24, a3, s, add);
        }

        for (; o + 8 <= n; o += 8)
        {
            Vector256<float> a0 = default;
            float* p = dz + o;
            for (int r = 0; r < rows; r++, p += n)
            {
                a0 += Vector256.Load(p);
            }

            StoreScaled(db + o, a0, s, add);
        }

        for (; o < n; o++)
        {
            float a = 0f;
            for (int r = 0; r < rows; r++)
            {
                a += dz[(nint)r * n + o];
            }

            db[o] = add ? MathF.FusedMultiplyAdd(a, bs, db[o]) : a * bs;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreScaled(float* dst, Vector256<float> sum, Vector256<float> scale, bool add)
    {
        Vector256<float> v = add ? Vector256.FusedMultiplyAdd(sum, scale, Vector256.Load(dst)) : sum * scale;
        v.Store(dst);
    }

    /// <summary>6-output blocks of dZᵀ packed at a time by <see cref="WeightGradient"/> (16 × 6 × 128 floats = 48 KB of stack).</summary>
    private const int GradientGroupBlocks = 16;

    /// <summary>
    /// dW (+)= ws·dZᵀX over one row block (k = rows ≤ 128). Groups of 6-output blocks of dZ are packed
    /// k-major (6 floats per row, zero-padded past nOut), 16-column strips of X are packed k-major, and
    /// each (block, strip) pair is one 6×16 tile: both operands sequential and together ≈ 11 KB, so they
    /// stay in L1. (With 256-row blocks, 22 KB, the kernel lost ~12 % to L1 misses.) With a single output
    /// block the strip would be used once, so X is read in place.
    /// </summary>
    private static void WeightGradient(
        float* dz, int rows, int nOut, float* x, int nIn, float* dW, float ws, bool add, float* strip, float* apack, float* tile, Prefetcher* prefetch)
    {
        int blocks = (nOut + 5) / 6;
        int panels = (nIn + 15) >> 4;
        for (int g0 = 0; g0 < blocks; g0 += GradientGroupBlocks)
        {
            int g1 = Math.Min(blocks, g0 + GradientGroupBlocks);
            for (int ob = g0; ob < g1; ob++)
            {
                int ov = Math.Min(6, nOut - ob * 6);
                float* dst = apack + (nint)(ob - g0) * 6 * rows;
                float* src = dz + ob * 6;
                if (ov == 6)
                {
                    for (int r = 0; r < rows; r++, src += nOut, dst += 6)
                    {
                        Vector128.Load(src).Store(dst);
                        dst[4] = src[4];
                        dst[5] = src[5];
                    }
                }
                else
                {
                    for (int r = 0; r < rows; r++)
                    {
                        for (int t = 0; t < 6; t++)
                        {
                            dst[r * 6 + t] = t < ov ? src[(nint)r * nOut + t] : 0f;
                        }
                    }
                }
            }

            for (int p = 0; p < panels; p++)
            {
                int i0 = p << 4;
                int nv = Math.Min(16, nIn - i0);
                float* xs = x + i0;
                if (nv == 16 && blocks == 1)
                {
                    // One block of outputs: the strip would be used once, so read X in place.
                    prefetch->Step();
                    Tile6x16Strided(apack, 6, xs, nIn, rows, tile);
                    StoreGradient(tile, nOut, 16, dW + i0, nIn, ws, add);
                    continue;
                }

                if (nv == 16)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        float* src = xs + (nint)r * nIn;
                        Vector256.Load(src).Store(strip + r * 16);
                        Vector256.Load(src + 8).Store(strip + r * 16 + 8);
                    }
                }
                else
                {
                    for (int r = 0; r < rows; r++)
                    {
                        for (int j = 0; j < 16; j++)
                        {
                            strip[r * 16 + j] = j < nv ? xs[(nint)r * nIn + j] : 0f;
                        }
                    }
                }

                for (int ob = g0; ob < g1; ob++)
                {
                    prefetch->Step();
                    Tile6x16Strided(apack + (nint)(ob - g0) * 6 * rows, 6, strip, 16, rows, tile);
                    StoreGradient(tile, Math.Min(6, nOut - ob * 6), nv, dW + (nint)ob * 6 * nIn + i0, nIn, ws, add);
                }
            }
        }
    }

    private static void StoreGradient(float* tile, int rv, int nv, float* dst, nint ld, float ws, bool add)
    {
        if (nv == 16)
        {
            Vector256<float> w = Vector256.Create(ws);
            for (int t = 0; t < rv; t++)
            {
                StoreScaled(dst + t * ld, Vector256.Load(tile + 16 * t), w, add);
                StoreScaled(dst + t * ld + 8, Vector256.Load(tile + 16 * t + 8), w, add);
            }

            return;
        }

        for (int t = 0; t < rv; t++)
        {
            for (int j = 0; j < nv; j++)
            {
                float* d = dst + t * ld + j;
                *d = add ? MathF.FusedMultiplyAdd(tile[16 * t + j], ws, *d) : tile[16 * t + j] * ws;
            }
        }
    }

    /// <summary>
    /// The wide packing of <see cref="Dense.PackWeights"/> (nOut &gt; narrow limit): full 16-output panels by
    /// 8×8 register transposes, the last partial panel and the k remainder element by element.
    /// </summary>
    public static void PackPanels(float* w, int nIn, int nOut, float* packed)
    {
        int panels = (nOut + 15) >> 4;
        for (int p = 0; p < panels; p++)
        {
            int o0 = p << 4;
            int valid = Math.Min(16, nOut - o0);
            float* panel = packed + (nint)p * 16 * nIn;
            int k0 = 0;
            if (valid == 16)
            {
                for (; k0 + 8 <= nIn; k0 += 8)
                {
                    Transpose8x8(w + (nint)o0 * nIn + k0, nIn, panel + (nint)k0 * 16);
                    Transpose8x8(w + (nint)(o0 + 8) * nIn + k0, nIn, panel + (nint)k0 * 16 + 8);
                }
            }

            for (int k = k0; k < nIn; k++)
            {
                for (int j = 0; j < 16; j++)
                {
                    panel[k * 16 + j] = j < valid ? w[(nint)(o0 + j) * nIn + k] : 0f;
                }
            }
        }
    }

    /// <summary>dst[q·16 + j] = src[j·ld + q] for j, q &lt; 8.</summary>
    private static void Transpose8x8(float* src, nint ld, float* dst)
    {
        Vector256<float> r0 = Vector256.Load(src), r1 = Vector256.Load(src + ld);
        Vector256<float> r2 = Vector256.Load(src + 2 * ld), r3 = Vector256.Load(src + 3 * ld);
        Vector256<float> r4 = Vector256.Load(src + 4 * ld), r5 = Vector256.Load(src + 5 * ld);
        Vector256<float> r6 = Vector256.Load(src + 6 * ld), r7 = Vector256.Load(src + 7 * ld);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).Store(dst);
        Avx.Permute2x128(u1, u5, 0x20).Store(dst + 16);
        Avx.Permute2x128(u2, u6, 0x20).Store(dst + 32);
        Avx.Permute2x128(u3, u7, 0x20).Store(dst + 48);
        Avx.Permute2x128(u0, u4, 0x31).Store(dst + 64);
        Avx.Permute2x128(u1, u5, 0x31).Store(dst + 80);
        Avx.Permute2x128(u2, u6, 0x31).Store(dst + 96);
        Avx.Permute2x128(u3, u7, 0x31).Store(dst + 112);
    }

    /// <summary>Software prefetch (into L2) of a range of floats, spread over a known number of steps.</summary>
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

    /// <summary>
    /// The 6×16 micro-kernel with A read from six row pointers (k contiguous): tile[t·16 + j] =
    /// Σ_k a_t[k]·b[16k + j], summed in k order. Twelve ymm accumulators, two B loads and six broadcasts per k.
    /// </summary>
    /// <remarks>Holds no call while the accumulators are live (the JIT would otherwise spill them).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void Tile6x16Rows(
        float* a0, float* a1, float* a2, float* a3, float* a4, float* a5, float* b, nint k, float* tile)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector256<float> b0, b1, av;
        nint i = 0;
        for (; i + 4 <= k; i += 4)
        {
            b0 = Vector256.Load(b);
            b1 = Vector256.Load(b + 8);
            av = Vector256.Create(a0[i]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a1[i]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a2[i]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a3[i]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(a4[i]);
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(a5[i]);
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            b0 = Vector256.Load(b + 16);
            b1 = Vector256.Load(b + 24);
            av = Vector256.Create(a0[i + 1]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a1[i + 1]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a2[i + 1]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a3[i + 1]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(a4[i + 1]);
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(a5[i + 1]);
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            b0 = Vector256.Load(b + 32);
            b1 = Vector256.Load(b + 40);
            av = Vector256.Create(a0[i + 2]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a1[i + 2]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a2[i + 2]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a3[i + 2]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(a4[i + 2]);
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(a5[i + 2]);
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            b0 = Vector256.Load(b + 48);
            b1 = Vector256.Load(b + 56);
            av = Vector256.Create(a0[i + 3]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a1[i + 3]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a2[i + 3]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a3[i + 3]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(a4[i + 3]);
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(a5[i + 3]);
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            b += 64;
        }

        for (; i < k; i++)
        {
            b0 = Vector256.Load(b);
            b1 = Vector256.Load(b + 8);
            av = Vector256.Create(a0[i]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a1[i]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a2[i]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a3[i]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(a4[i]);
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(a5[i]);
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            b += 16;
        }

        c00.Store(tile);
        c01.Store(tile + 8);
        c10.Store(tile + 16);
        c11.Store(tile + 24);
        c20.Store(tile + 32);
        c21.Store(tile + 40);
        c30.Store(tile + 48);
        c31.Store(tile + 56);
        c40.Store(tile + 64);
        c41.Store(tile + 72);
        c50.Store(tile + 80);
        c51.Store(tile + 88);
    }

    /// <summary>
    /// The 6×16 micro-kernel with A strided: row t of step k is a[k·lda + t] (six consecutive values per
    /// step, e.g. a packed block of dZᵀ), and B's step k at b + k·ldb. Same order and accumulators as
    /// <see cref="Tile6x16Rows"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void Tile6x16Strided(float* a, nint lda, float* b, nint ldb, nint k, float* tile)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector256<float> b0, b1, av;
        float* a2 = a + lda;
        float* b2 = b + ldb;
        nint lda2 = 2 * lda, ldb2 = 2 * ldb;
        nint i = 0;
        for (; i + 2 <= k; i += 2)
        {
            b0 = Vector256.Load(b);
            b1 = Vector256.Load(b + 8);
            av = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            b0 = Vector256.Load(b2);
            b1 = Vector256.Load(b2 + 8);
            av = Vector256.Create(a2[0]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a2[1]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a2[2]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a2[3]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(a2[4]);
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(a2[5]);
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            a += lda2;
            a2 += lda2;
            b += ldb2;
            b2 += ldb2;
        }

        if (i < k)
        {
            b0 = Vector256.Load(b);
            b1 = Vector256.Load(b + 8);
            av = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
        }

        c00.Store(tile);
        c01.Store(tile + 8);
        c10.Store(tile + 16);
        c11.Store(tile + 24);
        c20.Store(tile + 32);
        c21.Store(tile + 40);
        c30.Store(tile + 48);
        c31.Store(tile + 56);
        c40.Store(tile + 64);
        c41.Store(tile + 72);
        c50.Store(tile + 80);
        c51.Store(tile + 88);
    }
}
