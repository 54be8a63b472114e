using Xunit;

namespace FourierGen.Tests.Training;

/// <summary>
/// One-sample Predict reads a transposed copy of the wider layers' weights; every way the parameters change must make
/// it follow. Each test first predicts (so the copy exists), then changes the parameters, then compares Predict with a
/// network of the same seed (the same B) that was given the new parameters before it ever predicted: the same code on the same values, so equal to
/// the bit, and different from the old output (so a stale copy cannot pass).
/// </summary>
public class ParameterWriteTests
{
    private static readonly float[] Input = [0.3f, -0.7f];

    private static float[] PredictOf(IFourierNetwork net)
    {
        var output = new float[net.OutputSize];
        net.Predict(Input, output);
        return output;
    }

    private static void AssertPredictsAsFresh(MediumNet net, int seed, float[] before)
    {
        var fresh = new MediumNet(seed); // the same B and a; its parameters are replaced before it ever predicts
        fresh.SetParameters(net.Parameters);
        float[] after = PredictOf(net);
        Assert.Equal(PredictOf(fresh), after);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void PredictFollowsSetParameters()
    {
        var net = new MediumNet(seed: 1);
        float[] before = PredictOf(net);
        net.SetParameters(new MediumNet(seed: 2).Parameters);
        AssertPredictsAsFresh(net, 1, before);
    }

    [Fact]
    public void PredictFollowsATrainingStep()
    {
        var net = new MediumNet(seed: 3);
        float[] before = PredictOf(net);
        (float[] x, float[] y) = TrainingData.Batch(64, 5, 2, 3);
        using var trainer = net.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(1e-2f), BatchCapacity = 64 });
        trainer.Step(x, y);
        AssertPredictsAsFresh(net, 3, before);
    }

    [Fact]
    public void PredictFollowsACheckpointRestore()
    {
        var net = new MediumNet(seed: 4);
        (float[] x, float[] y) = TrainingData.Batch(64, 6, 2, 3);
        using var trainer = net.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Adam(1e-2f), BatchCapacity = 64 });
        using var checkpoint = new MemoryStream();
        trainer.SaveCheckpoint(checkpoint);
        trainer.Step(x, y);
        float[] before = PredictOf(net);
        trainer.LoadCheckpoint(new MemoryStream(checkpoint.ToArray()));
        AssertPredictsAsFresh(net, 4, before);
        Assert.Equal(new MediumNet(seed: 4).Parameters.ToArray(), net.Parameters.ToArray());
    }

    [Fact]
    public void ConcurrentFirstPredictsAfterAWriteAllSeeTheNewParameters()
    {
        // Each round writes new parameters, then several threads predict at once: every one of them may find the copy
        // old and re-transpose it while the others read it. All must give the output of a network that never predicted.
        var net = new MediumNet(seed: 8);
        float[][] inputs = [.. Enumerable.Range(0, 4).Select(t => new[] { 0.1f * t, -0.2f * t })];
        for (int round = 0; round < 20; round++)
        {
            net.SetParameters(new MediumNet(seed: 100 + round).Parameters);
            var fresh = new MediumNet(seed: 8);
            fresh.SetParameters(net.Parameters);
            float[][] expected = [.. inputs.Select(x => { var y = new float[3]; fresh.Predict(x, y); return y; })];

            using var start = new Barrier(inputs.Length);
            float[][] actual = new float[inputs.Length][];
            Thread[] threads = [.. Enumerable.Range(0, inputs.Length).Select(t => new Thread(() =>
            {
                var y = new float[3];
                start.SignalAndWait();
                net.Predict(inputs[t], y);
                actual[t] = y;
            }))];
            foreach (Thread thread in threads)
            {
                thread.Start();
            }

            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            for (int t = 0; t < inputs.Length; t++)
            {
                Assert.Equal(expected[t], actual[t]);
            }
        }
    }

    [Fact]
    public void SetParametersRefusesWrongLengthsAndNonFiniteValuesAndWritesNothing()
    {
        var net = new MediumNet(seed: 7);
        float[] original = net.Parameters.ToArray();

        ArgumentException tooShort = Assert.Throws<ArgumentException>(() => net.SetParameters(new float[MediumNet.ParameterCount - 1]));
        Assert.Equal("values", tooShort.ParamName);
        Assert.Contains("ParameterCount", tooShort.Message);
        Assert.Throws<ArgumentException>(() => net.SetParameters(new float[MediumNet.ParameterCount + 1]));

        float[] withNaN = (float[])original.Clone();
        withNaN[^1] = float.NaN;
        ArgumentException nan = Assert.Throws<ArgumentException>(() => net.SetParameters(withNaN));
        Assert.Equal("values", nan.ParamName);
        float[] withInfinity = (float[])original.Clone();
        withInfinity[0] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => net.SetParameters(withInfinity));

        Assert.Equal(original, net.Parameters.ToArray());
    }
}
