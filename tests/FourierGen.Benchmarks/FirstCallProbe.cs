using System.Diagnostics;

namespace FourierGen.Benchmarks;

/// <summary>
/// <c>--first-call OPERATION</c>: what a user's first call costs against the steady state, in a fresh process (run one
/// operation per process: the first call of any operation also compiles the kernels the others share). Tiered compilation
/// starts every method unoptimised; the SIMD kernels are only fast once the JIT has optimised them (on-stack replacement
/// for long loops, tier 1 after 30 calls), so a program that calls an operation once pays that warm-up in full.
/// Operations: <c>ntk</c> (paper net NtkMatrix 2048²), <c>train</c> (paper net train step, batch 4096),
/// <c>batch</c> (paper net PredictBatch 16 384), <c>predict</c> (paper net one-sample Predict).
/// </summary>
internal static class FirstCallProbe
{
    public static void Run(string operation)
    {
        var random = new Random(5);
        float[] Uniform(int count) => Enumerable.Range(0, count).Select(_ => random.NextSingle()).ToArray();
        float[] Points(int count) => Uniform(count * 2); // the paper net's 2-D inputs
        var net = new PaperNet(seed: 1);
        Action call;
        int repeat = 1;
        switch (operation)
        {
            case "ntk":
            {
                float[] x = Points(2048);
                var k = new double[2048 * 2048];
                call = () => net.NtkMatrix(x, x, k);
                break;
            }

            case "train":
            {
                float[] x = Points(4096), y = Uniform(4096 * 3); // 3 targets per point
                var trainer = net.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(1e-4f), Threads = Environment.ProcessorCount, BatchCapacity = 4096 });
                call = () => trainer.Step(x, y);
                break;
            }

            case "batch":
            {
                float[] x = Points(16384);
                var y = new float[16384 * 3];
                call = () => net.PredictBatch(x, y);
                break;
            }

            case "predict":
            {
                float[] x = Points(1);
                var y = new float[3];
                call = () => net.Predict(x, y);
                repeat = 1000; // one call is too short to time alone: the first thousand against later thousands
                break;
            }

            default:
                throw new ArgumentException($"unknown operation '{operation}': ntk, train, batch or predict");
        }

        var times = new List<double>();
        for (int round = 0; round < 12; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < repeat; i++)
            {
                call();
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        string unit = repeat == 1 ? "ms per call" : $"ms per {repeat} calls";
        Console.WriteLine($"{operation} at {Hardware.VectorWidth}: first {times[0]:F2}, second {times[1]:F2}, third {times[2]:F2}, fastest of the rest {times.Skip(3).Min():F2} ({unit}); first / fastest = {times[0] / times.Skip(3).Min():F1}×");
    }
}
