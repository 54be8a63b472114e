using FourierGen.Numerics;

namespace FourierGen.Kernels;

/// <summary>
/// C −= A·Bᵀ for row-major blocks of a larger matrix (the Cholesky's TRSM and SYRK updates): depth
/// slabs of <see cref="DepthBlock"/> packed for the width's register tile (A negated), blocks of C split
/// across cores, optionally only the tiles touching the lower triangle of a square C.
/// </summary>
internal static unsafe class BlockedGemm<V>
    where V : unmanaged, ISimd<V, double>
{
    private const int DepthBlock = 256;
    private const int BlockRows = 96;
    private const int BlockColumns = 192;
    private const double ParallelFlops = 4e6;

    /// <summary>
    /// C[m × n] −= A[m × k]·B[n × k]ᵀ. With <paramref name="lowerOnly"/> (square C on the diagonal of
    /// a symmetric matrix) only tiles holding some entry with column ≤ row are updated; entries above
    /// the diagonal inside those tiles are updated too and must be ignored by the caller.
    /// </summary>
    public static void SubtractABt(double* a, long lda, double* b, long ldb, double* c, long ldc, int m, int n, int k, bool lowerOnly)
    {
        if (m <= 0 || n <= 0 || k <= 0)
        {
            return;
        }

        int panelsA = (m + PackedGemm<V>.MR - 1) / PackedGemm<V>.MR;
        int panelsB = (n + PackedGemm<V>.NR - 1) / PackedGemm<V>.NR;
        int kcMax = Math.Min(DepthBlock, k);
        double* packA = PackedGemm.Alloc((long)panelsA * PackedGemm<V>.MR * kcMax);
        double* packB = PackedGemm.Alloc((long)panelsB * PackedGemm<V>.NR * kcMax);
        try
        {
            int rowBlocks = (m + BlockRows - 1) / BlockRows;
            int columnBlocks = (n + BlockColumns - 1) / BlockColumns;
            var tasks = new List<(int Row, int Column)>(rowBlocks * columnBlocks);
            // Column blocks outermost: consecutive blocks (dealt to the same worker in ranges) share their packed B block
            // (192 columns × the depth slab, the larger operand) while it is in L2, and only the 96-row A blocks stream.
            for (int cb = 0; cb < columnBlocks; cb++)
            {
                for (int rb = 0; rb < rowBlocks; rb++)
                {
                    if (!lowerOnly || cb * BlockColumns <= Math.Min(m, (rb + 1) * BlockRows) - 1)
                    {
                        tasks.Add((rb, cb));
                    }
                }
            }

            bool parallel = 2.0 * m * n * k > ParallelFlops && Environment.ProcessorCount > 1;
            for (int k0 = 0; k0 < k; k0 += DepthBlock)
            {
                int kc = Math.Min(DepthBlock, k - k0);
                if (parallel)
                {
                    Parallel.For(0, panelsA + panelsB, p => Pack(p));
                    Parallel.For(0, tasks.Count, t => Block(t));
                }
                else
                {
                    for (int p = 0; p < panelsA + panelsB; p++)
                    {
                        Pack(p);
                    }

                    for (int t = 0; t < tasks.Count; t++)
                    {
                        Block(t);
                    }
                }

                void Pack(int p)
                {
                    if (p < panelsA)
                    {
                        PackedGemm<V>.PackA(a, lda, p * PackedGemm<V>.MR, m, k0, kc, packA + (long)p * PackedGemm<V>.MR * kc, -1.0);
                    }
                    else
                    {
                        int q = p - panelsA;
                        PackedGemm<V>.PackB(b, ldb, q * PackedGemm<V>.NR, n, k0, kc, packB + (long)q * PackedGemm<V>.NR * kc);
                    }
                }

                void Block(int t)
                {
                    int row0 = tasks[t].Row * BlockRows, column0 = tasks[t].Column * BlockColumns;
                    int rows = Math.Min(BlockRows, m - row0), columns = Math.Min(BlockColumns, n - column0);
                    double* edge = stackalloc double[PackedGemm<V>.MR * PackedGemm<V>.NR];
                    for (int jr = 0; jr < columns; jr += PackedGemm<V>.NR)
                    {
                        int j = column0 + jr;
                        double* bp = packB + (long)(j / PackedGemm<V>.NR) * PackedGemm<V>.NR * kc;
                        for (int ir = 0; ir < rows; ir += PackedGemm<V>.MR)
                        {
                            int i = row0 + ir;
                            if (lowerOnly && j > i + PackedGemm<V>.MR - 1)
                            {
                                continue; // the whole tile is above the diagonal
                            }

                            double* ap = packA + (long)(i / PackedGemm<V>.MR) * PackedGemm<V>.MR * kc;
                            double* ct = c + i * ldc + j;
                            int tr = Math.Min(PackedGemm<V>.MR, m - i), tc = Math.Min(PackedGemm<V>.NR, n - j);
                            if (tr == PackedGemm<V>.MR && tc == PackedGemm<V>.NR)
                            {
                                PackedGemm<V>.Kernel(ap, bp, kc, ct, (nint)ldc, true);
                            }
                            else
                            {
                                for (int r = 0; r < PackedGemm<V>.MR; r++)
                                {
                                    for (int q = 0; q < PackedGemm<V>.NR; q++)
                                    {
                                        edge[r * PackedGemm<V>.NR + q] = r < tr && q < tc ? ct[r * ldc + q] : 0;
                                    }
                                }

                                PackedGemm<V>.Kernel(ap, bp, kc, edge, PackedGemm<V>.NR, true);
                                for (int r = 0; r < tr; r++)
                                {
                                    for (int q = 0; q < tc; q++)
                                    {
                                        ct[r * ldc + q] = edge[r * PackedGemm<V>.NR + q];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            PackedGemm.Free(packA);
            PackedGemm.Free(packB);
        }
    }
}
