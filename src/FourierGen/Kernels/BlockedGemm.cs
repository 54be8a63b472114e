namespace FourierGen.Kernels;

/// <summary>
/// C −= A·Bᵀ for row-major blocks of a larger matrix (the Cholesky's TRSM and SYRK updates): depth
/// slabs of <see cref="DepthBlock"/> packed for the 6×8 micro-kernel (A negated), blocks of C split
/// across cores, optionally only the tiles touching the lower triangle of a square C.
/// </summary>
internal static unsafe class BlockedGemm
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

        int panelsA = (m + PackedGemm.MR - 1) / PackedGemm.MR;
        int panelsB = (n + PackedGemm.NR - 1) / PackedGemm.NR;
        int kcMax = Math.Min(DepthBlock, k);
        double* packA = PackedGemm.Alloc((long)panelsA * PackedGemm.MR * kcMax);
        double* packB = PackedGemm.Alloc((long)panelsB * PackedGemm.NR * kcMax);
        try
        {
            int rowBlocks = (m + BlockRows - 1) / BlockRows;
            int columnBlocks = (n + BlockColumns - 1) / BlockColumns;
            var tasks = new List<(int Row, int Column)>(rowBlocks * columnBlocks);
            for (int rb = 0; rb < rowBlocks; rb++)
            {
                for (int cb = 0; cb < columnBlocks; cb++)
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
                        PackedGemm.PackA(a, lda, p * PackedGemm.MR, m, k0, kc, packA + (long)p * PackedGemm.MR * kc, -1.0);
                    }
                    else
                    {
                        int q = p - panelsA;
                        PackedGemm.PackB(b, ldb, q * PackedGemm.NR, n, k0, kc, packB + (long)q * PackedGemm.NR * kc);
                    }
                }

                void Block(int t)
                {
                    int row0 = tasks[t].Row * BlockRows, column0 = tasks[t].Column * BlockColumns;
                    int rows = Math.Min(BlockRows, m - row0), columns = Math.Min(BlockColumns, n - column0);
                    double* edge = stackalloc double[PackedGemm.MR * PackedGemm.NR];
                    for (int jr = 0; jr < columns; jr += PackedGemm.NR)
                    {
                        int j = column0 + jr;
                        double* bp = packB + (long)(j / PackedGemm.NR) * PackedGemm.NR * kc;
                        for (int ir = 0; ir < rows; ir += PackedGemm.MR)
                        {
                            int i = row0 + ir;
                            if (lowerOnly && j > i + PackedGemm.MR - 1)
                            {
                                continue; // the whole tile is above the diagonal
                            }

                            double* ap = packA + (long)(i / PackedGemm.MR) * PackedGemm.MR * kc;
                            double* ct = c + i * ldc + j;
                            int tr = Math.Min(PackedGemm.MR, m - i), tc = Math.Min(PackedGemm.NR, n - j);
                            if (tr == PackedGemm.MR && tc == PackedGemm.NR)
                            {
                                PackedGemm.Kernel6x8(ap, bp, kc, ct, (nint)ldc, true);
                            }
                            else
                            {
                                for (int r = 0; r < PackedGemm.MR; r++)
                                {
                                    for (int q = 0; q < PackedGemm.NR; q++)
                                    {
                                        edge[r * PackedGemm.NR + q] = r < tr && q < tc ? ct[r * ldc + q] : 0;
                                    }
                                }

                                PackedGemm.Kernel6x8(ap, bp, kc, edge, PackedGemm.NR, true);
                                for (int r = 0; r < tr; r++)
                                {
                                    for (int q = 0; q < tc; q++)
                                    {
                                        ct[r * ldc + q] = edge[r * PackedGemm.NR + q];
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
