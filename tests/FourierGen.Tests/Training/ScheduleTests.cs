namespace FourierGen.Tests.Training;

/// <summary>
/// Learning-rate schedules against PyTorch's <c>torch.optim.lr_scheduler</c>. The reference values are PyTorch's closed forms
/// (<c>_get_closed_form_lr</c>, as its documentation states them), evaluated in Python floats with base_lr = 0.1 for
/// last_epoch = 0, 1, 2, …: the learning rate of the (last_epoch + 1)-th optimiser step in the loop
/// <c>optimizer.step(); scheduler.step()</c>, i.e. of our step t = last_epoch.
/// </summary>
public class ScheduleTests
{
    private const double Base = 0.1;

    // StepLR(step_size=3, gamma=0.5): base_lr · gamma^(last_epoch // step_size).
    private static readonly double[] StepLr = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125];

    // ExponentialLR(gamma=0.9): base_lr · gamma^last_epoch.
    private static readonly double[] ExponentialLr =
        [0.1, 0.09000000000000001, 0.08100000000000002, 0.0729, 0.06561, 0.05904900000000001, 0.05314410000000001, 0.04782969000000001, 0.04304672100000001, 0.03874204890000001];

    // CosineAnnealingLR(T_max=10, eta_min=0.01): eta_min + (base_lr − eta_min)(1 + cos(π·last_epoch/T_max))/2, for last_epoch 0..10.
    private static readonly double[] CosineLr =
        [0.1, 0.09779754323328192, 0.09140576474687263, 0.08145033635316129, 0.06890576474687264, 0.05500000000000001, 0.04109423525312737,
         0.028549663646838717, 0.01859423525312737, 0.012202456766718092, 0.01];

    // LinearLR(start_factor=0.25, end_factor=1.0, total_iters=4): base_lr·(start + (end − start)·min(total_iters, last_epoch)/total_iters).
    private static readonly double[] LinearLr = [0.025, 0.043750000000000004, 0.0625, 0.08125, 0.1, 0.1, 0.1];

    // SequentialLR([LinearLR(0.25, 1.0, 4), CosineAnnealingLR(T_max=10, eta_min=0)], milestones=[4]): the second scheduler
    // restarts at its own epoch 0 at the milestone (last_epoch 0..14).
    private static readonly double[] SequentialLr =
        [0.025, 0.043750000000000004, 0.0625, 0.08125, 0.1, 0.09755282581475769, 0.09045084971874738, 0.07938926261462366, 0.06545084971874737,
         0.05, 0.03454915028125263, 0.02061073738537635, 0.009549150281252633, 0.0024471741852423235, 0.0];

    // ChainedScheduler([StepLR(3, 0.5), ExponentialLR(0.9)]): both multiply the rate, base_lr · 0.5^(e // 3) · 0.9^e.
    private static readonly double[] ChainedLr =
        [0.1, 0.09000000000000001, 0.08100000000000002, 0.03645, 0.032805, 0.029524500000000006, 0.013286025000000002, 0.011957422500000002];

    public static TheoryData<string> Names() => new() { "step", "exponential", "cosine", "linear", "sequential", "chained" };

    private static (LearningRateSchedule Schedule, double[] Expected) Case(string name) => name switch
    {
        "step" => (LearningRateSchedule.StepDecay(3, 0.5), StepLr),
        "exponential" => (LearningRateSchedule.Exponential(0.9), ExponentialLr),
        "cosine" => (LearningRateSchedule.Cosine(10, minimumFactor: 0.1), CosineLr),
        "linear" => (LearningRateSchedule.Linear(0.25, 1.0, 4), LinearLr),
        "sequential" => (LearningRateSchedule.Warmup(4, startFactor: 0.25).Then(LearningRateSchedule.Cosine(10), 4), SequentialLr),
        _ => (LearningRateSchedule.StepDecay(3, 0.5).Times(LearningRateSchedule.Exponential(0.9)), ChainedLr),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void FactorsGivePyTorchsLearningRates(string name)
    {
        (LearningRateSchedule schedule, double[] expected) = Case(name);
        for (int t = 0; t < expected.Length; t++)
        {
            double actual = Base * schedule.Factor(t);
            Assert.True(Math.Abs(actual - expected[t]) <= 1e-15 * Base, $"{schedule} at t = {t}: {actual:R}, PyTorch {expected[t]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ALiveTrainerUsesTheScheduledRateAtEachStep(string name)
    {
        // SGD: every parameter moves by exactly −lr_t·g (one FMA where the hardware has FMA, else a rounded product and a
        // sum: the kernels never emulate a fused multiply-add), so the rate each step used can be read back.
        (LearningRateSchedule schedule, double[] expected) = Case(name);
        var net = new MediumNet(seed: 2);
        (float[] x, float[] y) = TrainingData.Batch(64, 1);
        using var trainer = net.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Sgd(0.1f), Schedule = schedule, BatchCapacity = 64, Threads = 1 });
        for (int t = 0; t < expected.Length; t++)
        {
            Assert.Equal(0.1f * schedule.Factor(t), trainer.CurrentLearningRate);
            Assert.True(Math.Abs(trainer.CurrentLearningRate - expected[t]) <= 1e-7 * Base, $"t = {t}: {trainer.CurrentLearningRate:R} vs {expected[t]:R}");
            float[] before = net.Parameters.ToArray();
            float rate = (float)trainer.CurrentLearningRate;
            trainer.Step(x, y);
            ReadOnlySpan<float> g = trainer.LastGradient;
            for (int k = 0; k < before.Length; k += 97)
            {
                float moved = Hardware.HasFusedMultiplyAdd ? MathF.FusedMultiplyAdd(g[k], -rate, before[k]) : before[k] + (g[k] * -rate);
                Assert.Equal(moved, net.Parameters[k]);
            }
        }
    }

    [Fact]
    public void CosineHoldsItsMinimumAfterTMaxWherePyTorchsClosedFormRisesAgain()
    {
        LearningRateSchedule cosine = LearningRateSchedule.Cosine(10, minimumFactor: 0.1);
        Assert.Equal(0.1, cosine.Factor(10));
        Assert.Equal(0.1, cosine.Factor(11)); // PyTorch's closed form: 0.012202456766718082 / 0.1
        Assert.Equal(0.1, cosine.Factor(1_000_000));
        Assert.Equal(0, LearningRateSchedule.Warmup(4, 0.25).Then(LearningRateSchedule.Cosine(10), 4).Factor(15));
    }

    [Fact]
    public void TheOccupancyDecayIsLrTimesATenthPerFiveThousandSteps()
    {
        LearningRateSchedule decay = LearningRateSchedule.Exponential(0.1, 5000);
        foreach (long t in new long[] { 0, 1, 2500, 5000, 12345 })
        {
            Assert.Equal(Math.Pow(0.1, t / 5000.0), decay.Factor(t), 15);
        }
    }

    [Fact]
    public void SettingTheLearningRateKeepsAdamsState()
    {
        // Halving the rate of a live trainer after 3 steps = one trainer whose schedule halves it at step 3.
        (float[] x, float[] y) = TrainingData.Batch(300, 2);
        var a = new MediumNet(seed: 3);
        using (var trainer = a.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(1e-2f), BatchCapacity = 300 }))
        {
            for (int step = 0; step < 6; step++)
            {
                if (step == 3)
                {
                    trainer.LearningRate = 5e-3f;
                    Assert.Equal(5e-3f, trainer.CurrentLearningRate);
                }

                trainer.Step(x, y);
            }
        }

        var b = new MediumNet(seed: 3);
        var halve = LearningRateSchedule.FromFunction(t => t < 3 ? 1 : 0.5, "halve at 3");
        using (var trainer = b.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(1e-2f), Schedule = halve, BatchCapacity = 300 }))
        {
            for (int step = 0; step < 6; step++)
            {
                trainer.Step(x, y);
            }
        }

        // A fresh trainer at the new rate (Adam restarted) lands elsewhere: the state was what carried over.
        var c = new MediumNet(seed: 3);
        using (var first = c.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(1e-2f), BatchCapacity = 300 }))
        {
            for (int step = 0; step < 3; step++)
            {
                first.Step(x, y);
            }
        }

        using (var second = c.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(5e-3f), BatchCapacity = 300 }))
        {
            for (int step = 0; step < 3; step++)
            {
                second.Step(x, y);
            }
        }

        Assert.True(a.Parameters.SequenceEqual(b.Parameters), "setting LearningRate differs from the same change by a schedule");
        Assert.False(a.Parameters.SequenceEqual(c.Parameters), "a restarted Adam gave the same parameters");
    }

    [Fact]
    public void BadSchedulesAndRatesAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.StepDecay(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Exponential(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Cosine(10, minimumFactor: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Linear(0, 1, 5)); // PyTorch: start_factor in (0, 1]
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant.Then(LearningRateSchedule.Constant, 0));

        var net = new MediumNet(seed: 4);
        (float[] x, float[] y) = TrainingData.Batch(10, 3);
        var negative = LearningRateSchedule.FromFunction(t => -1, "negative");
        using var trainer = net.CreateTrainer(new TrainerOptions { Schedule = negative, BatchCapacity = 10 });
        float[] before = net.Parameters.ToArray();
        var error = Assert.Throws<InvalidOperationException>(() => trainer.Step(x, y));
        Assert.Contains("FromFunction(negative)", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.Equal(0, trainer.StepCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.LearningRate = float.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.LearningRate = -1e-3f);
    }

    [Fact]
    public void DescriptionsTellSchedulesApart()
    {
        Assert.Equal("Cosine(steps: 1000, minimumFactor: 0)", LearningRateSchedule.Cosine(1000).ToString());
        Assert.Equal("Linear(startFactor: 0.01, endFactor: 1, steps: 100).Then(Cosine(steps: 900, minimumFactor: 0), 100)",
            LearningRateSchedule.Warmup(100, 0.01).Then(LearningRateSchedule.Cosine(900), 100).ToString());
        Assert.NotEqual(LearningRateSchedule.Exponential(0.5).ToString(), LearningRateSchedule.Exponential(0.5, 2).ToString());
    }
}
