using FourierGen.Tests.Weights;
using FourierGen.Weights;

namespace FourierGen.Tests.Training;

/// <summary>Checkpoints: a resumed run is bit-identical to an uninterrupted one; a wrong or damaged checkpoint is refused by name and changes nothing.</summary>
public class CheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fouriergen-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly (float[] X, float[] Y) Data = TrainingData.Batch(900, 11);
    private static readonly (float[] X, float[] Y) Held = TrainingData.Batch(200, 12);

    private static TrainerOptions Options(LearningRateSchedule? schedule = null) => new()
    {
        Optimizer = Optimizer.Adam(3e-3f),
        Schedule = schedule ?? LearningRateSchedule.Warmup(10, 0.1).Then(LearningRateSchedule.Cosine(80), 10),
        Loss = Loss.Huber(0.2f),
        BatchCapacity = 128,
        Threads = 2,
    };

    private static FitOptions Fit(long steps, int patience = 0) => new()
    {
        Steps = steps,
        Validation = new ValidationSet(Held.X, Held.Y),
        ValidateEvery = 5,
        Patience = patience,
        ReportEvery = 1,
    };

    private static Minibatches Batches() => Minibatches.For<MediumNet>(Data.X, Data.Y, batchSize: 128, seed: 5);

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void AResumedRunIsBitIdenticalToAnUninterruptedOne(int patience)
    {
        var straight = new MediumNet(seed: 21);
        FitResult expected;
        using (var trainer = straight.CreateTrainer(Options()))
        {
            expected = trainer.Fit(Batches(), Fit(90, patience));
        }

        // Interrupted at a step that is not a multiple of the validation interval (before the early stop, with one), resumed by
        // a new network and trainer.
        int interruption = patience > 0 ? 12 : 37;
        string path = Path.Combine(_directory, "run.fgc");
        using (var first = new MediumNet(seed: 21).CreateTrainer(Options()))
        {
            first.Fit(Batches(), Fit(interruption, patience));
            first.SaveCheckpoint(path);
        }

        var resumed = new MediumNet(seed: 21);
        FitResult actual;
        using (var second = resumed.CreateTrainer(Options()))
        {
            second.LoadCheckpoint(path);
            Assert.Equal(interruption, second.StepCount);
            actual = second.Fit(Batches(), Fit(90, patience));
        }

        Assert.True(straight.Parameters.SequenceEqual(resumed.Parameters), "the resumed parameters differ from the uninterrupted run's");
        Assert.Equal(expected.StepCount, actual.StepCount);
        Assert.Equal(expected.StoppedEarly, actual.StoppedEarly);
        Assert.Equal(expected.BestStep, actual.BestStep);
        Assert.Equal(expected.BestValidationLoss, actual.BestValidationLoss);
        if (patience > 0)
        {
            Assert.True(expected.StoppedEarly && expected.StepCount > interruption, $"the early-stopping case stopped at {expected.StepCount}, not after {interruption}");
        }
    }

    [Fact]
    public void FreshPointsEveryStepResumeBitIdentically()
    {
        // Occupancy-style training: new random points every step (a function of the batch number) and lr·0.1^(t/5000).
        var options = Options(LearningRateSchedule.Exponential(0.1, 5000)) with { Loss = Loss.MeanSquaredError };
        var straight = new MediumNet(seed: 26);
        using (var trainer = straight.CreateTrainer(options))
        {
            trainer.Fit(new FreshPoints(), new FitOptions { Steps = 30 });
        }

        var resumed = new MediumNet(seed: 26);
        using (var first = new MediumNet(seed: 26).CreateTrainer(options))
        {
            first.Fit(new FreshPoints(), new FitOptions { Steps = 13 });
            using var checkpoint = new MemoryStream();
            first.SaveCheckpoint(checkpoint);
            using var second = resumed.CreateTrainer(options);
            second.LoadCheckpoint(new MemoryStream(checkpoint.ToArray()));
            second.Fit(new FreshPoints(), new FitOptions { Steps = 30 });
            Assert.Throws<ArgumentException>(() => second.Fit(new FreshPoints(), new FitOptions { Epochs = 1 })); // no epochs in endless data
        }

        Assert.True(straight.Parameters.SequenceEqual(resumed.Parameters));
    }

    /// <summary>100 new random points per batch, seeded by the batch number: endless data, the same batch for the same number.</summary>
    private sealed class FreshPoints : ITrainingData
    {
        private readonly float[] _inputs = new float[2 * 100], _targets = new float[3 * 100];

        public int InputSize => 2;

        public int OutputSize => 3;

        public int MaxBatchRows => 100;

        public long BatchesPerEpoch => 0;

        public TrainingBatch GetBatch(long index)
        {
            var random = new Random(unchecked(((int)index * 7919) + 1));
            for (int i = 0; i < _inputs.Length; i++)
            {
                _inputs[i] = random.NextSingle();
            }

            for (int i = 0; i < _targets.Length; i++)
            {
                _targets[i] = _inputs[2 * (i / 3)] * _inputs[(2 * (i / 3)) + 1];
            }

            return new TrainingBatch(_inputs, _targets);
        }
    }

    [Fact]
    public async Task StreamsAndAsyncRoundTripTheSameBytes()
    {
        var net = new MediumNet(seed: 22);
        using var trainer = net.CreateTrainer(Options());
        trainer.Fit(Batches(), Fit(12));
        trainer.LearningRate = 1e-3f;
        using var sync = new MemoryStream();
        trainer.SaveCheckpoint(sync);
        using var async = new MemoryStream();
        await trainer.SaveCheckpointAsync(async);
        Assert.Equal(sync.ToArray(), async.ToArray());

        string path = Path.Combine(_directory, "async.fgc");
        await trainer.SaveCheckpointAsync(path);
        Assert.Equal(sync.ToArray(), File.ReadAllBytes(path));

        var other = new MediumNet(seed: 22);
        using var restored = other.CreateTrainer(Options());
        await restored.LoadCheckpointAsync(new NonSeekableStream(sync.ToArray(), maxRead: 1000));
        Assert.Equal(12, restored.StepCount);
        Assert.Equal(1e-3f, restored.LearningRate);
        Assert.True(net.Parameters.SequenceEqual(other.Parameters));
        await restored.LoadCheckpointAsync(path);
        restored.LoadCheckpoint(new MemoryStream(sync.ToArray()));
        Assert.True(net.Parameters.SequenceEqual(other.Parameters));
    }

    [Fact]
    public void MismatchesAreRefusedByNameAndChangeNothing()
    {
        byte[] checkpoint = Checkpoint(Options());

        AssertRefused(checkpoint, new MediumNet(seed: 23), Options() with { Optimizer = Optimizer.Sgd(1e-3f) }, WeightFileError.OptimizerMismatch, "optimiser");
        AssertRefused(checkpoint, new MediumNet(seed: 23), Options() with { Optimizer = Optimizer.Adam(3e-3f, beta2: 0.99f) }, WeightFileError.OptimizerMismatch, "β2 = 0.99");
        AssertRefused(checkpoint, new MediumNet(seed: 23), Options(LearningRateSchedule.Constant), WeightFileError.ScheduleMismatch, "Constant");
        AssertRefused(checkpoint, new MediumNet(seed: 24), Options(), WeightFileError.MappingMismatch, "seed");

        // Another declaration, and a weight file where a checkpoint belongs.
        using var trainer = new GradIdentityStandard(seed: 1).CreateTrainer(Options());
        var wrongNetwork = Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(new MemoryStream(checkpoint)));
        Assert.Equal(WeightFileError.FingerprintMismatch, WeightFileFormat.ErrorOf(wrongNetwork));
        Assert.StartsWith("Checkpoint's embedded weights: Weight file fingerprint mismatch", wrongNetwork.Message);

        var weights = new MemoryStream();
        new MediumNet(seed: 23).Save(weights);
        using var right = new MediumNet(seed: 23).CreateTrainer(Options());
        var notACheckpoint = Assert.Throws<InvalidDataException>(() => right.LoadCheckpoint(new MemoryStream(weights.ToArray())));
        Assert.Equal(WeightFileError.NotAWeightFile, WeightFileFormat.ErrorOf(notACheckpoint));
        Assert.Contains("this is a weight file", notACheckpoint.Message);
    }

    [Fact]
    public void DamagedCheckpointsFailWithACodeAndChangeNothing()
    {
        byte[] checkpoint = Checkpoint(Options());
        var seen = new HashSet<WeightFileError>();
        var net = new MediumNet(seed: 23);
        using var trainer = net.CreateTrainer(Options());
        float[] before = net.Parameters.ToArray();

        // Every byte of the header and the schedule, then a sample of the rest.
        for (int position = 0; position < checkpoint.Length; position += position < 400 ? 1 : 997)
        {
            byte[] damaged = (byte[])checkpoint.Clone();
            damaged[position] ^= 0x5A;
            foreach (bool seekable in new[] { true, false })
            {
                Stream stream = seekable ? new MemoryStream(damaged) : new NonSeekableStream(damaged, maxRead: 1000);
                InvalidDataException e = Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(stream));
                WeightFileError code = WeightFileFormat.ErrorOf(e);
                Assert.NotEqual(WeightFileError.None, code);
                seen.Add(code);
            }
        }

        Assert.Equal(WeightFileError.Truncated, Code(trainer, checkpoint[..^5]));
        Assert.Equal(WeightFileError.Truncated, Code(trainer, checkpoint[..60]));
        Assert.Equal(WeightFileError.TrailingBytes, Code(trainer, [.. checkpoint, 7]));
        Assert.True(seen.IsSupersetOf([WeightFileError.NotAWeightFile, WeightFileError.UnsupportedVersion, WeightFileError.CorruptHeader, WeightFileError.ChecksumMismatch]),
            string.Join(", ", seen));
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.Equal(0, trainer.StepCount);

        string path = Path.Combine(_directory, "bad.fgc");
        File.WriteAllBytes(path, checkpoint[..^1]);
        var withPath = Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(path));
        Assert.StartsWith(path, withPath.Message);
        Assert.Equal(WeightFileError.Truncated, WeightFileFormat.ErrorOf(withPath));
    }

    [Fact]
    public void SavingReplacesTheFileAtomically()
    {
        string path = Path.Combine(_directory, "atomic.fgc");
        File.WriteAllText(path, "old");
        using var trainer = new MediumNet(seed: 25).CreateTrainer(Options());
        trainer.SaveCheckpoint(path);
        Assert.Equal("FGC1", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path), 0, 4));
        Assert.Single(Directory.GetFiles(_directory)); // no temporary file left behind
        Assert.Throws<ArgumentException>(() => trainer.SaveCheckpoint(_directory + Path.DirectorySeparatorChar));
        Assert.Single(Directory.GetFiles(_directory));
    }

    private static byte[] Checkpoint(TrainerOptions options)
    {
        using var trainer = new MediumNet(seed: 23).CreateTrainer(options);
        trainer.Fit(Batches(), Fit(8));
        var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        return stream.ToArray();
    }

    private static void AssertRefused(byte[] checkpoint, MediumNet net, TrainerOptions options, WeightFileError code, string named)
    {
        using var trainer = net.CreateTrainer(options);
        float[] before = net.Parameters.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(new MemoryStream(checkpoint)));
        Assert.Equal(code, WeightFileFormat.ErrorOf(e));
        Assert.Contains(named, e.Message);
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.Equal(0, trainer.StepCount);
    }

    private static WeightFileError Code(INetworkTrainer trainer, byte[] bytes) =>
        WeightFileFormat.ErrorOf(Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(new MemoryStream(bytes))));
}
