namespace FourierGen.Tests.Training;

/// <summary>
/// The destination rule (the BCL's, as TensorPrimitives and Span.CopyTo apply it): a destination may be longer than
/// needed, only its first values are written, and one that is too short is an ArgumentException naming the length needed.
/// </summary>
public class DestinationLengthTests
{
    private const float Sentinel = -12345f;

    private static float[] Longer(int needed) => Enumerable.Repeat(Sentinel, needed + 7).ToArray();

    private static void AssertWritten(float[] destination, float[] expected)
    {
        Assert.Equal(expected, destination[..expected.Length]);
        Assert.All(destination[expected.Length..], v => Assert.Equal(Sentinel, v));
    }

    [Fact]
    public void NetworkDestinationsMayBeLonger()
    {
        var net = new MediumNet(seed: 81);
        (float[] x, _) = TrainingData.Batch(300, 1);
        float[] exactOutputs = new float[300 * 3], exactFeatures = new float[300 * MediumNet.FeatureSize];
        net.PredictBatch(x, exactOutputs);
        net.EncodeBatch(x, exactFeatures);

        float[] outputs = Longer(300 * 3);
        net.PredictBatch(x, outputs);
        AssertWritten(outputs, exactOutputs);

        float[] features = Longer(300 * MediumNet.FeatureSize);
        net.EncodeBatch(x, features);
        AssertWritten(features, exactFeatures);

        float[] exactOne = new float[3], one = Longer(3);
        net.Predict(x.AsSpan(0, 2), exactOne); // the one-sample kernel: its own rounding, not PredictBatch's
        net.Predict(x.AsSpan(0, 2), one);
        AssertWritten(one, exactOne);

        float[] feature = Longer(MediumNet.FeatureSize);
        net.Encode(x.AsSpan(0, 2), feature);
        AssertWritten(feature, exactFeatures[..MediumNet.FeatureSize]);

        using var trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 300, RetainActivations = true });
        float[] forward = Longer(300 * 3);
        trainer.Forward(x, forward);
        Assert.All(forward[^7..], v => Assert.Equal(Sentinel, v));
    }

    [Fact]
    public void ShortDestinationsNameTheLengthNeeded()
    {
        var net = new MediumNet(seed: 82);
        Assert.Contains("at least length 6", Assert.Throws<ArgumentException>(() => net.PredictBatch(new float[4], new float[5])).Message);
        Assert.Contains("at least length 80", Assert.Throws<ArgumentException>(() => net.Encode(new float[2], new float[79])).Message);
        Assert.Contains("at least length 160", Assert.Throws<ArgumentException>(() => net.EncodeBatch(new float[4], new float[159])).Message);
        Assert.Contains("at least length 3", Assert.Throws<ArgumentException>(() => net.Predict(new float[2], new float[2])).Message);
        // Sources stay exact: their length gives the row count.
        Assert.Contains("length 2", Assert.Throws<ArgumentException>(() => net.Predict(new float[3], new float[3])).Message);
    }
}
