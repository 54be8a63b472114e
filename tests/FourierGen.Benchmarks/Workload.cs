namespace FourierGen.Benchmarks;

/// <summary>
/// What one benchmark call does, for the GFLOP/s and %-of-peak columns: floating-point operations
/// per call and the threads it may use. Benchmarks register in their GlobalSetup; the columns read
/// it after the run (the in-process toolchain keeps both in one process).
/// </summary>
public static class Workload
{
    private static readonly Dictionary<string, (double Flops, int Threads, bool IsDouble)> s_byMethod = new();

    public static void Register(string method, double flops, int threads, bool isDouble = false)
    {
        lock (s_byMethod)
        {
            s_byMethod[method] = (flops, threads, isDouble);
        }
    }

    public static bool TryGet(string method, out (double Flops, int Threads, bool IsDouble) workload)
    {
        lock (s_byMethod)
        {
            return s_byMethod.TryGetValue(method, out workload);
        }
    }
}
