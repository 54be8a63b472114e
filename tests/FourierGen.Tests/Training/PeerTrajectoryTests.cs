using System.Text.Json;
using FourierGen.Tests.Support;

namespace FourierGen.Tests.Training;

/// <summary>
/// The generated trainer reproduces libtorch's trajectories (shared/reference/train-*.json): every step's
/// loss and the final parameters within the tolerance each file states.
/// </summary>
public class PeerTrajectoryTests
{
    [Fact]
    public void BinaryCrossEntropyMiniBatchAdam() => Replay(new BceReferenceNet(), "train-bce-minibatch.json");

    [Fact]
    public void HalfSumSquaredSgdOnPowerLawFeatures() => Replay(new HalfSumReferenceNet(), "train-halfsum-sgd-1d.json");

    [Fact]
    public void MeanSquaredErrorAdamSigmoidOnGaussianFeatures()
    {
        using JsonDocument document = TestData.Load("train-mse-adam-sigmoid.json");
        float[] b = TestData.FloatRows(document.RootElement.GetProperty("mapping").GetProperty("B"));
        Replay(new MseSigmoidReferenceNet(frequencies: b), "train-mse-adam-sigmoid.json");
    }

    private static void Replay<TNet>(TNet net, string file)
        where TNet : IFourierNetwork<TNet>
    {
        using JsonDocument document = TestData.Load(file);
        JsonElement root = document.RootElement;

        // The declared mapping must be the file's (B and a), so that only training is compared.
        if (root.GetProperty("mapping") is { ValueKind: JsonValueKind.Object } mapping)
        {
            Assert.Equal(TestData.FloatRows(mapping.GetProperty("B")), net.Frequencies.ToArray());
            Assert.Equal(TestData.Floats(mapping.GetProperty("a")), net.Amplitudes.ToArray());
        }

        net.SetParameters(Flatten(root.GetProperty("initialParameters")));
        float[] x = TestData.FloatRows(root.GetProperty("x"));
        float[] y = TestData.FloatRows(root.GetProperty("y"));
        int[][] batches = root.GetProperty("batches").EnumerateArray().Select(b => b.EnumerateArray().Select(i => i.GetInt32()).ToArray()).ToArray();
        double[] losses = TestData.Doubles(root.GetProperty("losses"));
        JsonElement tolerance = root.GetProperty("tolerance");
        double lossRelative = tolerance.GetProperty("lossRelative").GetDouble();
        double parameterAbsolute = tolerance.GetProperty("parameterAbsolute").GetDouble();

        JsonElement optimizer = root.GetProperty("optimizer");
        float learningRate = optimizer.GetProperty("learningRate").GetSingle();
        var options = new TrainerOptions
        {
            Loss = root.GetProperty("loss").GetString() switch
            {
                "MeanSquaredError" => Loss.MeanSquaredError,
                "HalfSumSquared" => Loss.HalfSumSquared,
                "BinaryCrossEntropyWithLogits" => Loss.BinaryCrossEntropyWithLogits,
                var other => throw new InvalidDataException($"unknown loss {other}"),
            },
            Optimizer = optimizer.GetProperty("kind").GetString() == "Adam"
                ? Optimizer.Adam(learningRate, optimizer.GetProperty("beta1").GetSingle(), optimizer.GetProperty("beta2").GetSingle(), optimizer.GetProperty("epsilon").GetSingle())
                : Optimizer.Sgd(learningRate),
            BatchCapacity = batches.Max(b => b.Length),
            Threads = 2,
        };

        using INetworkTrainer trainer = net.CreateTrainer(options);
        for (int step = 0; step < batches.Length; step++)
        {
            int[] rows = batches[step];
            float[] inputs = rows.SelectMany(r => x.AsSpan(r * TNet.InputSize, TNet.InputSize).ToArray()).ToArray();
            float[] targets = rows.SelectMany(r => y.AsSpan(r * TNet.OutputSize, TNet.OutputSize).ToArray()).ToArray();
            float loss = trainer.Step(inputs, targets);
            double relative = Math.Abs(loss - losses[step]) / Math.Abs(losses[step]);
            Assert.True(relative <= lossRelative, $"step {step}: loss {loss:R}, libtorch {losses[step]:R} (relative {relative:E2} > {lossRelative:E2})");
        }

        float[] expected = Flatten(root.GetProperty("finalParameters"));
        float[] actual = net.Parameters.ToArray();
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= parameterAbsolute, $"largest final parameter difference {worst:E2} > {parameterAbsolute:E2}");
    }

    /// <summary>The file's layers ({weight [out][in], bias [out]} each) in FourierGen's layout: W row-major, then b, per layer.</summary>
    private static float[] Flatten(JsonElement layers) =>
        layers.EnumerateArray()
            .SelectMany(layer => TestData.FloatRows(layer.GetProperty("weight")).Concat(TestData.Floats(layer.GetProperty("bias"))))
            .ToArray();
}
