namespace FourierGen.Tests.Training;

/// <summary>The two-phase step: Forward's outputs are the network's, and Backward from a loss's gradient is that loss's Step.</summary>
public class ForwardBackwardTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ForwardThenBackwardOfTheMseGradientIsTheMseStepBitForBit(int threads)
    {
        (float[] x, float[] y) = TrainingData.Batch(1300, 5);
        var a = new MediumNet(seed: 31);
        var b = new MediumNet(seed: 31);
        var options = new TrainerOptions { Optimizer = Optimizer.Adam(1e-2f), BatchCapacity = 1300, Threads = threads };
        using var builtIn = a.CreateTrainer(options);
        using var twoPhase = b.CreateTrainer(options with { RetainActivations = true });
        float[] outputs = new float[y.Length];
        float[] gradient = new float[y.Length];
        float scale = (float)(2.0 / y.Length); // mse_loss's backward: (ŷ − y)·2/N in float
        for (int step = 0; step < 3; step++)
        {
            builtIn.Step(x, y);
            twoPhase.Forward(x, outputs);
            for (int i = 0; i < y.Length; i++)
            {
                gradient[i] = (outputs[i] - y[i]) * scale;
            }

            twoPhase.Backward(gradient);
        }

        Assert.True(a.Parameters.SequenceEqual(b.Parameters), "Forward/Backward differs from Step");
        Assert.Equal(3, twoPhase.StepCount);
    }

    [Fact]
    public void ForwardGivesThePredictionsAndWritesOnlyItsRows()
    {
        (float[] x, _) = TrainingData.Batch(700, 6);
        var net = new MediumNet(seed: 32);
        using var trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 1000, RetainActivations = true });
        Assert.Equal(1000L * trainer.ActivationsPerRow * 4, trainer.RetainedActivationBytes);
        Assert.Equal(MediumNet.FeatureSize + 64 + 48 + MediumNet.OutputSize, trainer.ActivationsPerRow);
        float[] outputs = Enumerable.Repeat(-7f, 700 * 3 + 5).ToArray();
        trainer.Forward(x, outputs);
        float[] predicted = new float[700 * 3];
        net.PredictBatch(x, predicted);
        for (int i = 0; i < predicted.Length; i++)
        {
            Assert.True(Math.Abs(predicted[i] - outputs[i]) <= 1e-6f, $"output {i}: {outputs[i]} vs {predicted[i]}");
        }

        Assert.All(outputs[^5..], v => Assert.Equal(-7f, v));
    }

    [Fact]
    public void MisuseIsExplained()
    {
        (float[] x, float[] y) = TrainingData.Batch(10, 7);
        var net = new MediumNet(seed: 33);
        using (var plain = net.CreateTrainer(new TrainerOptions { BatchCapacity = 10 }))
        {
            Assert.Equal(0, plain.RetainedActivationBytes);
            Assert.Contains("RetainActivations", Assert.Throws<InvalidOperationException>(() => plain.Forward(x, new float[30])).Message);
        }

        using var trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 10, RetainActivations = true });
        Assert.Contains("Forward first", Assert.Throws<InvalidOperationException>(() => trainer.Backward(new float[30])).Message);
        trainer.Forward(x, new float[30]);
        Assert.Throws<ArgumentException>(() => trainer.Backward(new float[27]));
        Assert.Throws<ArgumentException>(() => trainer.Backward(Enumerable.Repeat(float.NaN, 30).ToArray()));
        trainer.Backward(new float[30]);
        Assert.Throws<InvalidOperationException>(() => trainer.Backward(new float[30])); // one Backward per Forward
        trainer.Forward(x, new float[30]);
        trainer.Step(x, y);
        Assert.Throws<InvalidOperationException>(() => trainer.Backward(new float[30])); // a Step discards the Forward
    }
}
