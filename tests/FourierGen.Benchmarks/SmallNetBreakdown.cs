using System.Diagnostics;
using FourierGen.Numerics;

namespace FourierGen.Benchmarks;

/// <summary>
/// <c>--small-net</c>: where the small network's batched time goes (2 → 16 Gaussian → 64 → 64 → 1, batch 65 536): the
/// training step and <c>PredictBatch</c> whole, on 2 threads, as a fraction of the 2-thread FMA peak this process
/// measures, then each piece of one 256-row chunk alone on one thread (the encoder, each layer's forward and backward,
/// the loss), and the once-per-step pieces (packing, slot sum, Adam). Fastest and median per call over many short
/// batches, as <see cref="MinTiming"/>: for alternating runs of two builds under load.
/// </summary>
internal static class SmallNetBreakdown
{
    private const int Rows = 65536, Chunk = 256;

    public static void Run()
    {
        string[] args = Environment.GetCommandLineArgs();
        if (args.Contains("--pieces-only"))
        {
            Pieces();
            return;
        }

        double peak = FmaPeak.ForThreads(2);
        Console.WriteLine($"FourierGen runs at {Hardware.VectorWidth}; 2-thread float FMA peak {peak:F1} GFLOP/s");

        var train = new TrainStepBenchmarks();
        train.Setup();
        double trainFlops = Rows * Flops.Train(Flops.SmallWidths);
        Report("small net train step, batch 65536", () => train.SmallBatch65536(), 41, trainFlops, peak);
        train.Cleanup();

        // The same step on one thread: the work itself, without the second core (which a shared machine may not give).
        var oneThread = new SmallNet(seed: 1).CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(1e-4f), Threads = 1, BatchCapacity = Rows });
        float[] x = train.SmallInputs, t = train.SmallTargets;
        Report("small net train step, batch 65536, 1 thread", () => oneThread.Step(x, t), 21, trainFlops, FmaPeak.ForThreads(1));
        oneThread.Dispose();

        var predict = new PredictBenchmarks();
        predict.Setup();
        double predictFlops = Rows * Flops.Forward(Flops.SmallWidths);
        Report("small net batch predict 65536", predict.SmallBatch65536, 101, predictFlops, peak);

        if (!args.Contains("--whole-only"))
        {
            Pieces();
        }
    }

    private static void Report(string name, Action call, int batches, double flops, double peak)
    {
        for (int i = 0; i < 20; i++)
        {
            call();
        }

        (double min, double median) = MinTiming.PerCall(call, 1, batches);
        Console.WriteLine($"{name,-44} min {min / 1e3,8:F3} ms ({100 * flops / (min * 1e3) / peak,5:F1} % of peak)   median {median / 1e3,8:F3} ms ({100 * flops / (median * 1e3) / peak,5:F1} %)");
    }

    /// <summary>One chunk's pieces on this thread, on synthetic values of the small net's shapes.</summary>
    private static void Pieces()
    {
        var net = new SmallNet(seed: 1);
        var random = new Random(4);
        float[] inputs = Enumerable.Range(0, Chunk * 2).Select(_ => random.NextSingle()).ToArray();
        float[] targets = Enumerable.Range(0, Chunk).Select(_ => random.NextSingle()).ToArray();
        int d = SmallNet.FeatureSize;
        float[] features = new float[Chunk * d], h1 = new float[Chunk * 64], h2 = new float[Chunk * 64], y = new float[Chunk];
        float[] w1 = Random(64 * d, random), b1 = Random(64, random), w2 = Random(64 * 64, random), b2 = Random(64, random), w3 = Random(64, random), b3 = Random(1, random);
        float[] p1 = new float[Dense.PackedWeightsLength(d, 64)], p2 = new float[Dense.PackedWeightsLength(64, 64)], p3 = new float[Dense.PackedWeightsLength(64, 1)];
        float[] t2 = new float[Dense.PackedTransposedWeightsLength(64, 64)], t3 = new float[Dense.PackedTransposedWeightsLength(64, 1)];
        Dense.PackWeights(w1, p1, d, 64);
        Dense.PackWeights(w2, p2, 64, 64);
        Dense.PackWeights(w3, p3, 64, 1);
        Dense.PackTransposedWeights(w2, t2, 64, 64);
        Dense.PackTransposedWeights(w3, t3, 64, 1);
        float[] dW1 = new float[64 * d], db1 = new float[64], dW2 = new float[64 * 64], db2 = new float[64], dW3 = new float[64], db3 = new float[1];
        float[] dy = new float[Chunk], dh2 = new float[Chunk * 64], dh1 = new float[Chunk * 64];
        net.EncodeBatch(inputs, features);
        Dense.ForwardPacked(features, p1, b1, h1, Chunk, d, 64, Activation.Relu);
        Dense.ForwardPacked(h1, p2, b2, h2, Chunk, 64, 64, Activation.Relu);
        Dense.ForwardPacked(h2, p3, b3, y, Chunk, 64, 1, Activation.Identity);
        Losses.MeanSquaredErrorSum(y, targets, dy, Rows);
        float[] dhSource = new float[Chunk * 64];
        Dense.Backward(dy.ToArray(), y, h2, t3, dW3, db3, dhSource, Chunk, 64, 1, Activation.Identity);

        double flopsPerRow(int nIn, int nOut) => 2.0 * nIn * nOut;
        double peak1 = FmaPeak.ForThreads(1);
        Console.WriteLine($"one {Chunk}-row chunk, 1 thread (1-thread peak {peak1:F1} GFLOP/s); × {Rows / Chunk / 2} chunks per thread per step:");
        Piece("encode (16 frequencies)", () => net.EncodeBatch(inputs, features), 0, peak1);
        Piece("forward 32 → 64 ReLU", () => Dense.ForwardPacked(features, p1, b1, h1, Chunk, d, 64, Activation.Relu), Chunk * flopsPerRow(d, 64), peak1);
        Piece("forward 64 → 64 ReLU", () => Dense.ForwardPacked(h1, p2, b2, h2, Chunk, 64, 64, Activation.Relu), Chunk * flopsPerRow(64, 64), peak1);
        Piece("forward 64 → 1", () => Dense.ForwardPacked(h2, p3, b3, y, Chunk, 64, 1, Activation.Identity), Chunk * flopsPerRow(64, 1), peak1);
        Piece("MSE loss + gradient", () => Losses.MeanSquaredErrorSum(y, targets, dy, Rows), 0, peak1);
        Piece("backward 64 → 1 (dW, db, dX)", () => Dense.Backward(dy, y, h2, t3, dW3, db3, dh2, Chunk, 64, 1, Activation.Identity, accumulate: true),
            Chunk * 2 * flopsPerRow(64, 1), peak1);
        Piece("backward 64 → 64 ReLU (dW, db, dX)", () =>
        {
            dhSource.CopyTo(dh2, 0);
            Dense.Backward(dh2, h2, h1, t2, dW2, db2, dh1, Chunk, 64, 64, Activation.Relu, accumulate: true);
        }, Chunk * 2 * flopsPerRow(64, 64), peak1);
        Piece("  of which copying dY back", () => dhSource.CopyTo(dh2, 0), 0, peak1);
        Piece("backward 32 → 64 ReLU (dW, db)", () =>
        {
            dhSource.CopyTo(dh1, 0);
            Dense.Backward(dh1, h1, features, default, dW1, db1, default, Chunk, d, 64, Activation.Relu, accumulate: true);
        }, Chunk * flopsPerRow(d, 64), peak1);

        float[] raw = Random(Chunk * 2, random), wr = Random(64 * 2, random), pr = new float[Dense.PackedWeightsLength(2, 64)];
        Dense.PackWeights(wr, pr, 2, 64);
        Piece("raw-input forward 2 → 64 ReLU (no mapping)", () => Dense.ForwardPacked(raw, pr, b1, h1, Chunk, 2, 64, Activation.Relu), Chunk * flopsPerRow(2, 64), peak1);
        PaperLayers(random, peak1);

        Console.WriteLine("once per step:");
        float[] parameters = Random(6337, random), gradient = Random(6337, random), m = new float[6337], v = new float[6337];
        float[] slots = Random(8 * 6337, random);
        Piece("pack forward + backward", () =>
        {
            Dense.PackWeights(w1, p1, d, 64);
            Dense.PackWeights(w2, p2, 64, 64);
            Dense.PackWeights(w3, p3, 64, 1);
            Dense.PackTransposedWeights(w2, t2, 64, 64);
            Dense.PackTransposedWeights(w3, t3, 64, 1);
        }, 0, peak1);
        Piece("sum 8 gradient slots", () => ParallelRows.SumSlotsSequential(slots, 6337, 8, gradient), 0, peak1);
        long step = 1;
        Piece("Adam", () => OptimizerMath.TryAdam(parameters, gradient, m, v, new AdamCoefficients(1e-4, 0.9, 0.999, 1e-8, step++)), 0, peak1);
    }

    /// <summary>The paper net's layer shapes through the same kernels: a change for short rows must cost long rows nothing.</summary>
    private static void PaperLayers(Random random, double peak)
    {
        const int Width = 256;
        float[] x = Random(Chunk * 2 * Width, random), y = Random(Chunk * Width, random), dy = Random(Chunk * Width, random);
        float[] w = Random(Width * Width, random), b = Random(Width, random), packed = new float[Dense.PackedWeightsLength(Width, Width)];
        float[] packedT = new float[Dense.PackedTransposedWeightsLength(Width, Width)];
        float[] dW = new float[2 * Width * Width], db = new float[Width], dX = new float[Chunk * Width], output = new float[Chunk * Width];
        Dense.PackWeights(w, packed, Width, Width);
        Dense.PackTransposedWeights(w, packedT, Width, Width);
        double flops = 2.0 * Chunk * Width * Width;
        Piece("paper forward 256 → 256 ReLU", () => Dense.ForwardPacked(x.AsSpan(0, Chunk * Width), packed, b, output, Chunk, Width, Width, Activation.Relu), flops, peak);
        Piece("paper backward 256 → 256 (dW, db, dX)", () => Dense.Backward(dy, y, x, packedT, dW, db, dX, Chunk, Width, Width, Activation.Identity, accumulate: false), 2 * flops, peak);
        Piece("paper backward 512 → 256 (dW, db)", () => Dense.Backward(dy, y, x, default, dW, db, default, Chunk, 2 * Width, Width, Activation.Identity, accumulate: false), 2 * flops, peak);
    }

    private static float[] Random(int count, Random random) => Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f).ToArray();

    private static void Piece(string name, Action call, double flops, double peak)
    {
        // Past tiered compilation: a time, not a call count (promotion waits for a quiet 100 ms).
        long warm = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warm).TotalMilliseconds < 300)
        {
            call();
        }

        int calls = MinTiming.CallsPerBatch(call);

        (double min, double median) = MinTiming.PerCall(call, calls, 201);
        string rate = flops > 0 ? $"{100 * flops / (min * 1e3) / peak,5:F1} % of the 1-thread peak" : "";
        Console.WriteLine($"  {name,-40} min {min,9:F3} µs   median {median,9:F3} µs   {rate}");
    }
}
