using FourierGen.Kernels;
using FourierGen.Numerics;

namespace FourierGen.Benchmarks;

/// <summary>
/// <c>--kernel-breakdown</c>: where the time of <c>NtkMatrix</c> 4096² (paper net) and of Cholesky 4096 goes —
/// the feature encoding, the Gram alone, the layer recursion alone (one thread, per entry), and the Cholesky's
/// top-level pieces (the two half factorisations, the trailing update, the triangular solve and that solve's leaves).
/// Fastest and median of several calls each, no BenchmarkDotNet: for alternating runs of two builds under load.
/// </summary>
internal static unsafe class KernelBreakdown
{
    private const int N = 4096;

    public static void Run(bool ntk, bool cholesky)
    {
        var net = new PaperNet(seed: 0);
        var random = new Random(3);
        float[] points = Enumerable.Range(0, N * 2).Select(_ => random.NextSingle()).ToArray();
        var map = FourierGen.Features.FeatureMap.Random(2, PaperNet.FrequencyCount, FrequencyDistribution.Gaussian, 10f, 0, false, 0, null, net.Frequencies);
        int d = PaperNet.FeatureSize;
        LayerStep[] steps = LayerStep.Network(Parameterization.Standard, d, [256, 256, 256], Activation.Relu, 1.0, 0.0);
        var k = new double[N * N];
        Console.WriteLine($"width {SimdWidth.Current}, {Environment.ProcessorCount} threads");

        double[] features = AnalyticKernel.Encode(map, 2, points, N, d);
        if (ntk)
        {
            Ntk(net, points, map, features, steps, k);
        }

        if (cholesky)
        {
            Cholesky4096(net, points);
        }
    }

    private static void Ntk(PaperNet net, float[] points, FourierGen.Features.FeatureMap map, double[] features, LayerStep[] steps, double[] k)
    {
        int d = PaperNet.FeatureSize;
        Time("NtkMatrix 4096² (encode + Gram + recursion + mirror)", 7, () => net.NtkMatrix(points, points, k));
        Time("  encode 4096 × 512 float64 features", 7, () => AnalyticKernel.Encode(map, 2, points, N, d));
        Time("  Gram F·Fᵀ/d alone (packing, blocks, mirror)", 7, () => AnalyticKernel.Gram(features, N, features, N, d, k));
        Time("  Matrix from features (NTK only)", 7, () => AnalyticKernel.Matrix(features, N, features, N, d, steps, default, k));

        // The recursion alone on one thread: rows of 256 entries, as a block's rows are.
        const int Rows = 4096, Columns = 256;
        var sigma0 = new double[Rows * Columns];
        AnalyticKernel.Gram(features, N, features, N, d, k);
        for (int r = 0; r < Rows; r++)
        {
            Array.Copy(k, (long)r * N + (r * 7 % (N - Columns)), sigma0, r * Columns, Columns);
        }

        var sigma = new double[Rows * Columns];
        var theta = new double[Rows * Columns];
        var variances = new double[Columns];
        var inverseRoots = new double[Columns];
        double perEntry = Time("  recursion alone, 1 thread, 1 M entries (ns per entry)", 7, () =>
        {
            sigma0.CopyTo(sigma, 0);
            Array.Clear(theta);
            for (int r = 0; r < Rows; r++)
            {
                Span<double> s = sigma.AsSpan(r * Columns, Columns), t = theta.AsSpan(r * Columns, Columns);
                double v = 0.5, vc = 0.5;
                foreach (LayerStep step in steps)
                {
                    variances.AsSpan().Fill(vc);
                    inverseRoots.AsSpan().Fill(KernelRecursion.InverseRoot(vc));
                    KernelRecursion.Apply(step, s, t, v, variances, inverseRoots);
                    v = KernelRecursion.Variance(step, v);
                    vc = KernelRecursion.Variance(step, vc);
                }
            }
        }, perCall: Rows * Columns / 1e3);
        int tasks = 0;
        for (int rb = 0; rb < (N + 95) / 96; rb++)
        {
            for (int cb = 0; cb < N / 256; cb++)
            {
                tasks += Math.Min(N, (cb + 1) * 256) - 1 >= rb * 96 ? 1 : 0;
            }
        }

        Console.WriteLine($"  symmetric path evaluates {tasks} blocks of 96 × 256 = {tasks * 96.0 * 256 / 1e6:F2} M entries: recursion ≈ {tasks * 96.0 * 256 * perEntry / 1e6:F1} ms on one thread");

    }

    private static void Cholesky4096(PaperNet net, float[] points)
    {
        // Cholesky 4096 and its top-level pieces.
        double[] gram = new double[N * N];
        net.NtkMatrix(points, points, gram);
        for (int i = 0; i < N; i++)
        {
            gram[i * N + i] += 1e-6 * gram[0];
        }

        var factor = new double[N * N];
        Time("Cholesky 4096", 5, () => { gram.CopyTo(factor, 0); Cholesky.Factor(factor, N); });
        int n1 = SimdWidth.Current switch // the recursion's own top-level split at this width
        {
            VectorWidth.Vector512 => Cholesky.Split<Simd512<double>>(N),
            VectorWidth.Vector256 => Cholesky.Split<Simd256<double>>(N),
            _ => Cholesky.Split<Simd128<double>>(N),
        };
        int m = N - n1;
        var sub1 = new double[n1 * n1];
        var sub2 = new double[m * m];
        Time($"  Cholesky {n1} (first half, incl. copy)", 5, () => { Copy(gram, N, sub1, n1, 0); Cholesky.Factor(sub1, n1); });
        Time($"  Cholesky {m} (second half, incl. copy)", 5, () => { Copy(gram, N, sub2, m, n1); Cholesky.Factor(sub2, m); });
        gram.CopyTo(factor, 0);
        Time($"  trailing update {m}² × {n1} (lower tiles)", 5, () =>
        {
            fixed (double* f = factor)
            {
                switch (SimdWidth.Current)
                {
                    case VectorWidth.Vector512: BlockedGemm<Simd512<double>>.SubtractABt(f + n1 * N, N, f + n1 * N, N, f + n1 * N + n1, N, m, m, n1, true); break;
                    case VectorWidth.Vector256: BlockedGemm<Simd256<double>>.SubtractABt(f + n1 * N, N, f + n1 * N, N, f + n1 * N + n1, N, m, m, n1, true); break;
                    default: BlockedGemm<Simd128<double>>.SubtractABt(f + n1 * N, N, f + n1 * N, N, f + n1 * N + n1, N, m, m, n1, true); break;
                }
            }
        });

        // X L₁₁ᵀ = A₂₁ with L₁₁ the factor's top-left block (the same as factoring A₁₁ alone).
        gram.CopyTo(factor, 0);
        Cholesky.Factor(factor, N);
        var solve = new double[N * N];
        Time($"  triangular solve {m} × {n1} (incl. copy)", 5, () =>
        {
            Array.Copy(gram, solve, gram.Length);
            fixed (double* f = factor, b = solve)
            {
                switch (SimdWidth.Current)
                {
                    case VectorWidth.Vector512: Cholesky.Trsm<Simd512<double>>(b + n1 * N, m, n1, f, N); break;
                    case VectorWidth.Vector256: Cholesky.Trsm<Simd256<double>>(b + n1 * N, m, n1, f, N); break;
                    default: Cholesky.Trsm<Simd128<double>>(b + n1 * N, m, n1, f, N); break;
                }
            }
        });
        Time($"  its leaves alone: {n1 / Cholesky.TrsmLeaf} solves {m} × {Cholesky.TrsmLeaf} (incl. copy)", 5, () =>
        {
            Array.Copy(gram, solve, gram.Length);
            fixed (double* f = factor, b = solve)
            {
                for (int j = 0; j + Cholesky.TrsmLeaf <= n1; j += Cholesky.TrsmLeaf)
                {
                    switch (SimdWidth.Current)
                    {
                        case VectorWidth.Vector512: Cholesky.TrsmLeafSolve<Simd512<double>>(b + n1 * N + j, m, Cholesky.TrsmLeaf, f + j * N + j, N); break;
                        case VectorWidth.Vector256: Cholesky.TrsmLeafSolve<Simd256<double>>(b + n1 * N + j, m, Cholesky.TrsmLeaf, f + j * N + j, N); break;
                        default: Cholesky.TrsmLeafSolve<Simd128<double>>(b + n1 * N + j, m, Cholesky.TrsmLeaf, f + j * N + j, N); break;
                    }
                }
            }
        });
        Time("  copy 4096² alone", 5, () => Array.Copy(gram, solve, gram.Length));
    }

    private static void Copy(double[] source, int ld, double[] target, int n, int offset)
    {
        for (int i = 0; i < n; i++)
        {
            Array.Copy(source, (long)(offset + i) * ld + offset, target, (long)i * n, n);
        }
    }

    private static double Time(string label, int repeats, Action call, double perCall = 0)
    {
        call();
        (double min, double median) = MinTiming.PerCall(call, calls: 1, repeats);
        (min, median) = (min / 1e3, median / 1e3); // ms
        if (perCall > 0)
        {
            Console.WriteLine($"{label,-60} min {min * 1e6 / perCall / 1e3:F2} ns   median {median * 1e6 / perCall / 1e3:F2} ns");
            return min * 1e6 / perCall / 1e3;
        }

        Console.WriteLine($"{label,-60} min {min,8:F1} ms   median {median,8:F1} ms");
        return min;
    }
}
