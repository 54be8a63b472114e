using System.Runtime.InteropServices;
using FourierGen.Numerics;

namespace FourierGen.Kernels;

/// <summary>Native memory for the float64 GEMMs' packed panels.</summary>
internal static unsafe class PackedGemm
{
    /// <summary>Allocates 64-byte aligned native memory for <paramref name="count"/> doubles.</summary>
    public static double* Alloc(long count) => (double*)NativeMemory.AlignedAlloc((nuint)(Math.Max(count, 1) * sizeof(double)), 64);

    /// <summary>Frees memory from <see cref="Alloc"/>.</summary>
    public static void Free(double* p) => NativeMemory.AlignedFree(p);
}

/// <summary>
/// The float64 GEMM building blocks shared by the feature Gram matrix and the Cholesky update, at one vector
/// width: panels packed for the width's register tile (<see cref="RegisterTile{V, T}"/>: <see cref="MR"/> rows
/// of A broadcast, <see cref="NR"/> columns of B loaded as vectors). Every entry of C is one multiply-add chain
/// over k in increasing order, starting from 0 (or from the loaded C), whatever tile, panel or thread computes
/// it, so equal inputs give equal entries bit for bit — at every width.
/// </summary>
internal static unsafe class PackedGemm<V>
    where V : unmanaged, ISimd<V, double>
{
    /// <summary>Rows of A per register tile.</summary>
    public static int MR => RegisterTile<V, double>.Rows;

    /// <summary>Columns of B per register tile.</summary>
    public static int NR => RegisterTile<V, double>.Columns;

    /// <summary>
    /// Packs rows [<paramref name="row0"/>, row0 + MR) of a row-major matrix (columns [k0, k0 + kc))
    /// as dst[k·MR + r]; rows past <paramref name="rows"/> are zero. <paramref name="scale"/> multiplies each value.
    /// </summary>
    public static void PackA(double* src, long ld, int row0, int rows, int k0, int kc, double* dst, double scale) =>
        Pack(src, ld, row0, rows, k0, kc, dst, MR, scale);

    /// <summary>
    /// Packs rows [<paramref name="row0"/>, row0 + NR) of a row-major matrix (columns [k0, k0 + kc))
    /// as dst[k·NR + c]: the NR columns of its transpose. Rows past <paramref name="rows"/> are zero.
    /// </summary>
    public static void PackB(double* src, long ld, int row0, int rows, int k0, int kc, double* dst) =>
        Pack(src, ld, row0, rows, k0, kc, dst, NR, 1.0);

    /// <summary>
    /// C[0..MR, 0..NR] (row stride <paramref name="ldc"/>) = (accumulate ? C : 0) + Σ_k a[k·MR + r]·b[k·NR + c].
    /// </summary>
    public static void Kernel(double* a, double* b, int kc, double* c, nint ldc, bool accumulate) =>
        RegisterTile<V, double>.Multiply<ScalarA>(a, 1, MR, MR, b, NR, kc, c, ldc, accumulate);

    /// <summary>
    /// Writes the panel in order (k outer), reading <paramref name="width"/> row streams: written row by row instead,
    /// each store would land on another cache line of a panel larger than L1, and every line would be written
    /// <paramref name="width"/> times.
    /// </summary>
    private static void Pack(double* src, long ld, int row0, int rows, int k0, int kc, double* dst, int width, double scale)
    {
        int valid = Math.Max(0, Math.Min(width, rows - row0));
        double** rowStart = stackalloc double*[width];
        for (int r = 0; r < valid; r++)
        {
            rowStart[r] = src + (row0 + r) * ld + k0;
        }

        for (int k = 0; k < kc; k++)
        {
            double* d = dst + k * width;
            for (int r = 0; r < valid; r++)
            {
                d[r] = rowStart[r][k] * scale;
            }

            for (int r = valid; r < width; r++)
            {
                d[r] = 0;
            }
        }
    }
}
