using BenchmarkDotNet.Attributes;

namespace FourierGen.Benchmarks;

/// <summary>Multiply-accumulates per row of a network's dense layers, for the GFLOP/s columns.</summary>
internal static class Flops
{
    /// <summary>Forward: 2 flops per MAC.</summary>
    public static double Forward(int[] widths) => 2.0 * Macs(widths);

    /// <summary>Training: 2·MACs forward + 4·MACs backward, minus the first layer's input gradient (not computed).</summary>
    public static double Train(int[] widths) => 6.0 * Macs(widths) - 2.0 * widths[0] * widths[1];

    private static double Macs(int[] widths)
    {
        double macs = 0;
        for (int k = 0; k + 1 < widths.Length; k++)
        {
            macs += (double)widths[k] * widths[k + 1];
        }

        return macs;
    }

    public static readonly int[] PaperWidths = [PaperNet.FeatureSize, 256, 256, 256, PaperNet.OutputSize];
    public static readonly int[] SmallWidths = [SmallNet.FeatureSize, 64, 64, SmallNet.OutputSize];
}

/// <summary>One training step (forward, MSE/BCE loss, backward, Adam) on 2 threads.</summary>
public class TrainStepBenchmarks
{
    private float[] _paperX = [], _paperY = [], _smallX = [], _smallY = [];
    private Trainer<PaperNet>? _paper1024, _paper16384, _paper65536;
    private Trainer<SmallNet>? _small65536;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _paperX = Enumerable.Range(0, 65536 * 2).Select(_ => random.NextSingle()).ToArray();
        _paperY = Enumerable.Range(0, 65536 * 3).Select(_ => random.NextSingle()).ToArray();
        _smallX = _paperX;
        _smallY = _paperY.AsSpan(0, 65536).ToArray();
        var options = new TrainerOptions { Optimizer = Optimizer.Adam(1e-4f), Threads = 2, BatchCapacity = 65536 };
        _paper1024 = new PaperNet(seed: 1).CreateTrainer(options);
        _paper16384 = new PaperNet(seed: 1).CreateTrainer(options);
        _paper65536 = new PaperNet(seed: 1).CreateTrainer(options);
        _small65536 = new SmallNet(seed: 1).CreateTrainer(options);
        Workload.Register(nameof(PaperBatch1024), 1024 * Flops.Train(Flops.PaperWidths), threads: 2);
        Workload.Register(nameof(PaperBatch16384), 16384 * Flops.Train(Flops.PaperWidths), threads: 2);
        Workload.Register(nameof(PaperBatch65536), 65536 * Flops.Train(Flops.PaperWidths), threads: 2);
        Workload.Register(nameof(SmallBatch65536), 65536 * Flops.Train(Flops.SmallWidths), threads: 2);
    }

    /// <summary>The small net's batch (inputs, targets), for probes that train it with other options.</summary>
    internal float[] SmallInputs => _smallX;

    internal float[] SmallTargets => _smallY;

    [GlobalCleanup]
    public void Cleanup()
    {
        _paper1024?.Dispose();
        _paper16384?.Dispose();
        _paper65536?.Dispose();
        _small65536?.Dispose();
    }

    [Benchmark(Description = "paper net train step, batch 1024")]
    public float PaperBatch1024() => _paper1024!.Step(_paperX.AsSpan(0, 1024 * 2), _paperY.AsSpan(0, 1024 * 3));

    [Benchmark(Description = "paper net train step, batch 16384")]
    public float PaperBatch16384() => _paper16384!.Step(_paperX.AsSpan(0, 16384 * 2), _paperY.AsSpan(0, 16384 * 3));

    [Benchmark(Description = "paper net train step, batch 65536")]
    public float PaperBatch65536() => _paper65536!.Step(_paperX, _paperY);

    [Benchmark(Description = "small net train step, batch 65536")]
    public float SmallBatch65536() => _small65536!.Step(_smallX, _smallY);
}

/// <summary>Inference: one sample (features included) and batches of 65 536 on all cores.</summary>
public class PredictBenchmarks
{
    private readonly PaperNet _paper = new(seed: 1);
    private readonly SmallNet _small = new(seed: 1);
    private readonly float[] _point = [0.3f, 0.7f];
    private readonly float[] _paperOut = new float[3], _smallOut = new float[1];
    private float[] _batchX = [], _paperBatchOut = [], _smallBatchOut = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2);
        _batchX = Enumerable.Range(0, 65536 * 2).Select(_ => random.NextSingle()).ToArray();
        _paperBatchOut = new float[65536 * 3];
        _smallBatchOut = new float[65536];
        Workload.Register(nameof(PaperOne), Flops.Forward(Flops.PaperWidths), threads: 1);
        Workload.Register(nameof(SmallOne), Flops.Forward(Flops.SmallWidths), threads: 1);
        Workload.Register(nameof(PaperBatch65536), 65536 * Flops.Forward(Flops.PaperWidths), threads: Environment.ProcessorCount);
        Workload.Register(nameof(SmallBatch65536), 65536 * Flops.Forward(Flops.SmallWidths), threads: Environment.ProcessorCount);
    }

    [Benchmark(Description = "small net, one-sample predict incl. features")]
    public void SmallOne() => _small.Predict(_point, _smallOut);

    [Benchmark(Description = "paper net, one-sample predict incl. features")]
    public void PaperOne() => _paper.Predict(_point, _paperOut);

    [Benchmark(Description = "small net, batch predict 65536")]
    public void SmallBatch65536() => _small.PredictBatch(_batchX, _smallBatchOut);

    [Benchmark(Description = "paper net, batch predict 65536")]
    public void PaperBatch65536() => _paper.PredictBatch(_batchX, _paperBatchOut);
}
