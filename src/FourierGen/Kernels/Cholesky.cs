using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FourierGen.Numerics;

namespace FourierGen.Kernels;

/// <summary>Thrown when a Cholesky factorisation meets a pivot that is not positive.</summary>
public sealed class MatrixNotPositiveDefiniteException : ArithmeticException
{
    /// <summary>Creates the exception for the pivot at <paramref name="pivotIndex"/> with value <paramref name="pivotValue"/>.</summary>
    /// <param name="pivotIndex">The row (and column) of the failing pivot.</param>
    /// <param name="pivotValue">The pivot's value (≤ 0 or NaN).</param>
    public MatrixNotPositiveDefiniteException(int pivotIndex, double pivotValue)
        : base($"The matrix is not positive definite: pivot {pivotIndex} is {pivotValue:R} (it must be > 0) after eliminating rows 0..{pivotIndex - 1}. "
            + "Kernel matrices of close or repeated points are singular to rounding; regularise with a larger diagReg "
            + "(e.g. 1e-10, then 1e-8 … 1e-4, relative to the mean of the diagonal).")
    {
        PivotIndex = pivotIndex;
        PivotValue = pivotValue;
    }

    /// <summary>The row (and column) of the failing pivot.</summary>
    public int PivotIndex { get; }

    /// <summary>The pivot's value: A_ii minus the squares of row i of L so far (≤ 0 or NaN).</summary>
    public double PivotValue { get; }
}

/// <summary>
/// Cholesky factorisation A = LLᵀ of a symmetric positive-definite matrix, row-major, in place:
/// recursive (Gustavson–Toledo) so that nearly all of the n³/3 flops run in the packed register-tiled GEMM
/// (<see cref="BlockedGemm{V}"/>) at the process's vector width, split across cores; triangular solves for the
/// right-hand sides.
/// </summary>
public static unsafe class Cholesky
{
    private const int LeafSize = 96;
    // The leaf solve runs on the register tile without packing; the narrow GEMMs it replaces at the bottom of the
    // solve's recursion packed their whole left operand for a few dozen columns of products.
    internal const int TrsmLeaf = 192;
    private const long ParallelClearEntries = 1 << 20;

    /// <summary>
    /// Factors <paramref name="matrix"/> (row-major n × n; only the lower triangle is read) in place:
    /// on return it holds L, lower triangular with a positive diagonal, and its strict upper triangle is zero.
    /// </summary>
    /// <param name="matrix">A, overwritten by L.</param>
    /// <param name="n">The order n.</param>
    /// <exception cref="MatrixNotPositiveDefiniteException">A pivot is not positive (the message names it and suggests a larger diagReg).</exception>
    /// <exception cref="ArgumentException">The matrix does not hold n × n values.</exception>
    public static void Factor(Span<double> matrix, int n) => Factor(matrix, n, WorkProgress.None);

    /// <summary><see cref="Factor(Span{double}, int)"/>, cancellable, with progress (n³/3 flops: minutes for n in the tens of thousands).</summary>
    /// <param name="matrix">A, overwritten by L (partly, if cancelled).</param>
    /// <param name="n">The order n.</param>
    /// <param name="progress">Told the fraction of the flops done (0..1), at most once per percent; or null.</param>
    /// <param name="cancellationToken">Checked between diagonal blocks.</param>
    /// <exception cref="MatrixNotPositiveDefiniteException">A pivot is not positive (the message names it and suggests a larger diagReg).</exception>
    /// <exception cref="ArgumentException">The matrix does not hold n × n values.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static void Factor(Span<double> matrix, int n, IProgress<double>? progress, CancellationToken cancellationToken) =>
        Factor(matrix, n, new WorkProgress(progress, cancellationToken));

    internal static void Factor(Span<double> matrix, int n, WorkProgress work) => FactorAt(SimdWidth.Current, matrix, n, work);

    /// <summary><see cref="Factor(Span{double}, int)"/> at an explicit vector width (the tests check every width in one process).</summary>
    internal static void FactorAt(VectorWidth width, Span<double> matrix, int n) => FactorAt(width, matrix, n, WorkProgress.None);

    private static void FactorAt(VectorWidth width, Span<double> matrix, int n, WorkProgress work)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        Guard.Length(matrix, (long)n * n, nameof(matrix), $"{n} × {n}, row-major");
        fixed (double* a = matrix)
        {
            switch (width)
            {
                case VectorWidth.Vector512: FactorRecursive<Simd512<double>>(a, n, n, 0, work, n); break;
                case VectorWidth.Vector256: FactorRecursive<Simd256<double>>(a, n, n, 0, work, n); break;
                case VectorWidth.Vector128: FactorRecursive<Simd128<double>>(a, n, n, 0, work, n); break;
                default: FactorRecursive<SimdScalar<double>>(a, n, n, 0, work, n); break;
            }

            // The strict upper triangle is half the matrix's memory: cleared on one core, the other idled through a
            // visible part of the factorisation.
            double* start = a;
            void ClearAboveDiagonal(int i) => new Span<double>(start + (long)i * n + i + 1, n - i - 1).Clear();
            if ((long)n * n > ParallelClearEntries && Environment.ProcessorCount > 1)
            {
                Parallel.For(0, n, ClearAboveDiagonal);
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    ClearAboveDiagonal(i);
                }
            }
        }
    }

    /// <summary>Solves A X = B with A = LLᵀ factored by <see cref="Factor(Span{double}, int)"/>; B (n × columns, row-major) is overwritten by X.</summary>
    /// <param name="factor">L from <see cref="Factor(Span{double}, int)"/>.</param>
    /// <param name="n">The order n.</param>
    /// <param name="rightHandSides">B, row-major n × <paramref name="columns"/>; overwritten by X.</param>
    /// <param name="columns">The number of right-hand sides.</param>
    /// <exception cref="ArgumentException">A span is too short for n (and columns).</exception>
    public static void Solve(ReadOnlySpan<double> factor, int n, Span<double> rightHandSides, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        Guard.Length(factor, (long)n * n, nameof(factor), $"{n} × {n}, row-major");
        Guard.Length(rightHandSides, (long)n * columns, nameof(rightHandSides), $"{n} rows × {columns} right-hand sides");
        var x = new double[n];
        for (int c = 0; c < columns; c++)
        {
            for (int i = 0; i < n; i++)
            {
                x[i] = rightHandSides[i * columns + c];
            }

            SolveVector(factor, n, x);
            for (int i = 0; i < n; i++)
            {
                rightHandSides[i * columns + c] = x[i];
            }
        }
    }

    /// <summary>Solves LLᵀx = b in place for one vector.</summary>
    /// <param name="factor">L from <see cref="Factor(Span{double}, int)"/>.</param>
    /// <param name="n">The order n.</param>
    /// <param name="vector">b, overwritten by x.</param>
    /// <exception cref="ArgumentException">A span is too short for n.</exception>
    public static void SolveVector(ReadOnlySpan<double> factor, int n, Span<double> vector)
    {
        Guard.Length(factor, (long)n * n, nameof(factor), $"{n} × {n}, row-major");
        Guard.Length(vector, n, nameof(vector), "the order of the matrix");

        // L y = b: row dot products.
        for (int i = 0; i < n; i++)
        {
            vector[i] = (vector[i] - Dot(factor.Slice(i * n, i), vector[..i])) / factor[i * n + i];
        }

        // Lᵀ x = y: x_i = y_i / L_ii, then y[0..i) −= x_i·L[i, 0..i) (row i of L, contiguous).
        for (int i = n - 1; i >= 0; i--)
        {
            double xi = vector[i] / factor[i * n + i];
            vector[i] = xi;
            Axpy(-xi, factor.Slice(i * n, i), vector[..i]);
        }
    }

    /// <summary>log det A = 2 Σ log L_ii, from the factor.</summary>
    /// <param name="factor">L from <see cref="Factor(Span{double}, int)"/>.</param>
    /// <param name="n">The order n.</param>
    /// <returns>log det A.</returns>
    /// <exception cref="ArgumentException">The factor is too short for n.</exception>
    public static double LogDeterminant(ReadOnlySpan<double> factor, int n)
    {
        Guard.Length(factor, (long)n * n, nameof(factor), $"{n} × {n}, row-major");
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += Math.Log(factor[i * n + i]);
        }

        return 2 * sum;
    }

    private static void FactorRecursive<V>(double* a, int n, long ld, int offset, WorkProgress work, int total)
        where V : unmanaged, ISimd<V, double>
    {
        if (n <= LeafSize)
        {
            work.ThrowIfCancelled();
            FactorLeaf<V>(a, n, ld, offset);

            // Columns 0 … offset + n are final; what remains is the trailing (total − offset − n)³ cube of the flops.
            double left = (double)(total - offset - n) / total;
            work.Report(1 - (left * left * left));
            return;
        }

        int n1 = Split<V>(n);
        int m = n - n1;
        double* a21 = a + n1 * ld;
        double* a22 = a21 + n1;
        FactorRecursive<V>(a, n1, ld, offset, work, total);
        Trsm<V>(a21, m, n1, a, ld);
        BlockedGemm<V>.SubtractABt(a21, ld, a21, ld, a22, ld, m, m, n1, lowerOnly: true);
        FactorRecursive<V>(a22, m, ld, offset + n1, work, total);
    }

    /// <summary>About half of n, a multiple of the least common multiple of the tile's rows and columns (whole tiles).</summary>
    internal static int Split<V>(int n)
        where V : unmanaged, ISimd<V, double>
    {
        int rows = PackedGemm<V>.MR, columns = PackedGemm<V>.NR, tiles = rows;
        while (tiles % columns != 0)
        {
            tiles += rows;
        }

        return Math.Max(tiles, n / (2 * tiles) * tiles);
    }

    /// <summary>Unblocked, row-oriented Cholesky of a small diagonal block.</summary>
    private static void FactorLeaf<V>(double* a, int n, long ld, int offset)
        where V : unmanaged, ISimd<V, double>
    {
        for (int j = 0; j < n; j++)
        {
            double* rowJ = a + j * ld;
            double pivot = rowJ[j] - Dot<V>(new ReadOnlySpan<double>(rowJ, j), new ReadOnlySpan<double>(rowJ, j));
            if (!(pivot > 0))
            {
                throw new MatrixNotPositiveDefiniteException(offset + j, pivot);
            }

            double diagonal = Math.Sqrt(pivot);
            rowJ[j] = diagonal;
            for (int i = j + 1; i < n; i++)
            {
                double* rowI = a + i * ld;
                rowI[j] = (rowI[j] - Dot<V>(new ReadOnlySpan<double>(rowI, j), new ReadOnlySpan<double>(rowJ, j))) / diagonal;
            }
        }
    }

    /// <summary>Solves X Lᵀ = B in place (B: m × k at <paramref name="b"/>, L: k × k lower at <paramref name="l"/>).</summary>
    internal static void Trsm<V>(double* b, int m, int k, double* l, long ld)
        where V : unmanaged, ISimd<V, double>
    {
        if (k <= TrsmLeaf)
        {
            TrsmLeafSolve<V>(b, m, k, l, ld);
            return;
        }

        int k1 = Split<V>(k);
        Trsm<V>(b, m, k1, l, ld);
        BlockedGemm<V>.SubtractABt(b, ld, l + k1 * ld, ld, b + k1, ld, m, k - k1, k1, lowerOnly: false);
        Trsm<V>(b + k1, m, k - k1, l + k1 * ld + k1, ld);
    }

    /// <summary>
    /// Forward substitution for a narrow X Lᵀ = B, vectorised across rows: each chunk of eight vectors of rows is
    /// transposed so that a column of B is contiguous, solved in blocks of the register tile's rows of columns, and
    /// transposed back. A block's columns first take every finished column before the block in one register tile
    /// per two vectors of rows (L's rows broadcast, the chunk's finished columns loaded), then the block's own
    /// triangle column by column, each scaled by the reciprocal of its diagonal entry.
    /// </summary>
    /// <remarks>
    /// Column j takes the finished columns i &lt; j in increasing i, one multiply-add each, then the scaling — in the
    /// tile for the columns before its block, then in the triangle — so the roundings are those of the column-by-column
    /// update. The tile keeps enough independent sums in flight to hide the multiply-add latency (one column's eight
    /// vectors alone did not) and loads each finished column once for all its columns. The chunk holds −B: the tile
    /// adds L_ji·x_i, and fma(L_ji, x_i, −b) is exactly −fma(−L_ji, x_i, b) (rounding to nearest is symmetric), the
    /// sign coming back with the scaling by −1/L_jj. A product with 1/L_jj instead of a division by it (one scalar
    /// division per column and chunk instead of eight vector divisions, which share one slow unit on x64): it may
    /// differ from the quotient in the last bit, the same for every row, chunk and thread count.
    /// </remarks>
    internal static void TrsmLeafSolve<V>(double* b, int m, int k, double* l, long ld)
        where V : unmanaged, ISimd<V, double>
    {
        int chunk = 8 * V.Count;
        int chunks = (m + chunk - 1) / chunk;
        if (chunks > 1 && (long)m * k * k > 200_000)
        {
            Parallel.For(0, chunks, ch => SolveChunk(ch));
        }
        else
        {
            for (int ch = 0; ch < chunks; ch++)
            {
                SolveChunk(ch);
            }
        }

        [SkipLocalsInit] // every value of the chunk is written (rows past m as zeros) before it is read
        void SolveChunk(int ch)
        {
            int n = V.Count, chunk = 8 * n; // a constant here, not a read of the closure's field
            int mr = RegisterTile<V, double>.Rows, nr = RegisterTile<V, double>.Columns;
            int r0 = ch * chunk, rows = Math.Min(chunk, m - r0);

            // 8 vectors of at most 8 doubles per column (≈ 100 KiB at Vector512, far inside a thread's stack), and room
            // for the tile's rows past k when mr does not divide k (written back, never read into a result).
            double* t = stackalloc double[(TrsmLeaf + 8) * 8 * 8];
            TransposedCopy.Copy<V>(b + r0 * ld, (nint)ld, t, chunk, rows, k);

            for (int r = rows; r < chunk; r++)
            {
                for (int j = 0; j < k; j++)
                {
                    t[j * chunk + r] = 0;
                }
            }

            for (double* p = t, end = t + k * chunk; p < end; p += n)
            {
                V.Store(-V.Load(p), p);
            }

            for (int j0 = 0; j0 < k; j0 += mr)
            {
                int columns = Math.Min(mr, k - j0);
                if (j0 > 0)
                {
                    for (int r = 0; r < chunk; r += nr)
                    {
                        RegisterTile<V, double>.Multiply<ScalarA>(l + j0 * ld, (nint)ld, columns, 1, t + r, chunk, j0, t + j0 * chunk + r, chunk, accumulate: true);
                    }
                }

                for (int j = j0; j < j0 + columns; j++)
                {
                    double* lj = l + j * ld, tj = t + j * chunk;
                    V x0 = V.Load(tj), x1 = V.Load(tj + n), x2 = V.Load(tj + 2 * n), x3 = V.Load(tj + 3 * n);
                    V x4 = V.Load(tj + 4 * n), x5 = V.Load(tj + 5 * n), x6 = V.Load(tj + 6 * n), x7 = V.Load(tj + 7 * n);
                    for (int i = j0; i < j; i++)
                    {
                        V f = V.Create(lj[i]);
                        double* ti = t + i * chunk;
                        V.MultiplyAddTo(ref x0, f, V.Load(ti));
                        V.MultiplyAddTo(ref x1, f, V.Load(ti + n));
                        V.MultiplyAddTo(ref x2, f, V.Load(ti + 2 * n));
                        V.MultiplyAddTo(ref x3, f, V.Load(ti + 3 * n));
                        V.MultiplyAddTo(ref x4, f, V.Load(ti + 4 * n));
                        V.MultiplyAddTo(ref x5, f, V.Load(ti + 5 * n));
                        V.MultiplyAddTo(ref x6, f, V.Load(ti + 6 * n));
                        V.MultiplyAddTo(ref x7, f, V.Load(ti + 7 * n));
                    }

                    V inverse = V.Create(-1.0 / lj[j]);
                    V.Store(x0 * inverse, tj);
                    V.Store(x1 * inverse, tj + n);
                    V.Store(x2 * inverse, tj + 2 * n);
                    V.Store(x3 * inverse, tj + 3 * n);
                    V.Store(x4 * inverse, tj + 4 * n);
                    V.Store(x5 * inverse, tj + 5 * n);
                    V.Store(x6 * inverse, tj + 6 * n);
                    V.Store(x7 * inverse, tj + 7 * n);
                }
            }

            TransposedCopy.Copy<V>(t, chunk, b + r0 * ld, (nint)ld, k, rows);
        }
    }

    /// <summary>x·y at the process's vector width.</summary>
    internal static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => SimdWidth.Current switch
    {
        VectorWidth.Vector512 => Dot<Simd512<double>>(x, y),
        VectorWidth.Vector256 => Dot<Simd256<double>>(x, y),
        VectorWidth.Vector128 => Dot<Simd128<double>>(x, y),
        _ => Dot<SimdScalar<double>>(x, y),
    };

    /// <summary>y += alpha·x at the process's vector width.</summary>
    internal static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        switch (SimdWidth.Current)
        {
            case VectorWidth.Vector512: Axpy<Simd512<double>>(alpha, x, y); break;
            case VectorWidth.Vector256: Axpy<Simd256<double>>(alpha, x, y); break;
            case VectorWidth.Vector128: Axpy<Simd128<double>>(alpha, x, y); break;
            default: Axpy<SimdScalar<double>>(alpha, x, y); break;
        }
    }

    /// <summary>x·y with two vector accumulators, then the remainder in order.</summary>
    internal static double Dot<V>(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
        where V : unmanaged, ISimd<V, double>
    {
        int n = x.Length, i = 0, c = V.Count;
        fixed (double* px = x, py = y)
        {
            V s0 = V.Zero, s1 = V.Zero;
            for (; i + 2 * c <= n; i += 2 * c)
            {
                V.MultiplyAddTo(ref s0, V.Load(px + i), V.Load(py + i));
                V.MultiplyAddTo(ref s1, V.Load(px + i + c), V.Load(py + i + c));
            }

            double sum = V.Sum(s0 + s1);
            for (; i < n; i++)
            {
                sum = SimdMath.MultiplyAdd<V>(px[i], py[i], sum);
            }

            return sum;
        }
    }

    /// <summary>y += alpha·x, element-wise (the same bits at every width).</summary>
    internal static void Axpy<V>(double alpha, ReadOnlySpan<double> x, Span<double> y)
        where V : unmanaged, ISimd<V, double>
    {
        int n = x.Length, i = 0;
        fixed (double* px = x, py = y)
        {
            V va = V.Create(alpha);
            for (; i + V.Count <= n; i += V.Count)
            {
                V.Store(V.MultiplyAdd(va, V.Load(px + i), V.Load(py + i)), py + i);
            }

            for (; i < n; i++)
            {
                py[i] = SimdMath.MultiplyAdd<V>(alpha, px[i], py[i]);
            }
        }
    }
}
