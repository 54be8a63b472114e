using System.Diagnostics;
using FourierGen.CompilerServices;
using FourierGen.Numerics;

namespace FourierGen.Benchmarks;

/// <summary>
/// <c>--one-sample</c>: where one-sample <c>Predict</c>'s time goes, in one process: the whole call, the encoder alone,
/// and each layer alone on the network's own parameters (the layers' inputs are fixed, so consecutive calls of one
/// layer overlap in the CPU where Predict's chained layers cannot). Fastest and median time per call over many short
/// batches, as <see cref="MinTiming"/>, after a warm-up, in rounds until the fastest call is steady (the best round is
/// reported).
/// </summary>
internal static unsafe class OneSampleBreakdown
{
    private const int Batches = 301;
    private const int MaxRounds = 6;

    public static void Run()
    {
        Console.WriteLine($"FourierGen runs at {Hardware.VectorWidth}; 1-thread float FMA peak {FmaPeak.Of(FmaPeak.Widest, isDouble: false, threads: 1):F1} GFLOP/s");
        Breakdown("small net", new SmallNet(seed: 1), [64, 64], Activation.Identity);
        Breakdown("paper net", new PaperNet(seed: 1), [256, 256, 256], Activation.Sigmoid);
    }

    private static void Breakdown<TNet>(string name, TNet net, int[] hidden, Activation outputActivation)
        where TNet : IFourierNetwork<TNet>
    {
        float[] point = [0.3f, 0.7f];
        float[] features = new float[TNet.FeatureSize], output = new float[TNet.OutputSize];
        Time($"{name} Predict", () => net.Predict(point, output));
        Time($"{name} Encode", () => net.Encode(point, features));

        int[] sizes = [TNet.FeatureSize, .. hidden, TNet.OutputSize];
        int offset = 0;
        for (int k = 0; k + 1 < sizes.Length; k++)
        {
            int nIn = sizes[k], nOut = sizes[k + 1], weights = offset, bias = offset + nIn * nOut;
            Activation activation = k + 2 == sizes.Length ? outputActivation : Activation.Relu;
            float[] x = Enumerable.Range(0, nIn).Select(i => MathF.Sin(i)).ToArray(), y = new float[nOut];
            if (nOut >= TransposedWeights.MinimumOutputs)
            {
                // What Predict runs for this layer: Wᵀ, rows padded to cache lines, in an aligned block.
                int stride = TransposedWeights.Stride(nOut);
                AlignedBuffer block = new(nIn * stride);
                TransposedWeights.TransposeLayer(net.Parameters.Slice(weights, nIn * nOut), nIn, nOut, block.Span);

                float[] b = net.Parameters.Slice(bias, nOut).ToArray();
                Time($"{name} layer {k + 1}, {nIn} → {nOut} by columns", () =>
                    Dense.ForwardOneByColumnsAt(Hardware.VectorWidth, x, block.Span, stride, b, y, nIn, nOut, activation, 1f, 1f));
            }

            Time($"{name} layer {k + 1}, {nIn} → {nOut}", () =>
            {
                ReadOnlySpan<float> p = net.Parameters;
                Dense.ForwardOne(x, p.Slice(weights, nIn * nOut), p.Slice(bias, nOut), y, nIn, nOut, activation);
            });
            offset = bias + nOut;
        }
    }

    private static void Time(string name, Action call)
    {
        long warm = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warm).TotalMilliseconds < 300)
        {
            call();
        }

        // Rounds until the fastest call stops improving by 2 %: under load the tiered JIT's background compilation can
        // finish after the warm-up, and a round timed before it measured unoptimised code (several times slower, in
        // some processes and not others).
        int calls = MinTiming.CallsPerBatch(call);
        (double min, double median) = MinTiming.PerCall(call, calls, Batches);
        for (int round = 1; round < MaxRounds; round++)
        {
            (double nextMin, double nextMedian) = MinTiming.PerCall(call, calls, Batches);
            bool improved = nextMin < 0.98 * min;
            (min, median) = nextMin < min ? (nextMin, nextMedian) : (min, median);
            if (!improved)
            {
                break;
            }
        }

        Console.WriteLine($"{name,-34} min {min,10:F4} µs   median {median,10:F4} µs");
    }
}
