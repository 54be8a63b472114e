namespace FourierGen.Tests.Training;

public class FitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fouriergen-fit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly (float[] X, float[] Y) Data = TrainingData.Batch(1000, 41);

    private static Minibatches Batches(int batchSize = 100) => Minibatches.For<MediumNet>(Data.X, Data.Y, batchSize, seed: 1);

    [Fact]
    public void FitIsStepOverTheBatchesInOrder()
    {
        var a = new MediumNet(seed: 51);
        var b = new MediumNet(seed: 51);
        var options = new TrainerOptions { Optimizer = Optimizer.Adam(1e-2f), Schedule = LearningRateSchedule.Cosine(25), BatchCapacity = 100 };
        using (var trainer = a.CreateTrainer(options))
        {
            FitResult result = trainer.Fit(Batches(), new FitOptions { Epochs = 2 });
            Assert.Equal(20, result.StepCount);
            Assert.Equal(20, result.StepsRun);
            Assert.False(result.StoppedEarly);
            Assert.Null(result.BestValidationLoss);
        }

        using (var trainer = b.CreateTrainer(options))
        {
            Minibatches data = Batches();
            for (long i = 0; i < 20; i++)
            {
                TrainingBatch batch = data.GetBatch(i);
                trainer.Step(batch.Inputs, batch.Targets);
            }
        }

        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
    }

    [Fact]
    public void ProgressReportsStepLossRateAndValidation()
    {
        var net = new MediumNet(seed: 52);
        using var trainer = net.CreateTrainer(new TrainerOptions { Schedule = LearningRateSchedule.Exponential(0.5), BatchCapacity = 100 });
        var reports = new List<TrainingProgress>();
        var validation = new ValidationSet(Data.X.AsMemory(0, 400), Data.Y.AsMemory(0, 600));
        trainer.Fit(Batches(), new FitOptions { Steps = 12, ReportEvery = 4, ValidateEvery = 3, Validation = validation }, new ListProgress(reports));

        // Every 4th step, every validation (3, 6, 9, 12), and the last.
        Assert.Equal(new long[] { 3, 4, 6, 8, 9, 12 }, reports.Select(r => r.Step).ToArray());
        Assert.All(reports, r => Assert.Equal(12, r.TotalSteps));
        Assert.All(reports, r => Assert.Equal(1e-3f * Math.Pow(0.5, r.Step - 1), r.LearningRate)); // the rate step r.Step used (t = r.Step − 1)
        Assert.All(reports, r => Assert.True(r.Loss > 0 && double.IsFinite(r.Loss)));
        Assert.NotNull(reports[0].ValidationLoss);
        Assert.Equal(reports[0].ValidationLoss, reports[1].ValidationLoss); // step 4 carries step 3's validation
        double expected = net.Evaluate(Data.X.AsSpan(0, 400), Data.Y.AsSpan(0, 600)).Loss;
        Assert.Equal(expected, reports[^1].ValidationLoss);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Elapsed <= p.Second.Elapsed));
        Assert.Contains("step 12/12", reports[^1].ToString());
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestParameters()
    {
        // Validation targets that disagree with the training targets: the validation loss soon stops improving.
        var net = new MediumNet(seed: 53);
        float[] wrong = Data.Y.AsSpan(0, 600).ToArray().Select(v => 1 - v).ToArray();
        var validation = new ValidationSet(Data.X.AsMemory(0, 400), wrong);
        using var trainer = net.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(3e-2f), BatchCapacity = 100 });
        var reports = new List<TrainingProgress>();
        FitResult result = trainer.Fit(Batches(), new FitOptions { Steps = 2000, Validation = validation, ValidateEvery = 5, Patience = 4 }, new ListProgress(reports));

        Assert.True(result.StoppedEarly);
        Assert.Equal(result.BestStep + 4 * 5, result.StepCount);
        Assert.True(result.StepCount < 2000);
        Assert.Equal(result.BestValidationLoss, reports.Where(r => r.ValidationLoss is not null).Min(r => r.ValidationLoss));
        Assert.Equal(result.BestValidationLoss!.Value, trainer.Evaluate(Data.X.AsSpan(0, 400), wrong).Loss);

        // A second Fit with the same options has nothing left to do.
        FitResult again = trainer.Fit(Batches(), new FitOptions { Steps = 2000, Validation = validation, ValidateEvery = 5, Patience = 4 });
        Assert.True(again.StoppedEarly);
        Assert.Equal(0, again.StepsRun);
    }

    [Fact]
    public void CancellationSavesACheckpointAndThrows()
    {
        string path = Path.Combine(_directory, "cancelled.fgc");
        var net = new MediumNet(seed: 54);
        using var cancel = new CancellationTokenSource();
        using var trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 100 });
        var progress = new ListProgress([], r =>
        {
            if (r.Step == 7)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            trainer.Fit(Batches(), new FitOptions { Steps = 100, ReportEvery = 1, CheckpointPath = path }, progress, cancel.Token));
        Assert.Equal(7, trainer.StepCount);

        using var resumed = new MediumNet(seed: 54).CreateTrainer(new TrainerOptions { BatchCapacity = 100 });
        resumed.LoadCheckpoint(path);
        Assert.Equal(7, resumed.StepCount);
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        using var trainer = new MediumNet(seed: 55).CreateTrainer(new TrainerOptions { BatchCapacity = 50 });
        Assert.Throws<ArgumentException>(() => trainer.Fit(Batches(50), new FitOptions()));
        Assert.Throws<ArgumentException>(() => trainer.Fit(Batches(50), new FitOptions { Steps = 1, Epochs = 1 }));
        Assert.Throws<ArgumentException>(() => trainer.Fit(Batches(50), new FitOptions { Steps = 1, Patience = 3 }));
        Assert.Contains("CheckpointPath", Assert.Throws<ArgumentException>(() => trainer.Fit(Batches(50), new FitOptions { Steps = 1, CheckpointEvery = 5 })).Message);
        Assert.Contains("BatchCapacity is 50", Assert.Throws<ArgumentException>(() => trainer.Fit(Batches(100), new FitOptions { Steps = 1 })).Message);
        var threeInputs = new Minibatches(new float[9], new float[9], 3, 3, 3);
        Assert.Contains("3 inputs", Assert.Throws<ArgumentException>(() => trainer.Fit(threeInputs, new FitOptions { Steps = 1 })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(Batches(50), new FitOptions { Steps = 1, ValidateEvery = 0 }));
    }

    [Fact]
    public void TheProgressBarWritesWholeLinesWhenRedirected()
    {
        var writer = new StringWriter();
        var bar = new TrainingProgressBar(writer);
        for (int step = 1; step <= 100; step++)
        {
            bar.Report(new TrainingProgress(step, 100, 0.5 / step, 1e-3, TimeSpan.FromSeconds(step), step >= 50 ? 0.1 : null, step >= 50 ? 0.1 : null));
        }

        string[] lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 10, 12); // every tenth, the first validation, the last
        Assert.All(lines, l => Assert.DoesNotContain("\r", l));
        Assert.StartsWith("[########################] 100%", lines[^1]);
        Assert.Contains("step 100/100  loss 5.000e-03  lr 1.00e-03  validation 1.000e-01  00:01:40", lines[^1]);
    }

    private sealed class ListProgress(List<TrainingProgress> reports, Action<TrainingProgress>? then = null) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            reports.Add(value);
            then?.Invoke(value);
        }
    }
}
