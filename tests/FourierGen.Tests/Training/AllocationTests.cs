using FourierGen.Tests.Numerics;
using FourierGen.Tests.Support;

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
        // then the trainer under test until the runtime is in its steady state (see SteadyState). With 2 threads,
        // which thread takes which slot is first come, first served.
        using (var warmUp = new MediumNet(seed: 1).CreateTrainer(new TrainerOptions { BatchCapacity = 3000, Threads = 1 }))
        {
            warmUp.Step(x, y);
            warmUp.Step(x.AsSpan(0, 2 * 1000), y.AsSpan(0, 3 * 1000));
        }

        using var trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 3000, Threads = threads });
        SteadyState.WarmUp(() =>
        {
            trainer.Step(x, y);
            trainer.Step(x.AsSpan(0, 2 * 1000), y.AsSpan(0, 3 * 1000));
        });
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            trainer.Step(x, y);
            trainer.Step(x.AsSpan(0, 2 * 1000), y.AsSpan(0, 3 * 1000));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ScheduledHuberStepsAndTheTwoPhaseStepAllocateNothing(int threads)
    {
        (float[] x, float[] y) = TrainingData.Batch(3000, 2);
        float[] outputs = new float[y.Length], gradient = new float[y.Length];
        var options = new TrainerOptions
        {
            Schedule = LearningRateSchedule.Warmup(5, 0.1).Then(LearningRateSchedule.Cosine(100), 5),
            Loss = Loss.Huber(0.1f),
            BatchCapacity = 3000,
            Threads = threads,
            RetainActivations = true,
        };
        using var trainer = new MediumNet(seed: 1).CreateTrainer(options);
        void Run()
        {
            trainer.Step(x, y);
            trainer.LearningRate = 2e-3f;
            trainer.Forward(x.AsSpan(0, 2 * 1000), outputs);
            trainer.Backward(gradient.AsSpan(0, 3 * 1000));
            trainer.Forward(x, outputs);
            trainer.Backward(gradient);
        }

        SteadyState.WarmUp(Run);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Run();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void MinibatchesAndFitStepsAllocateNothing()
    {
        (float[] x, float[] y) = TrainingData.Batch(2000, 3);
        var data = Minibatches.For<MediumNet>(x, y, batchSize: 300, seed: 1);
        data.GetBatch(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long i = 0; i < 50; i++)
        {
            data.GetBatch(i); // crosses epochs: the reshuffle reuses its buffer
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        // Fit allocates per call (its result, the validation buffer), not per step: 40 more steps cost no more bytes.
        var net = new MediumNet(seed: 1);
        using var trainer = net.CreateTrainer(new TrainerOptions { Schedule = LearningRateSchedule.Cosine(1000), BatchCapacity = 300, Threads = 2 });
        var fit = new FitOptions { Steps = 0, Validation = new ValidationSet(x.AsMemory(0, 400), y.AsMemory(0, 600)), ValidateEvery = 10, ReportEvery = 1 };
        var progress = new CountingProgress();
        trainer.Fit(data, fit with { Steps = 20 }, progress);
        long Bytes(long steps)
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            trainer.Fit(data, fit with { Steps = trainer.StepCount + steps }, progress);
            return GC.GetAllocatedBytesForCurrentThread() - start;
        }

        Bytes(20);
        long short_ = Bytes(20), long_ = Bytes(60);
        Assert.Equal(short_, long_);
        Assert.True(progress.Count > 100);
    }

    private sealed class CountingProgress : IProgress<TrainingProgress>
    {
        public int Count { get; private set; }

        public void Report(TrainingProgress value) => Count++;
    }
}
