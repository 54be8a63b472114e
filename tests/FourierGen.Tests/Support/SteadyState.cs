using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace FourierGen.Tests.Support;

/// <summary>
/// Warm-up for the zero-allocation tests: brings the calling thread and the runtime to the steady state a long training
/// run is in, so that <c>GC.GetAllocatedBytesForCurrentThread()</c> then sees only what the measured code allocates.
/// </summary>
/// <remarks>
/// Two things the runtime does once allocate on whichever thread happens to trigger them, and under load they used to
/// fall inside the measurement (7–8 KB now and then on a busy machine):
/// <list type="bullet">
/// <item>A thread's first blocking wait or signal (a <c>Monitor.Wait</c> that does not return at once, a contended
/// <c>lock</c>) creates its wait state: about 0.6 KB, 2 KB for the process's first (measured on .NET 10). A trainer's
/// calling thread blocks only when a worker is slower than its brief spin, which on an idle machine may never happen
/// during a warm-up.</item>
/// <item>Tiered compilation: the call that crosses a method's call-count threshold queues it for tier 1 and allocates
/// the first time a thread does so (0.7 KB; 2 KB for the process's first). Counting starts only after a delay
/// (100 ms) that restarts whenever any thread compiles a tier-0 method, so on a busy test host it can outlast a
/// warm-up of a fixed duration or number of calls.</item>
/// </list>
/// Neither is per call: a step that allocated anything would allocate in every measured window.
/// </remarks>
internal static class SteadyState
{
    /// <summary>
    /// Runs <paramref name="action"/> until three consecutive windows of calls, each longer than the call-counting
    /// delay, compiled no method anywhere in the process (or 60 s passed), after one blocking wait on this thread.
    /// </summary>
    public static void WarmUp(Action action)
    {
        var gate = new object();
        lock (gate)
        {
            Monitor.Wait(gate, 1);
        }

        TimeSpan window = TimeSpan.FromMilliseconds(2 * CallCountingDelayMilliseconds() + 50);
        var total = Stopwatch.StartNew();
        for (int quiet = 0; quiet < 3 && total.Elapsed < TimeSpan.FromSeconds(60);)
        {
            long compiled = JitInfo.GetCompiledMethodCount();
            var clock = Stopwatch.StartNew();
            do
            {
                action();
            }
            while (clock.Elapsed < window);

            quiet = JitInfo.GetCompiledMethodCount() == compiled ? quiet + 1 : 0;
        }
    }

    /// <summary>
    /// The runtime's call-counting delay: 100 ms unless <c>DOTNET_TC_CallCountingDelayMs</c> sets it (in hexadecimal, as
    /// the runtime reads its numeric settings).
    /// </summary>
    private static int CallCountingDelayMilliseconds() =>
        int.TryParse(Environment.GetEnvironmentVariable("DOTNET_TC_CallCountingDelayMs"), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int delay)
            && delay >= 0 ? delay : 100;
}
