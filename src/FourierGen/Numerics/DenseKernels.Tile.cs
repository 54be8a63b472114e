using System.Runtime.CompilerServices;

namespace FourierGen.Numerics;

// The register tile every product of the dense layer runs on, written once for every width: V.DenseTileRows
// rows × V.DenseTileVectors vectors of accumulators. The accumulators are separate locals (the JIT keeps
// locals in registers, not arrays); the guards on the constant tile sizes are folded away, so each width
// compiles to exactly its tile. Holds no call while the accumulators are live (the JIT would spill them).
internal static unsafe partial class DenseKernels<V>
{
    /// <summary>
    /// tile[t·PanelWidth + j] = Σ_k A(t, k)·B(k, j) for t &lt; DenseTileRows, j &lt; PanelWidth, summed in k order
    /// from zero with one multiply-add per step: A(t, k) = a[t·rowStride + k·lda] (rows ≥ <paramref name="rows"/>
    /// repeat row 0), B(k, j) = b[k·ldb + j].
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tile(float* a, nint rowStride, int rows, nint lda, float* b, nint ldb, nint k, float* tile)
    {
        int mr = V.DenseTileRows, nv = V.DenseTileVectors, c = V.Count, pw = nv * c;
        V c00 = V.Zero, c01 = V.Zero;
        V c10 = V.Zero, c11 = V.Zero;
        V c20 = V.Zero, c21 = V.Zero;
        V c30 = V.Zero, c31 = V.Zero;
        V c40 = V.Zero, c41 = V.Zero;
        V c50 = V.Zero, c51 = V.Zero;
        V c60 = V.Zero, c61 = V.Zero;
        V c70 = V.Zero, c71 = V.Zero;
        float* a0 = a;
        float* a1 = mr > 1 && rows > 1 ? a + 1 * rowStride : a;
        float* a2 = mr > 2 && rows > 2 ? a + 2 * rowStride : a;
        float* a3 = mr > 3 && rows > 3 ? a + 3 * rowStride : a;
        float* a4 = mr > 4 && rows > 4 ? a + 4 * rowStride : a;
        float* a5 = mr > 5 && rows > 5 ? a + 5 * rowStride : a;
        float* a6 = mr > 6 && rows > 6 ? a + 6 * rowStride : a;
        float* a7 = mr > 7 && rows > 7 ? a + 7 * rowStride : a;
        nint i = 0, ai = 0;
        for (; i + 2 <= k; i += 2, ai += 2 * lda, b += 2 * ldb)
        {
            {
                V b0 = nv > 0 ? V.Load(b + 0 * c) : V.Zero;
                V b1 = nv > 1 ? V.Load(b + 1 * c) : V.Zero;
                if (mr > 0)
                {
                    V av = V.Create(a0[ai]);
                    if (nv > 0) { c00 = V.MultiplyAdd(av, b0, c00); }
                    if (nv > 1) { c01 = V.MultiplyAdd(av, b1, c01); }
                }
                if (mr > 1)
                {
                    V av = V.Create(a1[ai]);
                    if (nv > 0) { c10 = V.MultiplyAdd(av, b0, c10); }
                    if (nv > 1) { c11 = V.MultiplyAdd(av, b1, c11); }
                }
                if (mr > 2)
                {
                    V av = V.Create(a2[ai]);
                    if (nv > 0) { c20 = V.MultiplyAdd(av, b0, c20); }
                    if (nv > 1) { c21 = V.MultiplyAdd(av, b1, c21); }
                }
                if (mr > 3)
                {
                    V av = V.Create(a3[ai]);
                    if (nv > 0) { c30 = V.MultiplyAdd(av, b0, c30); }
                    if (nv > 1) { c31 = V.MultiplyAdd(av, b1, c31); }
                }
                if (mr > 4)
                {
                    V av = V.Create(a4[ai]);
                    if (nv > 0) { c40 = V.MultiplyAdd(av, b0, c40); }
                    if (nv > 1) { c41 = V.MultiplyAdd(av, b1, c41); }
                }
                if (mr > 5)
                {
                    V av = V.Create(a5[ai]);
                    if (nv > 0) { c50 = V.MultiplyAdd(av, b0, c50); }
                    if (nv > 1) { c51 = V.MultiplyAdd(av, b1, c51); }
                }
                if (mr > 6)
                {
                    V av = V.Create(a6[ai]);
                    if (nv > 0) { c60 = V.MultiplyAdd(av, b0, c60); }
                    if (nv > 1) { c61 = V.MultiplyAdd(av, b1, c61); }
                }
                if (mr > 7)
                {
                    V av = V.Create(a7[ai]);
                    if (nv > 0) { c70 = V.MultiplyAdd(av, b0, c70); }
                    if (nv > 1) { c71 = V.MultiplyAdd(av, b1, c71); }
                }
            }
            {
                V b0 = nv > 0 ? V.Load(b + ldb + 0 * c) : V.Zero;
                V b1 = nv > 1 ? V.Load(b + ldb + 1 * c) : V.Zero;
                if (mr > 0)
                {
                    V av = V.Create(a0[ai + lda]);
                    if (nv > 0) { c00 = V.MultiplyAdd(av, b0, c00); }
                    if (nv > 1) { c01 = V.MultiplyAdd(av, b1, c01); }
                }
                if (mr > 1)
                {
                    V av = V.Create(a1[ai + lda]);
                    if (nv > 0) { c10 = V.MultiplyAdd(av, b0, c10); }
                    if (nv > 1) { c11 = V.MultiplyAdd(av, b1, c11); }
                }
                if (mr > 2)
                {
                    V av = V.Create(a2[ai + lda]);
                    if (nv > 0) { c20 = V.MultiplyAdd(av, b0, c20); }
                    if (nv > 1) { c21 = V.MultiplyAdd(av, b1, c21); }
                }
                if (mr > 3)
                {
                    V av = V.Create(a3[ai + lda]);
                    if (nv > 0) { c30 = V.MultiplyAdd(av, b0, c30); }
                    if (nv > 1) { c31 = V.MultiplyAdd(av, b1, c31); }
                }
                if (mr > 4)
                {
                    V av = V.Create(a4[ai + lda]);
                    if (nv > 0) { c40 = V.MultiplyAdd(av, b0, c40); }
                    if (nv > 1) { c41 = V.MultiplyAdd(av, b1, c41); }
                }
                if (mr > 5)
                {
                    V av = V.Create(a5[ai + lda]);
                    if (nv > 0) { c50 = V.MultiplyAdd(av, b0, c50); }
                    if (nv > 1) { c51 = V.MultiplyAdd(av, b1, c51); }
                }
                if (mr > 6)
                {
                    V av = V.Create(a6[ai + lda]);
                    if (nv > 0) { c60 = V.MultiplyAdd(av, b0, c60); }
                    if (nv > 1) { c61 = V.MultiplyAdd(av, b1, c61); }
                }
                if (mr > 7)
                {
                    V av = V.Create(a7[ai + lda]);
                    if (nv > 0) { c70 = V.MultiplyAdd(av, b0, c70); }
                    if (nv > 1) { c71 = V.MultiplyAdd(av, b1, c71); }
                }
            }
        }

        if (i < k)
        {
            V b0 = nv > 0 ? V.Load(b + 0 * c) : V.Zero;
            V b1 = nv > 1 ? V.Load(b + 1 * c) : V.Zero;
            if (mr > 0)
            {
                V av = V.Create(a0[ai]);
                if (nv > 0) { c00 = V.MultiplyAdd(av, b0, c00); }
                if (nv > 1) { c01 = V.MultiplyAdd(av, b1, c01); }
            }
            if (mr > 1)
            {
                V av = V.Create(a1[ai]);
                if (nv > 0) { c10 = V.MultiplyAdd(av, b0, c10); }
                if (nv > 1) { c11 = V.MultiplyAdd(av, b1, c11); }
            }
            if (mr > 2)
            {
                V av = V.Create(a2[ai]);
                if (nv > 0) { c20 = V.MultiplyAdd(av, b0, c20); }
                if (nv > 1) { c21 = V.MultiplyAdd(av, b1, c21); }
            }
            if (mr > 3)
            {
                V av = V.Create(a3[ai]);
                if (nv > 0) { c30 = V.MultiplyAdd(av, b0, c30); }
                if (nv > 1) { c31 = V.MultiplyAdd(av, b1, c31); }
            }
            if (mr > 4)
            {
                V av = V.Create(a4[ai]);
                if (nv > 0) { c40 = V.MultiplyAdd(av, b0, c40); }
                if (nv > 1) { c41 = V.MultiplyAdd(av, b1, c41); }
            }
            if (mr > 5)
            {
                V av = V.Create(a5[ai]);
                if (nv > 0) { c50 = V.MultiplyAdd(av, b0, c50); }
                if (nv > 1) { c51 = V.MultiplyAdd(av, b1, c51); }
            }
            if (mr > 6)
            {
                V av = V.Create(a6[ai]);
                if (nv > 0) { c60 = V.MultiplyAdd(av, b0, c60); }
                if (nv > 1) { c61 = V.MultiplyAdd(av, b1, c61); }
            }
            if (mr > 7)
            {
                V av = V.Create(a7[ai]);
                if (nv > 0) { c70 = V.MultiplyAdd(av, b0, c70); }
                if (nv > 1) { c71 = V.MultiplyAdd(av, b1, c71); }
            }
        }

        if (mr > 0 && nv > 0) { V.Store(c00, tile + 0 * pw + 0 * c); }
        if (mr > 0 && nv > 1) { V.Store(c01, tile + 0 * pw + 1 * c); }
        if (mr > 1 && nv > 0) { V.Store(c10, tile + 1 * pw + 0 * c); }
        if (mr > 1 && nv > 1) { V.Store(c11, tile + 1 * pw + 1 * c); }
        if (mr > 2 && nv > 0) { V.Store(c20, tile + 2 * pw + 0 * c); }
        if (mr > 2 && nv > 1) { V.Store(c21, tile + 2 * pw + 1 * c); }
        if (mr > 3 && nv > 0) { V.Store(c30, tile + 3 * pw + 0 * c); }
        if (mr > 3 && nv > 1) { V.Store(c31, tile + 3 * pw + 1 * c); }
        if (mr > 4 && nv > 0) { V.Store(c40, tile + 4 * pw + 0 * c); }
        if (mr > 4 && nv > 1) { V.Store(c41, tile + 4 * pw + 1 * c); }
        if (mr > 5 && nv > 0) { V.Store(c50, tile + 5 * pw + 0 * c); }
        if (mr > 5 && nv > 1) { V.Store(c51, tile + 5 * pw + 1 * c); }
        if (mr > 6 && nv > 0) { V.Store(c60, tile + 6 * pw + 0 * c); }
        if (mr > 6 && nv > 1) { V.Store(c61, tile + 6 * pw + 1 * c); }
        if (mr > 7 && nv > 0) { V.Store(c70, tile + 7 * pw + 0 * c); }
        if (mr > 7 && nv > 1) { V.Store(c71, tile + 7 * pw + 1 * c); }
    }
}
