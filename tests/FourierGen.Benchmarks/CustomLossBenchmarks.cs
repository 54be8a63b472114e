using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace FourierGen.Benchmarks;

/// <summary>
/// A training step with a loss the trainer does not know against the built-in loss's step (paper net, 2 threads): the
/// two-phase step (Forward, the caller's ∂L/∂ŷ, Backward; one forward pass, activations retained) and the older
/// caller-gradient step (PredictBatch, the caller's ∂L/∂ŷ, Step(inputs, LossGradient); two forward passes). The caller's
/// loss here is the MSE itself, computed by the caller, so all three do the same arithmetic.
/// </summary>
public class CustomLossStepBenchmarks
{
    public const int Rows = 16384;

    private float[] _x = [], _y = [], _outputs = [], _gradient = [];
    private Trainer<PaperNet>? _builtIn, _twoPhase, _recompute;
    private PaperNet? _recomputeNet;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _x = Enumerable.Range(0, Rows * 2).Select(_ => random.NextSingle()).ToArray();
        _y = Enumerable.Range(0, Rows * 3).Select(_ => random.NextSingle()).ToArray();
        _outputs = new float[_y.Length];
        _gradient = new float[_y.Length];
        var options = new TrainerOptions { Optimizer = Optimizer.Adam(1e-5f), Threads = 2, BatchCapacity = Rows };
        _builtIn = new PaperNet(seed: 1).CreateTrainer(options);
        _twoPhase = new PaperNet(seed: 1).CreateTrainer(options with { RetainActivations = true });
        _recomputeNet = new PaperNet(seed: 1);
        _recompute = _recomputeNet.CreateTrainer(options);
        foreach (string name in new[] { nameof(BuiltInLoss), nameof(TwoPhaseCustomLoss), nameof(RecomputingCustomLoss) })
        {
            Workload.Register(name, Rows * Flops.Train(Flops.PaperWidths), threads: 2);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _builtIn?.Dispose();
        _twoPhase?.Dispose();
        _recompute?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "paper net step, built-in MSE, batch 16384")]
    public float BuiltInLoss() => _builtIn!.Step(_x, _y);

    [Benchmark(Description = "paper net step, caller's loss, Forward/Backward, batch 16384")]
    public void TwoPhaseCustomLoss()
    {
        _twoPhase!.Forward(_x, _outputs);
        MseGradient(_outputs, _y, _gradient);
        _twoPhase.Backward(_gradient);
    }

    [Benchmark(Description = "paper net step, caller's loss, PredictBatch + Step(LossGradient), batch 16384")]
    public void RecomputingCustomLoss()
    {
        _recomputeNet!.PredictBatch(_x, _outputs);
        MseGradient(_outputs, _y, _gradient);
        _recompute!.Step(_x, new LossGradient(_gradient));
    }

    /// <summary>
    /// <c>--custom-loss</c>: the three steps interleaved (A, B, C, A, B, C, …) so that a shared machine's load falls on all
    /// of them alike; prints each one's minimum and median time per step and the ratios to the built-in step.
    /// </summary>
    public static void Interleaved(int rounds)
    {
        var suite = new CustomLossStepBenchmarks();
        suite.Setup();
        var steps = new (string Name, Action Call)[]
        {
            ("built-in MSE", () => suite.BuiltInLoss()),
            ("Forward/Backward, caller's MSE", suite.TwoPhaseCustomLoss),
            ("PredictBatch + Step(LossGradient)", suite.RecomputingCustomLoss),
        };
        var times = steps.Select(_ => new List<double>()).ToArray();
        for (int round = -2; round < rounds; round++)
        {
            for (int s = 0; s < steps.Length; s++)
            {
                long start = Stopwatch.GetTimestamp();
                steps[s].Call();
                if (round >= 0)
                {
                    times[s].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }

        suite.Cleanup();
        double builtInMin = times[0].Min(), builtInMedian = Median(times[0]);
        Console.WriteLine($"paper net, batch {Rows}, 2 threads, {rounds} interleaved rounds (2 warm-up rounds not counted):");
        for (int s = 0; s < steps.Length; s++)
        {
            Console.WriteLine($"  {steps[s].Name,-36} min {times[s].Min(),9:F1} ms ({times[s].Min() / builtInMin:F3}×)   median {Median(times[s]),9:F1} ms ({Median(times[s]) / builtInMedian:F3}×)");
        }
    }

    private static double Median(List<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static void MseGradient(float[] outputs, float[] targets, float[] gradient)
    {
        float scale = 2f / outputs.Length;
        for (int i = 0; i < outputs.Length; i++)
        {
            gradient[i] = (outputs[i] - targets[i]) * scale;
        }
    }
}
