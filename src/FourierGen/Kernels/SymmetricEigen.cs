using System.Runtime.CompilerServices;
using FourierGen.Numerics;

namespace FourierGen.Kernels;

/// <summary>
/// Eigendecomposition of a real symmetric matrix: Householder tridiagonalisation (row-parallel,
/// vectorised), then the implicit QL algorithm with Wilkinson shifts (EISPACK tql2). The plane
/// rotations of QL are recorded and applied to the eigenvector rows in batches, in column blocks of four
/// vectors split across cores. The vector loops run at the process's vector width.
/// </summary>
public static unsafe class SymmetricEigen
{
    private const int RotationBatch = 16384;

    /// <summary>Columns per block of the eigenvector layout: four vectors of the process's width (16 doubles for Vector256).</summary>
    private static readonly int Block = 4 * SimdWidth.Current switch
    {
        VectorWidth.Vector512 => Simd512<double>.Count,
        VectorWidth.Vector256 => Simd256<double>.Count,
        VectorWidth.Vector128 => Simd128<double>.Count,
        _ => 1,
    };

    /// <summary>
    /// The eigenvalues (descending) and eigenvectors of the symmetric matrix A (row-major n × n; the
    /// lower triangle is read). Row k of <paramref name="eigenvectors"/> (row-major n × n) is the unit
    /// eigenvector of <c>eigenvalues[k]</c>: A = Σₖ λₖ vₖvₖᵀ.
    /// </summary>
    /// <param name="matrix">A, row-major.</param>
    /// <param name="n">The order n.</param>
    /// <param name="eigenvalues">λ, length n, in descending order.</param>
    /// <param name="eigenvectors">Vᵀ, row-major n × n (one eigenvector per row).</param>
    /// <exception cref="ArgumentException">A span is too short for n, or the matrix holds NaN or ∞.</exception>
    public static void Decompose(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues, Span<double> eigenvectors) =>
        Decompose(matrix, n, eigenvalues, eigenvectors, null, default);

    /// <summary><see cref="Decompose(ReadOnlySpan{double}, int, Span{double}, Span{double})"/>, cancellable, with progress (O(n³)).</summary>
    /// <param name="matrix">A, row-major.</param>
    /// <param name="n">The order n.</param>
    /// <param name="eigenvalues">At least n values: receives λ in descending order.</param>
    /// <param name="eigenvectors">At least n × n values: receives Vᵀ, row-major (one eigenvector per row).</param>
    /// <param name="progress">Told the fraction done (0..1, by columns of each stage), at most once per percent; or null.</param>
    /// <param name="cancellationToken">Checked between columns.</param>
    /// <exception cref="ArgumentException">A span is too short for n, or the matrix holds NaN or ∞.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static void Decompose(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues, Span<double> eigenvectors, IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        Guard.AtLeast(eigenvectors, (long)n * n, nameof(eigenvectors), $"{n} × {n}, one eigenvector per row");
        Run(matrix, n, eigenvalues, eigenvectors.Slice(0, n * n), vectors: true, new WorkProgress(progress, cancellationToken));
    }

    /// <summary>The eigenvalues (descending) of the symmetric matrix A (row-major n × n; the lower triangle is read).</summary>
    /// <param name="matrix">A, row-major.</param>
    /// <param name="n">The order n.</param>
    /// <param name="eigenvalues">λ, length n, in descending order.</param>
    /// <exception cref="ArgumentException">A span is too short for n, or the matrix holds NaN or ∞.</exception>
    public static void Eigenvalues(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues) => Eigenvalues(matrix, n, eigenvalues, null, default);

    /// <summary><see cref="Eigenvalues(ReadOnlySpan{double}, int, Span{double})"/>, cancellable, with progress (O(n³)).</summary>
    /// <param name="matrix">A, row-major.</param>
    /// <param name="n">The order n.</param>
    /// <param name="eigenvalues">At least n values: receives λ in descending order.</param>
    /// <param name="progress">Told the fraction done (0..1), at most once per percent; or null.</param>
    /// <param name="cancellationToken">Checked between columns.</param>
    /// <exception cref="ArgumentException">A span is too short for n, or the matrix holds NaN or ∞.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static void Eigenvalues(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues, IProgress<double>? progress, CancellationToken cancellationToken) =>
        Run(matrix, n, eigenvalues, default, vectors: false, new WorkProgress(progress, cancellationToken));

    private static void Run(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues, Span<double> eigenvectors, bool vectors, WorkProgress work)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        Guard.Length(matrix, (long)n * n, nameof(matrix), $"{n} × {n}, row-major");
        Guard.AtLeast(eigenvalues, n, nameof(eigenvalues), "one per row of the matrix");
        AnalyticKernel.CheckFinite(matrix, nameof(matrix));
        if (n == 0)
        {
            return;
        }

        var w = GC.AllocateUninitializedArray<double>(n * n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                w[i * n + j] = w[j * n + i] = matrix[i * n + j];
            }
        }

        var d = new double[n];
        var e = new double[n];
        var tau = new double[n];
        fixed (double* pw = w)
        {
            // Progress by stage: the tridiagonalisation (4n³/3 flops) then, with vectors, forming Q and rotating it.
            Tridiagonalize(pw, n, d, e, tau, work.Stage(0, vectors ? 0.4 : 0.9));
            if (vectors)
            {
                fixed (double* y = eigenvectors)
                {
                    work.ThrowIfCancelled();
                    FormQTranspose(pw, n, tau, y);
                    work.Report(0.6);

                    // QL rotates pairs of rows of Y. In row-major storage with a power-of-two n the rows of a
                    // column block alias in the caches, so Y is kept in blocks of Block columns (row stride Block).
                    int blocks = (n + Block - 1) / Block;
                    double* yb = PackedGemm.Alloc((long)blocks * n * Block);
                    try
                    {
                        for (int i = 0; i < n; i++)
                        {
                            for (int j = 0; j < blocks * Block; j++)
                            {
                                yb[((long)(j / Block) * n + i) * Block + j % Block] = j < n ? y[(long)i * n + j] : 0;
                            }
                        }

                        TridiagonalQl(d, e, yb, n, work.Stage(0.6, 0.4));
                        SortDescending(d, yb, y, n);
                    }
                    finally
                    {
                        PackedGemm.Free(yb);
                    }
                }
            }
            else
            {
                TridiagonalQl(d, e, null, n, work.Stage(0.9, 0.1));
                Array.Sort(d);
                Array.Reverse(d);
            }
        }

        d.CopyTo(eigenvalues);
        work.Report(1);
    }

    /// <summary>
    /// Reduces the full symmetric <paramref name="a"/> to tridiagonal T = QᵀAQ, Q = H₀⋯H_{n−3},
    /// Hₖ = I − τₖvₖvₖᵀ: d = diag T, e[k] = T[k, k+1]; vₖ (vₖ[0] = 1) is left in row k of
    /// <paramref name="a"/> at columns k+1.., τₖ in <paramref name="tau"/>.
    /// </summary>
    private static void Tridiagonalize(double* a, int n, double[] d, double[] e, double[] tau, WorkProgress work)
    {
        double[] p = GC.AllocateUninitializedArray<double>(n, pinned: true);
        double[] wv = GC.AllocateUninitializedArray<double>(n, pinned: true);
        for (int k = 0; k < n - 2; k++)
        {
            // Column k costs ∝ (n − k)²: after it, the work left is ∝ (n − k − 1)³.
            work.ThrowIfCancelled();
            double left = (double)(n - k - 1) / n;
            work.Report(1 - (left * left * left));
            int m = n - k - 1;
            double* x = a + (long)k * n + k + 1; // row k right of the diagonal = column k below it
            d[k] = a[(long)k * n + k];
            double tailNorm2 = 0;
            for (int i = 1; i < m; i++)
            {
                tailNorm2 = SimdMath.MultiplyAdd(x[i], x[i], tailNorm2);
            }

            double alpha = x[0];
            if (tailNorm2 == 0)
            {
                tau[k] = 0;
                e[k] = alpha;
                continue;
            }

            double beta = -Math.CopySign(Math.Sqrt(SimdMath.MultiplyAdd(alpha, alpha, tailNorm2)), alpha);
            tau[k] = (beta - alpha) / beta;
            double scale = 1 / (alpha - beta);
            x[0] = 1;
            for (int i = 1; i < m; i++)
            {
                x[i] *= scale;
            }

            e[k] = beta;
            double t = tau[k];
            double* s = a + (long)(k + 1) * n + k + 1; // trailing m × m block, row stride n
            var v = new ReadOnlySpan<double>(x, m);

            // p = τ S v, then w = p − (τ/2)(pᵀv) v, then S −= v wᵀ + w vᵀ.
            double* pp = (double*)Unsafe.AsPointer(ref p[0]); // pinned arrays
            double* pwv = (double*)Unsafe.AsPointer(ref wv[0]);
            double* px = x;
            ForRows(m, 2L * m * m, i => pp[i] = t * Cholesky.Dot(new ReadOnlySpan<double>(s + (long)i * n, m), new ReadOnlySpan<double>(px, m)));
            double kk = 0.5 * t * Cholesky.Dot(new ReadOnlySpan<double>(pp, m), v);
            for (int i = 0; i < m; i++)
            {
                pwv[i] = SimdMath.MultiplyAdd(-kk, x[i], pp[i]);
            }

            ForRows(m, 4L * m * m, i => Rank2Row(new Span<double>(s + (long)i * n, m), px[i], pwv[i],
                new ReadOnlySpan<double>(pwv, m), new ReadOnlySpan<double>(px, m)));
        }

        if (n >= 2)
        {
            d[n - 2] = a[(long)(n - 2) * n + n - 2];
            e[n - 2] = a[(long)(n - 2) * n + n - 1];
        }

        d[n - 1] = a[(long)(n - 1) * n + n - 1];
        e[n - 1] = 0;
    }

    /// <summary>row −= vᵢ·w + wᵢ·v.</summary>
    private static void Rank2Row(Span<double> row, double vi, double wi, ReadOnlySpan<double> w, ReadOnlySpan<double> v)
    {
        switch (SimdWidth.Current)
        {
            case VectorWidth.Vector512: Rank2Row<Simd512<double>>(row, vi, wi, w, v); break;
            case VectorWidth.Vector256: Rank2Row<Simd256<double>>(row, vi, wi, w, v); break;
            case VectorWidth.Vector128: Rank2Row<Simd128<double>>(row, vi, wi, w, v); break;
            default: Rank2Row<SimdScalar<double>>(row, vi, wi, w, v); break;
        }
    }

    private static void Rank2Row<V>(Span<double> row, double vi, double wi, ReadOnlySpan<double> w, ReadOnlySpan<double> v)
        where V : unmanaged, ISimd<V, double>
    {
        fixed (double* r = row, pw = w, pv = v)
        {
            V a = V.Create(-vi), b = V.Create(-wi);
            int n = row.Length, j = 0;
            for (; j + V.Count <= n; j += V.Count)
            {
                V x = V.MultiplyAdd(a, V.Load(pw + j), V.Load(r + j));
                V.Store(V.MultiplyAdd(b, V.Load(pv + j), x), r + j);
            }

            for (; j < n; j++)
            {
                r[j] = SimdMath.MultiplyAdd<V>(-wi, pv[j], SimdMath.MultiplyAdd<V>(-vi, pw[j], r[j]));
            }
        }
    }

    /// <summary>Y = Qᵀ = H_{n−3}⋯H₀, built as Y ← Y·Hₖ for k descending (rows of Y are contiguous).</summary>
    private static void FormQTranspose(double* a, int n, double[] tau, double* y)
    {
        new Span<double>(y, n * n).Clear();
        for (int i = 0; i < n; i++)
        {
            y[(long)i * n + i] = 1;
        }

        for (int k = n - 3; k >= 0; k--)
        {
            double t = tau[k];
            if (t == 0)
            {
                continue;
            }

            int m = n - k - 1;
            double* v = a + (long)k * n + k + 1; // v[0] = 1 was stored there
            ForRows(m, 4L * m * m, r =>
            {
                var row = new Span<double>(y + (long)(k + 1 + r) * n + k + 1, m);
                var vv = new ReadOnlySpan<double>(v, m);
                double dot = Cholesky.Dot(row, vv);
                Cholesky.Axpy(-t * dot, vv, row);
            });
        }
    }

    /// <summary>
    /// EISPACK tql2 on d (diagonal) and e (e[i] = T[i, i+1], e[n−1] = 0): eigenvalues into d; each plane
    /// rotation is applied to rows i, i+1 of <paramref name="y"/> (when not null).
    /// </summary>
    private static void TridiagonalQl(double[] d, double[] e, double* y, int n, WorkProgress work)
    {
        var sweeps = new SweepList(y == null ? 0 : RotationBatch + n);
        double f = 0, tst1 = 0;
        const double Eps = 2.220446049250313e-16;
        for (int l = 0; l < n; l++)
        {
            work.ThrowIfCancelled();
            work.Report((double)l / n);
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n)
            {
                if (Math.Abs(e[m]) <= Eps * tst1)
                {
                    break;
                }

                m++;
            }

            if (m > l)
            {
                int iterations = 0;
                do
                {
                    if (++iterations > 60)
                    {
                        throw new ArithmeticException($"The QL iteration did not converge for eigenvalue {l} after 60 iterations.");
                    }

                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.CopySign(Hypot(p, 1), p);
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++)
                    {
                        d[i] -= h;
                    }

                    f += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
                    double el1 = e[l + 1];
                    if (y != null)
                    {
                        sweeps.Begin(m - 1);
                    }

                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        if (y != null)
                        {
                            sweeps.Add(c, s);
                        }
                    }

                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                    if (sweeps.RotationCount >= RotationBatch)
                    {
                        ApplyRotations(sweeps, y, n);
                    }
                }
                while (Math.Abs(e[l]) > Eps * tst1);
            }

            d[l] += f;
            e[l] = 0;
        }

        if (y != null)
        {
            ApplyRotations(sweeps, y, n);
        }
    }

    /// <summary>
    /// The rotations of QL sweeps, in order: sweep k rotates rows (i, i + 1) for i = top, top − 1, …
    /// with (c, s) pairs stored consecutively.
    /// </summary>
    private sealed class SweepList(int capacity)
    {
        public readonly List<double> Pairs = new(2 * capacity);
        public readonly List<(int Top, int Count, int Offset)> Sweeps = [];

        public int RotationCount => Pairs.Count / 2;

        public void Begin(int top) => Sweeps.Add((top, 0, Pairs.Count));

        public void Add(double c, double s)
        {
            Pairs.Add(c);
            Pairs.Add(s);
            (int top, int count, int offset) = Sweeps[^1];
            Sweeps[^1] = (top, count + 1, offset);
        }

        public void Clear()
        {
            Pairs.Clear();
            Sweeps.Clear();
        }
    }

    /// <summary>
    /// Applies the recorded sweeps in order to the rows of Y, one column block at a time (each block on some
    /// core): within a sweep the row shared by consecutive rotations stays in registers, so each row is loaded
    /// and stored once per sweep, and the block's four independent column vectors hide the multiply-add latency
    /// of that carried row.
    /// </summary>
    private static void ApplyRotations(SweepList sweeps, double* yb, int n)
    {
        if (sweeps.RotationCount == 0)
        {
            return;
        }

        double[] pairs = sweeps.Pairs.ToArray();
        (int Top, int Count, int Offset)[] list = sweeps.Sweeps.ToArray();
        sweeps.Clear();
        int blocks = (n + Block - 1) / Block;
        ForRows(blocks, (long)pairs.Length * n * 3, block =>
        {
            fixed (double* cs = pairs)
            {
                double* y = yb + (long)block * n * Block;
                foreach ((int top, int count, int offset) in list)
                {
                    switch (SimdWidth.Current)
                    {
                        case VectorWidth.Vector512: SweepBlock<Simd512<double>>(y, top, count, cs + offset); break;
                        case VectorWidth.Vector256: SweepBlock<Simd256<double>>(y, top, count, cs + offset); break;
                        case VectorWidth.Vector128: SweepBlock<Simd128<double>>(y, top, count, cs + offset); break;
                        default: SweepBlock<SimdScalar<double>>(y, top, count, cs + offset); break;
                    }
                }
            }
        });
    }

    /// <summary>One sweep on a block of four vectors of columns: rows top + 1, top, …, top − count + 1.</summary>
    private static void SweepBlock<V>(double* y, int top, int count, double* cs)
        where V : unmanaged, ISimd<V, double>
    {
        int c = V.Count, n = 4 * c; // n: the row stride of the blocked layout
        double* lower = y + (top + 1) * n; // row i + 1 of the first rotation
        V h0 = V.Load(lower), h1 = V.Load(lower + c), h2 = V.Load(lower + 2 * c), h3 = V.Load(lower + 3 * c);
        for (int r = 0; r < count; r++)
        {
            double* upper = lower - n; // row i
            V cosine = V.Create(cs[2 * r]);
            V sine = V.Create(cs[2 * r + 1]);
            V a0 = V.Load(upper), a1 = V.Load(upper + c), a2 = V.Load(upper + 2 * c), a3 = V.Load(upper + 3 * c);
            V.Store(V.MultiplyAdd(sine, a0, cosine * h0), lower);
            V.Store(V.MultiplyAdd(sine, a1, cosine * h1), lower + c);
            V.Store(V.MultiplyAdd(sine, a2, cosine * h2), lower + 2 * c);
            V.Store(V.MultiplyAdd(sine, a3, cosine * h3), lower + 3 * c);
            h0 = V.MultiplyAdd(cosine, a0, -(sine * h0));
            h1 = V.MultiplyAdd(cosine, a1, -(sine * h1));
            h2 = V.MultiplyAdd(cosine, a2, -(sine * h2));
            h3 = V.MultiplyAdd(cosine, a3, -(sine * h3));
            lower = upper;
        }

        V.Store(h0, lower);
        V.Store(h1, lower + c);
        V.Store(h2, lower + 2 * c);
        V.Store(h3, lower + 3 * c);
    }

    /// <summary>Sorts λ descending and writes the eigenvector rows of the blocked Y to row-major <paramref name="y"/> in that order.</summary>
    private static void SortDescending(double[] d, double* yb, double* y, int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var keys = (double[])d.Clone();
        Array.Sort(keys, order);
        for (int k = 0; k < n; k++)
        {
            int source = order[n - 1 - k];
            d[k] = keys[n - 1 - k];
            for (int j = 0; j < n; j++)
            {
                y[(long)k * n + j] = yb[((long)(j / Block) * n + source) * Block + j % Block];
            }
        }
    }

    private static double Hypot(double a, double b)
    {
        a = Math.Abs(a);
        b = Math.Abs(b);
        if (a < b)
        {
            (a, b) = (b, a);
        }

        if (a == 0)
        {
            return 0;
        }

        double r = b / a;
        return a * Math.Sqrt(SimdMath.MultiplyAdd(r, r, 1));
    }

    /// <summary>Runs body(0..count−1), across cores when the work (in flops) is worth the hand-off.</summary>
    private static void ForRows(int count, long flops, Action<int> body)
    {
        if (flops < 200_000 || count < 2 || Environment.ProcessorCount == 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        int chunks = Math.Min(count, 4 * Environment.ProcessorCount);
        Parallel.For(0, chunks, chunk =>
        {
            int start = (int)((long)count * chunk / chunks), end = (int)((long)count * (chunk + 1) / chunks);
            for (int i = start; i < end; i++)
            {
                body(i);
            }
        });
    }
}
