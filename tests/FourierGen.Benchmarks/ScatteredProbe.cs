using System.Diagnostics;
using FourierGen.Kernels;

namespace FourierGen.Benchmarks;

/// <summary>
/// <c>--scattered N [--iterations M]</c>: matrix-free NTK regression of the paper network on N random 2-D points
/// (<see cref="MatrixFreeKernelRegression"/>, O(N) memory), timed per conjugate-gradient iteration, with the process's
/// peak working set. Not a BenchmarkDotNet benchmark: one iteration at N = 100 000 evaluates 5·10⁹ kernel entries.
/// </summary>
internal static class ScatteredProbe
{
    public static void Run(int n, int maxIterations)
    {
        var random = new Random(1);
        float[] x = Enumerable.Range(0, 2 * n).Select(_ => random.NextSingle()).ToArray();
        var y = new double[3 * n];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                y[3 * i + c] = Math.Sin(2 * Math.PI * (3 + c) * x[2 * i]) * Math.Cos(2 * Math.PI * 5 * x[2 * i + 1]);
            }
        }

        Console.WriteLine($"Matrix-free NTK regression, PaperNet (2 → 256 Gaussian σ = 10 → 3 × 256 → 3), {n:N0} scattered points, "
            + $"at most {maxIterations} CG iterations, diagReg 1e-3; a dense Gram would be {8.0 * n * n / (1 << 30):F1} GiB.");
        var clock = Stopwatch.StartNew();
        var progress = new LineProgress(clock);
        try
        {
            var fit = MatrixFreeKernelRegression.Fit(new PaperNet(), x, y, new IterativeSolverOptions { DiagReg = 1e-3, Tolerance = 1e-6, MaxIterations = maxIterations },
                progress: progress);
            Console.WriteLine($"converged: {fit.Report.Iterations} iterations, residual {fit.Report.RelativeResidual:E2}, {fit.Report.Seconds:F0} s");
        }
        catch (SolverNotConvergedException e)
        {
            Console.WriteLine($"stopped at the iteration limit: {e.Iterations} iterations, relative residual {e.Residual:E2}");
        }

        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F0} s; peak working set {process.PeakWorkingSet64 / (1 << 20):N0} MiB; "
            + $"managed heap {GC.GetTotalMemory(false) / (1 << 20):N0} MiB");
    }

    private sealed class LineProgress(Stopwatch clock) : IProgress<SolverProgress>
    {
        public void Report(SolverProgress value) =>
            Console.WriteLine($"iteration {value.Iteration}: largest relative residual {value.RelativeResidual:E2}, {clock.Elapsed.TotalSeconds:F0} s");
    }
}
