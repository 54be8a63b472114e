using FourierGen.Numerics;

namespace FourierGen.Benchmarks;

/// <summary>
/// <c>--train-steps [--rounds N] [--threads T]</c>: the four <see cref="TrainStepBenchmarks"/> rows (same networks, data
/// and options; 2 threads unless told), fastest and median per step over N rounds each, as a fraction of the peak of
/// the width the library runs at (not of the widest width): for comparing the widths with each other (one process per
/// <c>DOTNET_*</c> setting, alternating) and builds under load.
/// </summary>
internal static class TrainStepProbe
{
    private const int Rows = 65536;

    public static void Run(int rounds, int threads)
    {
        VectorWidth width = Hardware.VectorWidth;
        double peak = FmaPeak.Of(width, isDouble: false, threads);
        Console.WriteLine($"FourierGen runs at {width} (FMA: {Hardware.HasFusedMultiplyAdd}); {threads} threads, their float peak {peak:F1} GFLOP/s");
        var random = new Random(1); // TrainStepBenchmarks' data
        float[] x = Enumerable.Range(0, Rows * 2).Select(_ => random.NextSingle()).ToArray();
        float[] y = Enumerable.Range(0, Rows * 3).Select(_ => random.NextSingle()).ToArray();
        var options = new TrainerOptions { Optimizer = Optimizer.Adam(1e-4f), Threads = threads, BatchCapacity = Rows };
        foreach (int batch in new[] { 1024, 16384, 65536 })
        {
            using var paper = new PaperNet(seed: 1).CreateTrainer(options);
            float[] px = x[..(batch * 2)], py = y[..(batch * 3)];
            Report($"paper net train step, batch {batch}", () => paper.Step(px, py), batch, Flops.PaperWidths, peak, batch == 1024 ? rounds * 8 : rounds);
        }

        using var small = new SmallNet(seed: 1).CreateTrainer(options);
        float[] sy = y[..Rows];
        Report("small net train step, batch 65536", () => small.Step(x, sy), Rows, Flops.SmallWidths, peak, rounds * 4);
    }

    private static void Report(string name, Action step, int rows, int[] widths, double peak, int rounds)
    {
        for (int i = 0; i < 3; i++)
        {
            step(); // past tiered compilation for the long rows; MinTiming's batches are the rounds
        }

        (double min, double median) = MinTiming.PerCall(step, 1, rounds);
        double flops = rows * Flops.Train(widths);
        Console.WriteLine($"{name,-36} min {min / 1e3,9:F2} ms ({100 * flops / (min * 1e3) / peak,5:F1} % of its peak)   median {median / 1e3,9:F2} ms ({100 * flops / (median * 1e3) / peak,5:F1} %)");
    }
}
