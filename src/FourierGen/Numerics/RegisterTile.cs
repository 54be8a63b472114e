using System.Numerics;
using System.Runtime.CompilerServices;

namespace FourierGen.Numerics;

/// <summary>
/// The register tile every matrix product of the runtime runs on — the dense layers (float) and the feature Gram
/// and Cholesky updates (double) — written once for every width: <c>V.DenseTileRows</c> rows ×
/// <c>V.DenseTileVectors</c> vectors of accumulators (the per-width choice lives in the wrapper).
/// </summary>
/// <remarks>
/// The accumulators are separate locals (the JIT keeps locals in registers, not arrays); the guards on the
/// constant tile sizes are folded away, so each width compiles to exactly its tile. Holds no call while the
/// accumulators are live (the JIT would spill them). k is unrolled by two: measured, the loop overhead cost
/// the 16-register AVX2 tile about a tenth of its speed.
/// </remarks>
internal static unsafe class RegisterTile<V, T>
    where V : unmanaged, ISimd<V, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Rows of A per tile.</summary>
    public static int Rows => V.DenseTileRows;

    /// <summary>Columns of B per tile (the packed panel width).</summary>
    public static int Columns => V.DenseTileVectors * V.Count;

    /// <summary>
    /// C(t, j) = (accumulate ? C(t, j) : 0) + Σ_k A(t, k)·B(k, j) for t &lt; <see cref="Rows"/>, j &lt;
    /// <see cref="Columns"/>, summed in k order with one multiply-add per step: A(t, k) = a[t·rowStride + k·lda]
    /// (rows ≥ <paramref name="rows"/> repeat row 0), B(k, j) = b[k·ldb + j], C(t, j) = c[t·ldc + j]. With
    /// <typeparamref name="TA"/> = <see cref="BroadcastA"/>, a[t·rowStride + k·lda] starts a whole vector of copies of
    /// A(t, k) (see <see cref="ISimd{TSelf, T}.DensePacksBroadcastA"/>); the sums are the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<TA>(T* a, nint rowStride, int rows, nint lda, T* b, nint ldb, nint k, T* c, nint ldc, bool accumulate)
        where TA : struct, ITileA
    {
        int mr = V.DenseTileRows, nv = V.DenseTileVectors, n = V.Count;
        V c00 = V.Zero, c01 = V.Zero;
        V c10 = V.Zero, c11 = V.Zero;
        V c20 = V.Zero, c21 = V.Zero;
        V c30 = V.Zero, c31 = V.Zero;
        V c40 = V.Zero, c41 = V.Zero;
        V c50 = V.Zero, c51 = V.Zero;
        if (accumulate)
        {
            if (mr > 0 && nv > 0) { c00 = V.Load(c + 0 * ldc + 0 * n); }
            if (mr > 0 && nv > 1) { c01 = V.Load(c + 0 * ldc + 1 * n); }
            if (mr > 1 && nv > 0) { c10 = V.Load(c + 1 * ldc + 0 * n); }
            if (mr > 1 && nv > 1) { c11 = V.Load(c + 1 * ldc + 1 * n); }
            if (mr > 2 && nv > 0) { c20 = V.Load(c + 2 * ldc + 0 * n); }
            if (mr > 2 && nv > 1) { c21 = V.Load(c + 2 * ldc + 1 * n); }
            if (mr > 3 && nv > 0) { c30 = V.Load(c + 3 * ldc + 0 * n); }
            if (mr > 3 && nv > 1) { c31 = V.Load(c + 3 * ldc + 1 * n); }
            if (mr > 4 && nv > 0) { c40 = V.Load(c + 4 * ldc + 0 * n); }
            if (mr > 4 && nv > 1) { c41 = V.Load(c + 4 * ldc + 1 * n); }
            if (mr > 5 && nv > 0) { c50 = V.Load(c + 5 * ldc + 0 * n); }
            if (mr > 5 && nv > 1) { c51 = V.Load(c + 5 * ldc + 1 * n); }
        }

        T* a0 = a;
        T* a1 = mr > 1 && rows > 1 ? a + 1 * rowStride : a;
        T* a2 = mr > 2 && rows > 2 ? a + 2 * rowStride : a;
        T* a3 = mr > 3 && rows > 3 ? a + 3 * rowStride : a;
        T* a4 = mr > 4 && rows > 4 ? a + 4 * rowStride : a;
        T* a5 = mr > 5 && rows > 5 ? a + 5 * rowStride : a;
        nint i = 0, ai = 0;
        for (; i + 2 <= k; i += 2, ai += 2 * lda, b += 2 * ldb)
        {
            {
                V b0 = nv > 0 ? V.Load(b + 0 * n) : V.Zero;
                V b1 = nv > 1 ? V.Load(b + 1 * n) : V.Zero;
                if (mr > 0)
                {
                    V av = A<TA>(a0, ai);
                    if (nv > 0) { V.MultiplyAddTo(ref c00, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c01, av, b1); }
                }
                if (mr > 1)
                {
                    V av = A<TA>(a1, ai);
                    if (nv > 0) { V.MultiplyAddTo(ref c10, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c11, av, b1); }
                }
                if (mr > 2)
                {
                    V av = A<TA>(a2, ai);
                    if (nv > 0) { V.MultiplyAddTo(ref c20, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c21, av, b1); }
                }
                if (mr > 3)
                {
                    V av = A<TA>(a3, ai);
                    if (nv > 0) { V.MultiplyAddTo(ref c30, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c31, av, b1); }
                }
                if (mr > 4)
                {
                    V av = A<TA>(a4, ai);
                    if (nv > 0) { V.MultiplyAddTo(ref c40, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c41, av, b1); }
                }
                if (mr > 5)
                {
                    V av = A<TA>(a5, ai);
                    if (nv > 0) { V.MultiplyAddTo(ref c50, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c51, av, b1); }
                }
            }
            {
                V b0 = nv > 0 ? V.Load(b + ldb + 0 * n) : V.Zero;
                V b1 = nv > 1 ? V.Load(b + ldb + 1 * n) : V.Zero;
                if (mr > 0)
                {
                    V av = A<TA>(a0, ai + lda);
                    if (nv > 0) { V.MultiplyAddTo(ref c00, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c01, av, b1); }
                }
                if (mr > 1)
                {
                    V av = A<TA>(a1, ai + lda);
                    if (nv > 0) { V.MultiplyAddTo(ref c10, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c11, av, b1); }
                }
                if (mr > 2)
                {
                    V av = A<TA>(a2, ai + lda);
                    if (nv > 0) { V.MultiplyAddTo(ref c20, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c21, av, b1); }
                }
                if (mr > 3)
                {
                    V av = A<TA>(a3, ai + lda);
                    if (nv > 0) { V.MultiplyAddTo(ref c30, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c31, av, b1); }
                }
                if (mr > 4)
                {
                    V av = A<TA>(a4, ai + lda);
                    if (nv > 0) { V.MultiplyAddTo(ref c40, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c41, av, b1); }
                }
                if (mr > 5)
                {
                    V av = A<TA>(a5, ai + lda);
                    if (nv > 0) { V.MultiplyAddTo(ref c50, av, b0); }
                    if (nv > 1) { V.MultiplyAddTo(ref c51, av, b1); }
                }
            }
        }

        if (i < k)
        {
            V b0 = nv > 0 ? V.Load(b + 0 * n) : V.Zero;
            V b1 = nv > 1 ? V.Load(b + 1 * n) : V.Zero;
            if (mr > 0)
            {
                V av = A<TA>(a0, ai);
                if (nv > 0) { V.MultiplyAddTo(ref c00, av, b0); }
                if (nv > 1) { V.MultiplyAddTo(ref c01, av, b1); }
            }
            if (mr > 1)
            {
                V av = A<TA>(a1, ai);
                if (nv > 0) { V.MultiplyAddTo(ref c10, av, b0); }
                if (nv > 1) { V.MultiplyAddTo(ref c11, av, b1); }
            }
            if (mr > 2)
            {
                V av = A<TA>(a2, ai);
                if (nv > 0) { V.MultiplyAddTo(ref c20, av, b0); }
                if (nv > 1) { V.MultiplyAddTo(ref c21, av, b1); }
            }
            if (mr > 3)
            {
                V av = A<TA>(a3, ai);
                if (nv > 0) { V.MultiplyAddTo(ref c30, av, b0); }
                if (nv > 1) { V.MultiplyAddTo(ref c31, av, b1); }
            }
            if (mr > 4)
            {
                V av = A<TA>(a4, ai);
                if (nv > 0) { V.MultiplyAddTo(ref c40, av, b0); }
                if (nv > 1) { V.MultiplyAddTo(ref c41, av, b1); }
            }
            if (mr > 5)
            {
                V av = A<TA>(a5, ai);
                if (nv > 0) { V.MultiplyAddTo(ref c50, av, b0); }
                if (nv > 1) { V.MultiplyAddTo(ref c51, av, b1); }
            }
        }

        if (mr > 0 && nv > 0) { V.Store(c00, c + 0 * ldc + 0 * n); }
        if (mr > 0 && nv > 1) { V.Store(c01, c + 0 * ldc + 1 * n); }
        if (mr > 1 && nv > 0) { V.Store(c10, c + 1 * ldc + 0 * n); }
        if (mr > 1 && nv > 1) { V.Store(c11, c + 1 * ldc + 1 * n); }
        if (mr > 2 && nv > 0) { V.Store(c20, c + 2 * ldc + 0 * n); }
        if (mr > 2 && nv > 1) { V.Store(c21, c + 2 * ldc + 1 * n); }
        if (mr > 3 && nv > 0) { V.Store(c30, c + 3 * ldc + 0 * n); }
        if (mr > 3 && nv > 1) { V.Store(c31, c + 3 * ldc + 1 * n); }
        if (mr > 4 && nv > 0) { V.Store(c40, c + 4 * ldc + 0 * n); }
        if (mr > 4 && nv > 1) { V.Store(c41, c + 4 * ldc + 1 * n); }
        if (mr > 5 && nv > 0) { V.Store(c50, c + 5 * ldc + 0 * n); }
        if (mr > 5 && nv > 1) { V.Store(c51, c + 5 * ldc + 1 * n); }
    }

    /// <summary>A(t, k) in every lane: broadcast from one element, or loaded where the caller packed the copies.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V A<TA>(T* row, nint index)
        where TA : struct, ITileA => TA.IsBroadcast ? V.Load(row + index) : V.Create(row[index]);
}

/// <summary>How <see cref="RegisterTile{V, T}.Multiply"/> finds A(t, k): one element, or a vector of its copies.</summary>
internal interface ITileA
{
    /// <summary>True when each A element is stored as a whole vector of copies.</summary>
    static abstract bool IsBroadcast { get; }
}

/// <summary>A as it is: the tile broadcasts each element.</summary>
internal readonly struct ScalarA : ITileA
{
    public static bool IsBroadcast => false;
}

/// <summary>A packed broadcast: the tile loads each element's vector of copies.</summary>
internal readonly struct BroadcastA : ITileA
{
    public static bool IsBroadcast => true;
}
