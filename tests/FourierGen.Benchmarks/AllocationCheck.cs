using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace FourierGen.Benchmarks;

/// <summary>
/// <c>--allocations</c>: the bytes every hot-path benchmark allocates per call on all threads of the process
/// (<see cref="GC.GetTotalAllocatedBytes(bool)"/>, precise), the trainer's and the batch pool's worker threads
/// included. BenchmarkDotNet's in-process memory column also counts its own harness; this check runs nothing but
/// the benchmark bodies, after a warm-up.
/// </summary>
/// <remarks>
/// The warm-up outlasts tiered compilation (methods are recompiled after 30 calls), so that a recompilation of the
/// bodies cannot be counted as their allocation.
/// </remarks>
internal static class AllocationCheck
{
    private const int WarmUpCalls = 40, MeasuredCalls = 10;

    public static void Run()
    {
        foreach (Type type in new[] { typeof(TrainStepBenchmarks), typeof(PredictBenchmarks) })
        {
            object suite = Activator.CreateInstance(type)!;
            Invoke<GlobalSetupAttribute>(suite);
            foreach (MethodInfo method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() != null))
            {
                Action call = AsAction(method, suite);
                int calls = method.Name.EndsWith("One", StringComparison.Ordinal) ? 1000 * MeasuredCalls : MeasuredCalls;
                for (int i = 0; i < WarmUpCalls; i++)
                {
                    call();
                }

                long before = GC.GetTotalAllocatedBytes(precise: true);
                for (int i = 0; i < calls; i++)
                {
                    call();
                }

                long bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
                Console.WriteLine($"{method.GetCustomAttribute<BenchmarkAttribute>()!.Description,-48} {(double)bytes / calls,8:F1} B per call, all threads ({calls} calls)");
            }

            Invoke<GlobalCleanupAttribute>(suite);
        }
    }

    /// <summary>The benchmark as an allocation-free call (training steps return their loss, which is dropped).</summary>
    internal static Action AsAction(MethodInfo method, object suite)
    {
        if (method.ReturnType == typeof(float))
        {
            Func<float> step = method.CreateDelegate<Func<float>>(suite);
            return () => step();
        }

        return method.CreateDelegate<Action>(suite);
    }

    internal static void Invoke<TAttribute>(object suite)
        where TAttribute : Attribute =>
        suite.GetType().GetMethods().SingleOrDefault(m => m.GetCustomAttribute<TAttribute>() != null)?.Invoke(suite, null);
}
