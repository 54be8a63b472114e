using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FourierGen.Benchmarks;

/// <summary>
/// The FMA peak of this machine as this process sees it: Vector256 FMAs on 12 independent
/// accumulators (enough to cover the FMA latency on both ports). Measured once per run so that
/// every workload's GFLOP/s can be reported as a fraction of a peak taken in the same process.
/// </summary>
public static class FmaPeak
{
    private static readonly Lazy<double> s_single = new(() => Measure(1));
    private static readonly Lazy<double> s_all = new(() => Measure(Environment.ProcessorCount));
    private static readonly Lazy<double> s_singleDouble = new(() => Measure(1) / 2);

    /// <summary>Float GFLOP/s of one thread.</summary>
    public static double SingleThread => s_single.Value;

    /// <summary>Float GFLOP/s of all cores together.</summary>
    public static double AllThreads => s_all.Value;

    /// <summary>Double GFLOP/s of one thread (half the float rate: 4 lanes instead of 8).</summary>
    public static double SingleThreadDouble => s_singleDouble.Value;

    /// <summary>The float peak for <paramref name="threads"/> threads (min(threads, cores) × single-thread peak, capped by the measured all-core peak).</summary>
    public static double ForThreads(int threads) => threads <= 1 ? SingleThread : AllThreads;

    private static double Measure(int threads)
    {
        const long iterations = 20_000_000;
        double best = 0;
        for (int trial = 0; trial < 5; trial++)
        {
            var stopwatch = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Spin(iterations));
            double seconds = stopwatch.Elapsed.TotalSeconds;
            // 12 accumulators × 8 lanes × 2 flops per FMA.
            best = Math.Max(best, threads * iterations * 12.0 * 8 * 2 / seconds / 1e9);
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Spin(long iterations)
    {
        var a = Vector256.Create(0.999f);
        var b = Vector256.Create(1e-6f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0,
            c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, a, b);
            c1 = Vector256.FusedMultiplyAdd(c1, a, b);
            c2 = Vector256.FusedMultiplyAdd(c2, a, b);
            c3 = Vector256.FusedMultiplyAdd(c3, a, b);
            c4 = Vector256.FusedMultiplyAdd(c4, a, b);
            c5 = Vector256.FusedMultiplyAdd(c5, a, b);
            c6 = Vector256.FusedMultiplyAdd(c6, a, b);
            c7 = Vector256.FusedMultiplyAdd(c7, a, b);
            c8 = Vector256.FusedMultiplyAdd(c8, a, b);
            c9 = Vector256.FusedMultiplyAdd(c9, a, b);
            c10 = Vector256.FusedMultiplyAdd(c10, a, b);
            c11 = Vector256.FusedMultiplyAdd(c11, a, b);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
