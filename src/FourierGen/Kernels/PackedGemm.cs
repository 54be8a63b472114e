using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FourierGen.Kernels;

/// <summary>
/// The float64 GEMM building blocks shared by the feature Gram matrix and the Cholesky update:
/// panels packed for a 6×8 register tile (12 ymm accumulators, B loaded 8 wide, A broadcast), and
/// the micro-kernel. Every entry of C is one FMA chain over k in increasing order, starting from 0
/// (or from the loaded C), whatever tile, panel or thread computes it, so equal inputs give equal
/// entries bit for bit.
/// </summary>
internal static unsafe class PackedGemm
{
    /// <summary>Rows of A per register tile.</summary>
    public const int MR = 6;

    /// <summary>Columns of B per register tile.</summary>
    public const int NR = 8;

    /// <summary>Allocates 64-byte aligned native memory for <paramref name="count"/> doubles.</summary>
    public static double* Alloc(long count) => (double*)NativeMemory.AlignedAlloc((nuint)(Math.Max(count, 1) * sizeof(double)), 64);

    /// <summary>Frees memory from <see cref="Alloc"/>.</summary>
    public static void Free(double* p) => NativeMemory.AlignedFree(p);

    /// <summary>
    /// Packs rows [<paramref name="row0"/>, row0 + MR) of a row-major matrix (columns [k0, k0 + kc))
    /// as dst[k·MR + r]; rows past <paramref name="rows"/> are zero. <paramref name="scale"/> multiplies each value.
    /// </summary>
    public static void PackA(double* src, long ld, int row0, int rows, int k0, int kc, double* dst, double scale)
    {
        int valid = Math.Min(MR, rows - row0);
        for (int r = 0; r < MR; r++)
        {
            if (r < valid)
            {
                double* s = src + (row0 + r) * ld + k0;
                for (int k = 0; k < kc; k++)
                {
                    dst[k * MR + r] = s[k] * scale;
                }
            }
            else
            {
                for (int k = 0; k < kc; k++)
                {
                    dst[k * MR + r] = 0;
                }
            }
        }
    }

    /// <summary>
    /// Packs rows [<paramref name="row0"/>, row0 + NR) of a row-major matrix (columns [k0, k0 + kc))
    /// as dst[k·NR + c]: the NR columns of its transpose. Rows past <paramref name="rows"/> are zero.
    /// </summary>
    public static void PackB(double* src, long ld, int row0, int rows, int k0, int kc, double* dst)
    {
        int valid = Math.Min(NR, rows - row0);
        for (int c = 0; c < NR; c++)
        {
            if (c < valid)
            {
                double* s = src + (row0 + c) * ld + k0;
                for (int k = 0; k < kc; k++)
                {
                    dst[k * NR + c] = s[k];
                }
            }
            else
            {
                for (int k = 0; k < kc; k++)
                {
                    dst[k * NR + c] = 0;
                }
            }
        }
    }

    /// <summary>
    /// C[0..6, 0..8] (row stride <paramref name="ldc"/>) = (accumulate ? C : 0) + Σ_k a[k·6 + r]·b[k·8 + c].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6x8(double* a, double* b, int kc, double* c, nint ldc, bool accumulate)
    {
        Vector256<double> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate)
        {
            c00 = Vector256.Load(c); c01 = Vector256.Load(c + 4);
            c10 = Vector256.Load(c + ldc); c11 = Vector256.Load(c + ldc + 4);
            c20 = Vector256.Load(c + 2 * ldc); c21 = Vector256.Load(c + 2 * ldc + 4);
            c30 = Vector256.Load(c + 3 * ldc); c31 = Vector256.Load(c + 3 * ldc + 4);
            c40 = Vector256.Load(c + 4 * ldc); c41 = Vector256.Load(c + 4 * ldc + 4);
            c50 = Vector256.Load(c + 5 * ldc); c51 = Vector256.Load(c + 5 * ldc + 4);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<double>.Zero;
        }

        for (int k = 0; k < kc; k++)
        {
            Vector256<double> b0 = Vector256.Load(b);
            Vector256<double> b1 = Vector256.Load(b + 4);
            Vector256<double> a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            Vector256<double> a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            Vector256<double> a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            Vector256<double> a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            Vector256<double> a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            Vector256<double> a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += MR;
            b += NR;
        }

        Vector256.Store(c00, c); Vector256.Store(c01, c + 4);
        Vector256.Store(c10, c + ldc); Vector256.Store(c11, c + ldc + 4);
        Vector256.Store(c20, c + 2 * ldc); Vector256.Store(c21, c + 2 * ldc + 4);
        Vector256.Store(c30, c + 3 * ldc); Vector256.Store(c31, c + 3 * ldc + 4);
        Vector256.Store(c40, c + 4 * ldc); Vector256.Store(c41, c + 4 * ldc + 4);
        Vector256.Store(c50, c + 5 * ldc); Vector256.Store(c51, c + 5 * ldc + 4);
    }
}
