using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FourierGen;
using FourierGen.Benchmarks;

if (Array.IndexOf(args, "--scattered") is int at and >= 0)
{
    int iterations = Array.IndexOf(args, "--iterations") is int it and >= 0 ? int.Parse(args[it + 1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
    ScatteredProbe.Run(int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture), iterations);
    return;
}

if (args.Contains("--allocations"))
{
    AllocationCheck.Run();
    return;
}

if (args.Contains("--generator"))
{
    GeneratorBenchmark.Run();
    return;
}

if (args.Contains("--one-sample"))
{
    OneSampleBreakdown.Run();
    return;
}

if (args.Contains("--kernel-breakdown"))
{
    KernelBreakdown.Run(!args.Contains("--cholesky-only"), !args.Contains("--ntk-only"));
    return;
}

if (args.Contains("--small-net"))
{
    SmallNetBreakdown.Run();
    return;
}

if (args.Contains("--min-timing"))
{
    MinTiming.Run();
    return;
}

if (args.Contains("--train-steps"))
{
    int rounds = Array.IndexOf(args, "--rounds") is int r and >= 0 ? int.Parse(args[r + 1], System.Globalization.CultureInfo.InvariantCulture) : 7;
    TrainStepProbe.Run(rounds);
    return;
}

if (Array.IndexOf(args, "--first-call") is int fc and >= 0)
{
    FirstCallProbe.Run(args[fc + 1]);
    return;
}

if (args.Contains("--encode-check"))
{
    EncodeCheckProbe.Run();
    return;
}

if (args.Contains("--custom-loss"))
{
    CustomLossStepBenchmarks.Interleaved(rounds: 15);
    return;
}

// `--scattered N [--iterations M]`: the matrix-free solver on N scattered points (ScatteredProbe), no BenchmarkDotNet.
// `--allocations` instead: process-wide bytes per call of each hot path (AllocationCheck), no timing.
// `--encode-check` instead: the encoder's float-range check against the encoder without it (EncodeCheckProbe).
// `--custom-loss` instead: the caller's-loss steps against the built-in loss's, interleaved (CustomLossStepBenchmarks).
// `--generator` instead: the source generator's cost (an unrelated edit, a 65 536-value array, baking 1 M parameters).
// `--one-sample` instead: one-sample Predict against its encoder and each of its layers alone (OneSampleBreakdown).
// `--kernel-breakdown` instead: NtkMatrix 4096² and Cholesky 4096 split into their pieces (KernelBreakdown; `--ntk-only` or `--cholesky-only` for one of them).
// `--small-net` instead: the small net's batch-65 536 train step and PredictBatch, then one chunk's pieces alone (SmallNetBreakdown; `--whole-only` for the first two, `--pieces-only` for the rest).
// `--train-steps [--rounds N]` instead: the four training rows, fastest and median of N rounds, as % of the peak of the width the library runs at (TrainStepProbe).
// `--first-call ntk|train|batch|predict` instead: one operation's first call against its steady state, in a fresh process (FirstCallProbe).
// `--min-timing` instead: the fastest and median time per call over many short batches (MinTiming), for A/B runs under load.
// In-process, so that the FMA peak and every workload are measured by the same process and the
// %-of-peak column compares like with like. Run: dotnet run -c Release --project tests/FourierGen.Benchmarks -- --filter '*'
Console.WriteLine($"FourierGen runs at {Hardware.VectorWidth} (FMA: {Hardware.HasFusedMultiplyAdd}); " +
                  $"FMA peaks measured in this process (% of peak columns refer to {FmaPeak.Widest}):");
Console.WriteLine(FmaPeak.Describe());

// `--full` for BenchmarkDotNet's default iteration counts; otherwise a short run (3 warm-ups, 3 iterations),
// which keeps the whole suite to minutes on 2 cores.
bool full = args.Contains("--full");
args = args.Where(a => a != "--full").ToArray();
IConfig config = DefaultConfig.Instance
    .AddJob((full ? Job.Default : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(new GflopsColumn(), new PeakFractionColumn(), new VectorWidthColumn());
BenchmarkSwitcher.FromAssembly(typeof(FmaPeak).Assembly).Run(args, config);

Console.WriteLine($"FourierGen ran at {Hardware.VectorWidth}; the peaks above were measured before the run.");
