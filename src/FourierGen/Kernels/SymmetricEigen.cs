using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FourierGen.Kernels;

/// <summary>
/// Eigendecomposition of a real symmetric matrix: Householder tridiagonalisation (row-parallel,
/// vectorised), then the implicit QL algorithm with Wilkinson shifts (EISPACK tql2). The plane
/// rotations of QL are recorded and applied to the eigenvector rows in batches, in column strips
/// split across cores.
/// </summary>
public static unsafe class SymmetricEigen
{
    private const int RotationBatch = 4096;
    private const int Strip = 64;

    /// <summary>
    /// The eigenvalues (descending) and eigenvectors of the symmetric matrix A (row-major n × n; the
    /// lower triangle is read). Row k of <paramref name="eigenvectors"/> (row-major n × n) is the unit
    /// eigenvector of <c>eigenvalues[k]</c>: A = Σₖ λₖ vₖvₖᵀ.
    /// </summary>
    /// <param name="matrix">A, row-major.</param>
    /// <param name="n">The order n.</param>
    /// <param name="eigenvalues">λ, length n, in descending order.</param>
    /// <param name="eigenvectors">Vᵀ, row-major n × n (one eigenvector per row).</param>
    public static void Decompose(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues, Span<double> eigenvectors)
    {
        Guard.Length(eigenvectors, checked(n * n), nameof(eigenvectors), $"{n} × {n}, one eigenvector per row");
        Run(matrix, n, eigenvalues, eigenvectors, vectors: true);
    }

    /// <summary>The eigenvalues (descending) of the symmetric matrix A (row-major n × n; the lower triangle is read).</summary>
    /// <param name="matrix">A, row-major.</param>
    /// <param name="n">The order n.</param>
    /// <param name="eigenvalues">λ, length n, in descending order.</param>
    public static void Eigenvalues(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues)
    {
        Run(matrix, n, eigenvalues, default, vectors: false);
    }

    private static void Run(ReadOnlySpan<double> matrix, int n, Span<double> eigenvalues, Span<double> eigenvectors, bool vectors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        Guard.Length(matrix, checked(n * n), nameof(matrix), $"{n} × {n}, row-major");
        Guard.Length(eigenvalues, n, nameof(eigenvalues), "one per row of the matrix");
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
            Tridiagonalize(pw, n, d, e, tau);
            if (vectors)
            {
                fixed (double* y = eigenvectors)
                {
                    FormQTranspose(pw, n, tau, y);
                    TridiagonalQl(d, e, y, n);
                    SortDescending(d, y, n);
                }
            }
            else
            {
                TridiagonalQl(d, e, null, n);
                Array.Sort(d);
                Array.Reverse(d);
            }
        }

        d.CopyTo(eigenvalues);
    }

    /// <summary>
    /// Reduces the full symmetric <paramref name="a"/> to tridiagonal T = QᵀAQ, Q = H₀⋯H_{n−3},
    /// Hₖ = I − τₖvₖvₖᵀ: d = diag T, e[k] = T[k, k+1]; vₖ (vₖ[0] = 1) is left in row k of
    /// <paramref name="a"/> at columns k+1.., τₖ in <paramref name="tau"/>.
    /// </summary>
    private static void Tridiagonalize(double* a, int n, double[] d, double[] e, double[] tau)
    {
        double[] p = GC.AllocateUninitializedArray<double>(n, pinned: true);
        double[] wv = GC.AllocateUninitializedArray<double>(n, pinned: true);
        for (int k = 0; k < n - 2; k++)
        {
            int m = n - k - 1;
            double* x = a + (long)k * n + k + 1; // row k right of the diagonal = column k below it
            d[k] = a[(long)k * n + k];
            double tailNorm2 = 0;
            for (int i = 1; i < m; i++)
            {
                tailNorm2 = Math.FusedMultiplyAdd(x[i], x[i], tailNorm2);
            }

            double alpha = x[0];
            if (tailNorm2 == 0)
            {
                tau[k] = 0;
                e[k] = alpha;
                continue;
            }

            double beta = -Math.CopySign(Math.Sqrt(Math.FusedMultiplyAdd(alpha, alpha, tailNorm2)), alpha);
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
                pwv[i] = Math.FusedMultiplyAdd(-kk, x[i], pp[i]);
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
        ref double r = ref MemoryMarshal.GetReference(row);
        ref double pw = ref MemoryMarshal.GetReference(w);
        ref double pv = ref MemoryMarshal.GetReference(v);
        var a = Vector256.Create(-vi);
        var b = Vector256.Create(-wi);
        int n = row.Length, j = 0;
        for (; j <= n - 4; j += 4)
        {
            Vector256<double> x = Vector256.LoadUnsafe(ref r, (nuint)j);
            x = Vector256.FusedMultiplyAdd(a, Vector256.LoadUnsafe(ref pw, (nuint)j), x);
            x = Vector256.FusedMultiplyAdd(b, Vector256.LoadUnsafe(ref pv, (nuint)j), x);
            x.StoreUnsafe(ref r, (nuint)j);
        }

        for (; j < n; j++)
        {
            row[j] = Math.FusedMultiplyAdd(-wi, v[j], Math.FusedMultiplyAdd(-vi, w[j], row[j]));
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
    private static void TridiagonalQl(double[] d, double[] e, double* y, int n)
    {
        var rotations = new List<(int Index, double C, double S)>(y == null ? 0 : RotationBatch + n);
        double f = 0, tst1 = 0;
        const double Eps = 2.220446049250313e-16;
        for (int l = 0; l < n; l++)
        {
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
                            rotations.Add((i, c, s));
                        }
                    }

                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                    if (rotations.Count >= RotationBatch)
                    {
                        ApplyRotations(rotations, y, n);
                    }
                }
                while (Math.Abs(e[l]) > Eps * tst1);
            }

            d[l] += f;
            e[l] = 0;
        }

        if (y != null)
        {
            ApplyRotations(rotations, y, n);
        }
    }

    /// <summary>Applies the recorded rotations in order, each strip of columns of Y on its own core.</summary>
    private static void ApplyRotations(List<(int Index, double C, double S)> rotations, double* y, int n)
    {
        if (rotations.Count == 0)
        {
            return;
        }

        (int Index, double C, double S)[] list = rotations.ToArray();
        rotations.Clear();
        int strips = (n + Strip - 1) / Strip;
        ForRows(strips, (long)list.Length * n * 6, strip =>
        {
            int j0 = strip * Strip, width = Math.Min(Strip, n - j0);
            foreach ((int i, double c, double s) in list)
            {
                double* yi = y + (long)i * n + j0;
                double* yi1 = yi + n;
                var vc = Vector256.Create(c);
                var vs = Vector256.Create(s);
                int q = 0;
                for (; q <= width - 4; q += 4)
                {
                    Vector256<double> a = Vector256.Load(yi + q);
                    Vector256<double> h = Vector256.Load(yi1 + q);
                    Vector256.Store(Vector256.FusedMultiplyAdd(vs, a, vc * h), yi1 + q);
                    Vector256.Store(Vector256.FusedMultiplyAdd(vc, a, -(vs * h)), yi + q);
                }

                for (; q < width; q++)
                {
                    double a = yi[q], h = yi1[q];
                    yi1[q] = Math.FusedMultiplyAdd(s, a, c * h);
                    yi[q] = Math.FusedMultiplyAdd(c, a, -(s * h));
                }
            }
        });
    }

    private static void SortDescending(double[] d, double* y, int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var keys = (double[])d.Clone();
        Array.Sort(keys, order);
        Array.Reverse(order);
        var copy = new double[(long)n * n];
        new ReadOnlySpan<double>(y, n * n).CopyTo(copy);
        for (int k = 0; k < n; k++)
        {
            d[k] = keys[n - 1 - k];
            copy.AsSpan(order[k] * n, n).CopyTo(new Span<double>(y + (long)k * n, n));
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
        return a * Math.Sqrt(Math.FusedMultiplyAdd(r, r, 1));
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
