using System.Diagnostics;
using System.Reflection;
using FourierGen.Features;

namespace FourierGen.Benchmarks;

/// <summary>
/// <c>--encode-check</c>: what the encoder's float-range check costs (issue 18: inputs beyond it are encoded in
/// float64). The map's entry point (the check, then the width's encoder) against the width's encoder called directly,
/// interleaved in one process so that both see the same load; the minimum per call over many short batches.
/// </summary>
internal static class EncodeCheckProbe
{
    private const int Rounds = 2000;
    private const int CallsPerRound = 2000;

    private delegate void EncodeFunction(ref float input, ref float features);

    public static void Run()
    {
        foreach (int frequencies in new[] { 16, 256 })
        {
            var map = FeatureMap.Random(2, frequencies, FrequencyDistribution.Gaussian, 10f, 0, false, 0, null, default);
            var withCheck = (EncodeFunction)Delegate.CreateDelegate(typeof(EncodeFunction), map, nameof(FeatureMap.EncodeUnchecked));
            var withoutCheck = (EncodeFunction)Delegate.CreateDelegate(typeof(EncodeFunction), map, WidthEncoder());
            float[] x = [0.3f, 0.7f], f = new float[2 * frequencies];
            for (int i = 0; i < 100 * CallsPerRound; i++)
            {
                withCheck(ref x[0], ref f[0]);
                withoutCheck(ref x[0], ref f[0]);
            }

            double best = double.MaxValue, bestWithout = double.MaxValue;
            for (int round = 0; round < Rounds; round++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < CallsPerRound; i++)
                {
                    withCheck(ref x[0], ref f[0]);
                }

                long middle = Stopwatch.GetTimestamp();
                for (int i = 0; i < CallsPerRound; i++)
                {
                    withoutCheck(ref x[0], ref f[0]);
                }

                best = Math.Min(best, Stopwatch.GetElapsedTime(start, middle).TotalNanoseconds / CallsPerRound);
                bestWithout = Math.Min(bestWithout, Stopwatch.GetElapsedTime(middle, Stopwatch.GetTimestamp()).TotalNanoseconds / CallsPerRound);
            }

            Console.WriteLine($"Encode, {Hardware.VectorWidth}, 2 inputs, {frequencies} frequencies: with the check {best:F1} ns, without {bestWithout:F1} ns "
                + $"(minimum of {Rounds} × {CallsPerRound} calls)");
        }
    }

    /// <summary>The private width-generic encoder at this process's width, which runs no check.</summary>
    private static MethodInfo WidthEncoder()
    {
        string wrapper = Hardware.VectorWidth switch
        {
            VectorWidth.Vector512 => "Simd512`1",
            VectorWidth.Vector256 => "Simd256`1",
            VectorWidth.Vector128 => "Simd128`1",
            _ => "SimdScalar`1",
        };
        Type simd = typeof(FeatureMap).Assembly.GetType("FourierGen.Numerics." + wrapper)!.MakeGenericType(typeof(float));
        return typeof(FeatureMap).GetMethod("Encode", BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(simd);
    }
}
