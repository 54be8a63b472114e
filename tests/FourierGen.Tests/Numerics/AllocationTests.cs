using Xunit;
using FourierGen.Numerics;
using FourierGen.Tests.Support;
using static FourierGen.Tests.Numerics.NumericsReference;

namespace FourierGen.Tests.Numerics;

/// <summary>Run alone: the process-wide allocation counter must not see other tests' allocations.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

[Collection(nameof(AllocationCollection))]
public class AllocationTests
{
    private static long ThreadAllocations(Action action, int repeats = 20)
    {
        action(); // warm up (JIT tiers, lazy statics)
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < repeats; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void DenseKernels_AllocateNothing()
    {
        const int rows = 300;
        foreach ((int nIn, int nOut, Activation activation) in new[] { (64, 40, Activation.Relu), (40, 3, Activation.Sigmoid), (17, 33, Activation.Tanh) })
        {
            float[] x = Random(rows * nIn, 1), w = Random(nIn * nOut, 2), b = Random(nOut, 3);
            float[] y = new float[rows * nOut], dy = Random(rows * nOut, 4), dW = new float[nIn * nOut], db = new float[nOut], dX = new float[rows * nIn];
            float[] pack = new float[Dense.PackedWeightsLength(nIn, nOut)], packT = new float[Dense.PackedTransposedWeightsLength(nIn, nOut)];
            Dense.PackTransposedWeights(w, packT, nIn, nOut);
            Assert.Equal(0, ThreadAllocations(() => Dense.Forward(x, w, b, y, pack, rows, nIn, nOut, activation, 0.5f, 1f)));
            Assert.Equal(0, ThreadAllocations(() => Dense.ForwardOne(x, w, b, y, nIn, nOut, activation)));
            Assert.Equal(0, ThreadAllocations(() => Dense.Backward(dy, y, x, packT, dW, db, dX, rows, nIn, nOut, activation)));
        }
    }

    [Fact]
    public void LossesAndOptimizers_AllocateNothing()
    {
        float[] p = Random(1001, 1), t = Random(1001, 2), g = new float[1001], m = new float[1001], v = new float[1001];
        Assert.Equal(0, ThreadAllocations(() => Losses.MeanSquaredError(p, t, g)));
        Assert.Equal(0, ThreadAllocations(() => Losses.HalfSumSquared(p, t, g)));
        Assert.Equal(0, ThreadAllocations(() => Losses.BinaryCrossEntropyWithLogits(p, t, g)));
        Assert.Equal(0, ThreadAllocations(() => RobustLosses.L1Sum(p, t, g, p.Length)));
        Assert.Equal(0, ThreadAllocations(() => RobustLosses.HuberSum(p, t, g, 0.5f, p.Length)));
        var c = new AdamCoefficients(1e-4, 0.9, 0.999, 1e-8, 3);
        Assert.Equal(0, ThreadAllocations(() => OptimizerMath.TryAdam(p, g, m, v, c)));
        Assert.Equal(0, ThreadAllocations(() => OptimizerMath.Adam(p, g, m, v, c)));
        Assert.Equal(0, ThreadAllocations(() => OptimizerMath.TrySgd(p, g, 1e-4)));
    }

    /// <summary>
    /// Wraps a work item and sums, per worker thread, the bytes that thread allocated between consecutive
    /// chunks: that covers the work and the pool's own wait/wake/drain loop, and nothing other threads do.
    /// </summary>
    private sealed class AllocationProbe(IRowChunkWork inner) : IRowChunkWork
    {
        [ThreadStatic] private static long t_last;
        [ThreadStatic] private static bool t_seen;
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public void Reset() => Interlocked.Exchange(ref _total, 0);

        public void Process(in RowChunk chunk)
        {
            long now = GC.GetAllocatedBytesForCurrentThread();
            if (t_seen)
            {
                Interlocked.Add(ref _total, now - t_last);
            }

            inner.Process(chunk);
            t_seen = true;
            t_last = GC.GetAllocatedBytesForCurrentThread();
        }
    }

    [Fact]
    public void ParallelTrainingStep_AllocatesNothingOnAnyThread()
    {
        using var pool = new ParallelRows(2);
        var trainer = new TinyTrainer(1000, 8, seed: 3);
        var probe = new AllocationProbe(trainer);
        var gradient = new float[TinyTrainer.ParameterCount];
        var slots = new float[3 * 40_000];
        var sums = new float[40_000];
        void Step()
        {
            pool.Run(probe, 1000, 64, 8);
            pool.SumSlots(slots, 40_000, 3, sums);
        }

        SteadyState.WarmUp(Step);

        // Every thread that ran chunks, measured on that thread: exact whatever else runs in the process.
        probe.Reset();
        long callerBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            Step();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - callerBefore);
        Assert.Equal(0, probe.Total);

        // The process-wide counter too. Runtime and test-runner threads allocate now and then (on a loaded machine
        // 168-336 B fell into each of twenty 10-step attempts), so take the best of one-step attempts: an allocation
        // per call would show in every one, and the shorter the attempt the likelier one falls between theirs.
        long best = long.MaxValue;
        for (int attempt = 0; attempt < 200 && best != 0; attempt++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            trainer.Step(pool, 64, 8, gradient);
            pool.SumSlots(slots, 40_000, 3, sums);
            best = Math.Min(best, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        Assert.Equal(0, best);
    }
}
