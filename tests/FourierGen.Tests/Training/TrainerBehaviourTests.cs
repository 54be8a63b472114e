namespace FourierGen.Tests.Training;

public class TrainerBehaviourTests
{
    private static (float[] Inputs, float[] Targets) Batch(int rows, int seed, int inputs = 2, int outputs = 3) =>
        TrainingData.Batch(rows, seed, inputs, outputs);

    [Fact]
    public void PredictAndPredictBatchAgree()
    {
        var net = new MediumNet(seed: 3);
        (float[] inputs, _) = Batch(1000, 1);
        float[] batch = new float[1000 * MediumNet.OutputSize];
        net.PredictBatch(inputs, batch);
        float[] one = new float[MediumNet.OutputSize];
        for (int r = 0; r < 1000; r++)
        {
            net.Predict(inputs.AsSpan(r * 2, 2), one);
            for (int o = 0; o < MediumNet.OutputSize; o++)
            {
                Assert.True(Math.Abs(one[o] - batch[r * 3 + o]) <= 1e-6, $"row {r}, output {o}: {one[o]:R} vs {batch[r * 3 + o]:R}");
            }
        }
    }

    [Fact]
    public void PredictMatchesTheTrainedForwardPass()
    {
        // The loss a step reports is computed from the batched forward pass; Predict must agree with it.
        var net = new MediumNet(seed: 4);
        (float[] inputs, float[] targets) = Batch(300, 2);
        float[] outputs = new float[300 * 3];
        net.PredictBatch(inputs, outputs);
        double mse = outputs.Zip(targets, (p, t) => (double)(p - t) * (p - t)).Average();
        using var trainer = net.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Sgd(1e-30f), BatchCapacity = 300 });
        Assert.Equal(mse, trainer.Step(inputs, targets), 1e-6);
    }

    [Fact]
    public void OneAndTwoThreadsGiveBitIdenticalParameters()
    {
        float[] Train(int threads)
        {
            var net = new MediumNet(seed: 5);
            using var trainer = net.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(1e-3f), BatchCapacity = 3000, Threads = threads });
            for (int step = 0; step < 4; step++)
            {
                (float[] x, float[] y) = Batch(3000 - 317 * step, 10 + step);
                trainer.Step(x, y);
            }

            return net.Parameters.ToArray();
        }

        float[] one = Train(1), two = Train(2), eight = Train(8);
        Assert.True(one.AsSpan().SequenceEqual(two), "1 and 2 threads differ");
        Assert.True(one.AsSpan().SequenceEqual(eight), "1 and 8 threads differ");
    }

    [Fact]
    public void StepsLowerTheLoss()
    {
        var net = new MediumNet(seed: 6);
        (float[] x, float[] y) = Batch(512, 3);
        using var trainer = net.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(1e-2f), BatchCapacity = 512 });
        float first = trainer.Step(x, y);
        float last = first;
        for (int step = 0; step < 50; step++)
        {
            last = trainer.Step(x, y);
        }

        Assert.True(last < 0.8 * first, $"loss {first} → {last}");
        Assert.Equal(51, trainer.StepCount);
    }

    [Fact]
    public void CallerGradientStepEqualsTheBuiltInLossStep()
    {
        // ∂L/∂ŷ of MSE supplied by the caller must give the same update as Loss.MeanSquaredError.
        (float[] x, float[] y) = Batch(700, 4);
        var a = new MediumNet(seed: 7);
        var b = new MediumNet(seed: 7);
        using var trainerA = a.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Sgd(0.1f), BatchCapacity = 700 });
        using var trainerB = b.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Sgd(0.1f), BatchCapacity = 700 });
        trainerA.Step(x, y);

        float[] outputs = new float[y.Length];
        b.PredictBatch(x, outputs);
        float[] gradient = outputs.Zip(y, (p, t) => 2f / y.Length * (p - t)).ToArray();
        trainerB.Step(x, new LossGradient(gradient));

        float[] pa = a.Parameters.ToArray(), pb = b.Parameters.ToArray();
        for (int k = 0; k < pa.Length; k++)
        {
            Assert.True(Math.Abs(pa[k] - pb[k]) <= 1e-6, $"parameter {k}: {pa[k]} vs {pb[k]}");
        }
    }

    [Fact]
    public void WrongLengthsThrowNamingTheExpectedLength()
    {
        var net = new MediumNet();
        using var trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 10 });
        Assert.Contains("multiple of 2", Assert.Throws<ArgumentException>(() => trainer.Step(new float[5], new float[6])).Message);
        Assert.Contains("length 9", Assert.Throws<ArgumentException>(() => trainer.Step(new float[6], new float[8])).Message);
        Assert.Contains("BatchCapacity = 10", Assert.Throws<ArgumentException>(() => trainer.Step(new float[22], new float[33])).Message);
        Assert.Contains("at least length 3", Assert.Throws<ArgumentException>(() => net.Predict(new float[2], new float[2])).Message);
        Assert.Contains("length 2", Assert.Throws<ArgumentException>(() => net.Predict(new float[3], new float[3])).Message);
        Assert.Contains("at least length 6", Assert.Throws<ArgumentException>(() => net.PredictBatch(new float[4], new float[5])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.CreateTrainer(new TrainerOptions { BatchCapacity = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.CreateTrainer(new TrainerOptions { Threads = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Adam(float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Sgd(-1f));
    }

    [Theory]
    [InlineData(float.NaN, false)]
    [InlineData(float.PositiveInfinity, false)]
    [InlineData(float.NaN, true)]
    [InlineData(float.NegativeInfinity, true)]
    public void NonFiniteDataIsRejectedBeforeAnyChange(float bad, bool inTargets)
    {
        var net = new MediumNet(seed: 8);
        float[] before = net.Parameters.ToArray();
        (float[] x, float[] y) = Batch(20, 5);
        (inTargets ? y : x)[7] = bad;
        using var trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 20 });
        var error = Assert.Throws<ArgumentException>(() => trainer.Step(x, y));
        Assert.Contains(inTargets ? "targets[7]" : "inputs[7]", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.Equal(0, trainer.StepCount);
        Assert.Throws<ArgumentException>(() => net.Predict([bad, 0f], new float[3]));
    }

    [Fact]
    public void AnOverflowingUpdateThrowsAndChangesNothing()
    {
        var net = new MediumNet(seed: 9);
        float[] before = net.Parameters.ToArray();
        // Targets of 1e18 keep the loss finite (1e36 in float), but lr·g ≈ 1e30·1e16 overflows the update.
        (float[] x, float[] y) = Batch(64, 6);
        Array.Fill(y, 1e18f);
        using var trainer = net.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Sgd(1e30f), BatchCapacity = 64 });
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Step(x, y));
        Assert.Equal(1, error.Step);
        Assert.Contains("updated parameters", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.Equal(0, trainer.StepCount);
    }

    [Fact]
    public void ANonFiniteLossThrowsAndLeavesTheOptimizerStateAsBefore()
    {
        // With every weight 2, raw inputs of 3e38 overflow the first layer: the loss is not finite. A trainer
        // that saw that step must continue exactly like one that never did (same parameters, Adam moments, t).
        (float[] x, float[] y) = Batch(32, 7, inputs: 3, outputs: 1);
        float[] huge = x.Select(v => 3e38f).ToArray();

        var a = new GradRawNoBias(seed: 1);
        var b = new GradRawNoBias(seed: 1);
        float[] twos = Enumerable.Repeat(2f, GradRawNoBias.ParameterCount).ToArray();
        a.SetParameters(twos);
        b.SetParameters(twos);
        using var trainerA = a.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(1e-2f), BatchCapacity = 32 });
        using var trainerB = b.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(1e-2f), BatchCapacity = 32 });
        trainerA.Step(x, y);
        trainerB.Step(x, y);
        float[] beforeBad = a.Parameters.ToArray();
        Assert.Throws<TrainingDivergedException>(() => trainerA.Step(huge, y));
        Assert.Equal(beforeBad, a.Parameters.ToArray());
        trainerA.Step(x, y);
        trainerB.Step(x, y);
        Assert.Equal(b.Parameters.ToArray(), a.Parameters.ToArray());
        Assert.Equal(2, trainerA.StepCount);
    }
}
