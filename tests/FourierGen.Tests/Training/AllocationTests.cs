using FourierGen.Tests.Numerics;

namespace FourierGen.Tests.Training;

/// <summary>Zero bytes allocated per Predict, PredictBatch and Step after warm-up (on the calling thread).</summary>
[Collection(nameof(AllocationCollection))]
public class GeneratedNetworkAllocationTests
{
    [Fact]
    public void PredictAllocatesNothing()
    {
        var net = new MediumNet(seed: 1);
        float[] input = [0.1f, 0.2f], output = new float[3];
        net.Predict(input, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            net.Predict(input, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void PredictBatchAllocatesNothing()
    {
        var net = new MediumNet(seed: 1);
        float[] inputs = new float[2 * 5000], outputs = new float[3 * 5000];
        net.PredictBatch(inputs, outputs);
        net.PredictBatch(inputs, outputs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            net.PredictBatch(inputs, outputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void StepAllocatesNothing(int threads)
    {
        var net = new MediumNet(seed: 1);
        var random = new Random(1);
        float[] x = Enumerable.Range(0, 2 * 3000).Select(_ => random.NextSingle()).ToArray();
        float[] y = Enumerable.Range(0, 3 * 3000).Select(_ => random.NextSingle()).ToArray();
        // Warm-up: first a single-threaded trainer, so that every code path (full and partial chunks, every layer
        // kernel) has run once on this thread — first runs load types and initialise statics, which allocates —
        // then the trainer under test. With 2 threads, which thread takes which slot is first come, first served.
        using (var warmUp = new MediumNet(seed: 1).CreateTrainer(new TrainerOptions { BatchCapacity = 3000, Threads = 1 }))
        {
            warmUp.Step(x, y);
            warmUp.Step(x.AsSpan(0, 2 * 1000), y.AsSpan(0, 3 * 1000));
        }

        using var trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 3000, Threads = threads });
        trainer.Step(x, y);
        trainer.Step(x.AsSpan(0, 2 * 1000), y.AsSpan(0, 3 * 1000));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            trainer.Step(x, y);
            trainer.Step(x.AsSpan(0, 2 * 1000), y.AsSpan(0, 3 * 1000));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
