using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using FourierGen.Numerics;

namespace FourierGen.Benchmarks;

/// <summary>
/// The FMA peak of this machine as this process sees it, for every vector width it accelerates (512, 256,
/// 128 bits, scalar), float and double, one thread and all cores: multiply-adds on 12 independent accumulators
/// (enough to cover the FMA latency on both ports), written once over the library's own width wrappers. Every
/// workload's GFLOP/s is reported as a fraction of the <b>widest</b> width's peak, measured in the same process.
/// </summary>
/// <remarks>
/// A peak of several threads is never taken below that many times the one-thread peak. On a shared host the other
/// cores are often busy for the whole of the probe's short window (two-thread readings of half the one-thread value
/// times two were common), while FMA throughput scales with cores; the floor can only lower the percentages, never
/// flatter them.
/// </remarks>
public static class FmaPeak
{
    private static readonly Dictionary<(VectorWidth Width, bool IsDouble, int Threads), double> s_peaks = new();

    /// <summary>The widths this machine accelerates, widest first.</summary>
    public static IReadOnlyList<VectorWidth> Widths { get; } =
    [
        .. System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? new[] { VectorWidth.Vector512 } : [],
        .. System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? new[] { VectorWidth.Vector256 } : [],
        .. System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? new[] { VectorWidth.Vector128 } : [],
        VectorWidth.Scalar,
    ];

    /// <summary>The widest accelerated width (what the percentages refer to).</summary>
    public static VectorWidth Widest => Widths[0];

    /// <summary>GFLOP/s of <paramref name="threads"/> threads at a width, float or double (measured once, then cached).</summary>
    public static double Of(VectorWidth width, bool isDouble, int threads)
    {
        threads = Math.Min(threads, Environment.ProcessorCount);
        lock (s_peaks)
        {
            if (!s_peaks.TryGetValue((width, isDouble, threads), out double peak))
            {
                peak = (width, isDouble) switch
                {
                    (VectorWidth.Vector512, false) => Measure<Simd512<float>, float>(threads),
                    (VectorWidth.Vector512, true) => Measure<Simd512<double>, double>(threads),
                    (VectorWidth.Vector256, false) => Measure<Simd256<float>, float>(threads),
                    (VectorWidth.Vector256, true) => Measure<Simd256<double>, double>(threads),
                    (VectorWidth.Vector128, false) => Measure<Simd128<float>, float>(threads),
                    (VectorWidth.Vector128, true) => Measure<Simd128<double>, double>(threads),
                    (_, false) => Measure<SimdScalar<float>, float>(threads),
                    (_, true) => Measure<SimdScalar<double>, double>(threads),
                };
                if (threads > 1)
                {
                    peak = Math.Max(peak, threads * Of(width, isDouble, 1)); // re-enters the lock: Monitor is reentrant
                }

                s_peaks[(width, isDouble, threads)] = peak;
            }

            return peak;
        }
    }

    /// <summary>The peak a benchmark's GFLOP/s is divided by: the widest width's, for its precision and thread count.</summary>
    public static double ForThreads(int threads, bool isDouble = false) => Of(Widest, isDouble, threads);

    /// <summary>Every width's peaks, one line each, for the start of a run.</summary>
    public static string Describe()
    {
        var lines = new List<string>();
        foreach (VectorWidth width in Widths)
        {
            lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"  {width,-9}: float {Of(width, false, 1),6:F1} GFLOP/s (1 thread) {Of(width, false, Environment.ProcessorCount),6:F1} ({Environment.ProcessorCount} threads); " +
                $"double {Of(width, true, 1),6:F1} / {Of(width, true, Environment.ProcessorCount),6:F1}"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    // Best of many short trials: on a shared machine the shortest trial is the one that had its cores.
    private static double Measure<V, T>(int threads)
        where V : unmanaged, ISimd<V, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const long iterations = 200_000;
        Spin<V, T>(iterations); // compile and warm up
        double best = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            long start = Stopwatch.GetTimestamp();
            if (threads == 1)
            {
                Spin<V, T>(iterations);
            }
            else
            {
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Spin<V, T>(iterations));
            }

            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            best = Math.Max(best, threads * iterations * 12.0 * V.Count * 2 / seconds / 1e9); // 12 accumulators, 2 flops per FMA
        }

        return best;
    }

    // c += a·b, as the dense kernels accumulate: without FMA the product is off the accumulator's dependency chain, so
    // the probe measures the multiply and add ports' throughput, not the latency of a multiply followed by an add.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Spin<V, T>(long iterations)
        where V : unmanaged, ISimd<V, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        V a = V.Create(T.CreateTruncating(0.999)), b = V.Create(T.CreateTruncating(1e-6));
        V c0 = V.Create(T.One), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = V.MultiplyAdd(a, b, c0);
            c1 = V.MultiplyAdd(a, b, c1);
            c2 = V.MultiplyAdd(a, b, c2);
            c3 = V.MultiplyAdd(a, b, c3);
            c4 = V.MultiplyAdd(a, b, c4);
            c5 = V.MultiplyAdd(a, b, c5);
            c6 = V.MultiplyAdd(a, b, c6);
            c7 = V.MultiplyAdd(a, b, c7);
            c8 = V.MultiplyAdd(a, b, c8);
            c9 = V.MultiplyAdd(a, b, c9);
            c10 = V.MultiplyAdd(a, b, c10);
            c11 = V.MultiplyAdd(a, b, c11);
        }

        return V.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
