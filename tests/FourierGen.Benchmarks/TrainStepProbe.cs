namespace FourierGen.Benchmarks;

/// <summary>
/// <c>--train-steps [--rounds N]</c>: the four <see cref="TrainStepBenchmarks"/> rows (the suite itself: its networks,
/// data, options and flop counts), fastest and median per step over N rounds each, as a fraction of the peak of the
/// width the library runs at (not of the widest width): for comparing the widths with each other (one process per
/// <c>DOTNET_*</c> setting, alternating) and builds under load.
/// </summary>
internal static class TrainStepProbe
{
    public static void Run(int rounds)
    {
        var suite = new TrainStepBenchmarks();
        suite.Setup();
        try
        {
            Report(suite.PaperBatch1024, nameof(TrainStepBenchmarks.PaperBatch1024), "paper net train step, batch 1024", rounds * 8);
            Report(suite.PaperBatch16384, nameof(TrainStepBenchmarks.PaperBatch16384), "paper net train step, batch 16384", rounds);
            Report(suite.PaperBatch65536, nameof(TrainStepBenchmarks.PaperBatch65536), "paper net train step, batch 65536", rounds);
            Report(suite.SmallBatch65536, nameof(TrainStepBenchmarks.SmallBatch65536), "small net train step, batch 65536", rounds * 4);
        }
        finally
        {
            suite.Cleanup();
        }
    }

    private static void Report(Func<float> step, string method, string name, int rounds)
    {
        if (!Workload.TryGet(method, out (double Flops, int Threads, bool IsDouble) workload))
        {
            throw new InvalidOperationException($"{method} registered no workload in TrainStepBenchmarks.Setup.");
        }

        VectorWidth width = Hardware.VectorWidth;
        double peak = FmaPeak.Of(width, isDouble: false, workload.Threads);
        if (method == nameof(TrainStepBenchmarks.PaperBatch1024))
        {
            Console.WriteLine($"FourierGen runs at {width} (FMA: {Hardware.HasFusedMultiplyAdd}); {workload.Threads} threads, their float peak {peak:F1} GFLOP/s");
        }

        for (int i = 0; i < 3; i++)
        {
            step(); // past tiered compilation for the long rows; MinTiming's batches are the rounds
        }

        (double min, double median) = MinTiming.PerCall(() => step(), 1, rounds);
        Console.WriteLine($"{name,-36} min {min / 1e3,9:F2} ms ({100 * workload.Flops / (min * 1e3) / peak,5:F1} % of its peak)   median {median / 1e3,9:F2} ms ({100 * workload.Flops / (median * 1e3) / peak,5:F1} %)");
    }
}
