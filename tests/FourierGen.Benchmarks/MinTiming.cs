using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace FourierGen.Benchmarks;

/// <summary>
/// <c>--min-timing</c>: the fastest and the median time per call of the one-sample and training benchmarks over many
/// short batches. On a machine shared with other work the minimum is the estimate least disturbed by it; comparing
/// two builds (run alternately) by their minima is how BENCHMARKS.md compares code changes measured under load.
/// </summary>
internal static class MinTiming
{
    private const int Batches = 201;

    public static void Run()
    {
        foreach (Type type in new[] { typeof(EncodeBenchmarks), typeof(PredictBenchmarks), typeof(TrainStepBenchmarks) })
        {
            object suite = Activator.CreateInstance(type)!;
            AllocationCheck.Invoke<GlobalSetupAttribute>(suite);
            foreach (MethodInfo method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() != null && IsShort(m.Name)))
            {
                Action call = AllocationCheck.AsAction(method, suite);
                int calls = CallsPerBatch(call);
                for (int i = 0; i < 3 * calls; i++)
                {
                    call(); // past tiered compilation
                }

                (double min, double median) = PerCall(call, calls, Batches);
                Console.WriteLine($"{method.GetCustomAttribute<BenchmarkAttribute>()!.Description,-52} min {min,12:F3} µs   median {median,12:F3} µs");
            }

            AllocationCheck.Invoke<GlobalCleanupAttribute>(suite);
        }
    }

    /// <summary>The fastest and the median time per call, in µs, over <paramref name="batches"/> batches of <paramref name="calls"/> calls (the caller warms up).</summary>
    internal static (double Min, double Median) PerCall(Action call, int calls, int batches)
    {
        var perCall = new double[batches];
        for (int batch = 0; batch < batches; batch++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
            {
                call();
            }

            perCall[batch] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
        }

        Array.Sort(perCall);
        return (perCall[0], perCall[batches / 2]);
    }

    /// <summary>One sample and the smallest batch: the large batches take seconds per call, too long for hundreds of batches.</summary>
    private static bool IsShort(string name) => name.EndsWith("One", StringComparison.Ordinal) || name.Contains("1024", StringComparison.Ordinal);

    /// <summary>Enough calls for a batch of about a millisecond (one call for anything slower).</summary>
    internal static int CallsPerBatch(Action call)
    {
        for (int i = 0; i < 40; i++)
        {
            call();
        }

        long start = Stopwatch.GetTimestamp();
        call();
        double microseconds = Math.Max(0.01, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        return (int)Math.Clamp(1000 / microseconds, 1, 100_000);
    }
}
