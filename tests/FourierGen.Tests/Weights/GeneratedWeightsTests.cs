using FourierGen.Tests.Support;
using FourierGen.Tests.Training;

namespace FourierGen.Tests.Weights;

/// <summary>Save/Load, baking and thread safety through generated networks.</summary>
public class GeneratedWeightsTests
{
    [Fact]
    public void SaveThenLoadIsBitExact()
    {
        var net = new MediumNet(seed: 11, frequencyScale: 3f);
        string path = Path.Combine(Path.GetTempPath(), $"fouriergen-{Guid.NewGuid():N}.fgw");
        try
        {
            net.Save(path);
            MediumNet loaded = MediumNet.Load(path);
            Assert.True(net.Parameters.SequenceEqual(loaded.Parameters));
            Assert.True(net.Frequencies.SequenceEqual(loaded.Frequencies));
            Assert.True(net.Amplitudes.SequenceEqual(loaded.Amplitudes));
            float[] a = new float[3], b = new float[3];
            net.Predict([0.3f, 0.6f], a);
            loaded.Predict([0.3f, 0.6f], b);
            Assert.Equal(a, b);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void StreamRoundTripAndAnotherDeclarationIsRejected()
    {
        var net = new LoadedSmallNet(seed: 2);
        using var stream = new MemoryStream();
        net.Save(stream);
        stream.Position = 0;
        Assert.True(net.Parameters.SequenceEqual(LoadedSmallNet.Load(stream).Parameters));
        stream.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => OtherSmallNet.Load(stream));
        Assert.Contains("fingerprint", error.Message);
        Assert.Contains("hidden", error.Message);
    }

    [Fact]
    public void BakedNetworkPredictsBitIdenticallyToTheLoadedFile()
    {
        LoadedSmallNet loaded = LoadedSmallNet.Load(TestData.PathOf("baked-small.fgw"));
        BakedSmallNet baked = BakedSmallNet.Baked;
        Assert.True(loaded.Parameters.SequenceEqual(baked.Parameters));
        Assert.True(loaded.Frequencies.SequenceEqual(baked.Frequencies));
        Assert.Equal(BakedSmallNet.Fingerprint, LoadedSmallNet.Fingerprint);

        var random = new Random(3);
        float[] inputs = Enumerable.Range(0, 2 * 777).Select(_ => random.NextSingle()).ToArray();
        float[] fromBaked = new float[3 * 777], fromLoaded = new float[3 * 777];
        baked.PredictBatch(inputs, fromBaked);
        loaded.PredictBatch(inputs, fromLoaded);
        Assert.Equal(fromLoaded, fromBaked);
        float[] one = new float[3], other = new float[3];
        for (int r = 0; r < 777; r++)
        {
            baked.Predict(inputs.AsSpan(2 * r, 2), one);
            loaded.Predict(inputs.AsSpan(2 * r, 2), other);
            Assert.Equal(other, one);
        }
    }

    [Fact]
    public void ConcurrentPredictionsEqualSerialOnes()
    {
        // Predict and PredictBatch on one instance from many threads at once: bit-identical to serial calls.
        var net = new MediumNet(seed: 12);
        var random = new Random(4);
        float[] inputs = Enumerable.Range(0, 2 * 2000).Select(_ => random.NextSingle()).ToArray();
        float[] serialBatch = new float[3 * 2000];
        net.PredictBatch(inputs, serialBatch);
        float[] serialOne = new float[3 * 2000];
        for (int r = 0; r < 2000; r++)
        {
            net.Predict(inputs.AsSpan(2 * r, 2), serialOne.AsSpan(3 * r, 3));
        }

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, task =>
        {
            float[] batch = new float[3 * 2000];
            net.PredictBatch(inputs, batch);
            if (!batch.AsSpan().SequenceEqual(serialBatch))
            {
                failures.Add($"task {task}: PredictBatch differs");
            }

            float[] one = new float[3];
            for (int r = task; r < 2000; r += 16)
            {
                net.Predict(inputs.AsSpan(2 * r, 2), one);
                if (!one.AsSpan().SequenceEqual(serialOne.AsSpan(3 * r, 3)))
                {
                    failures.Add($"task {task}: Predict of row {r} differs");
                }
            }
        });
        Assert.Empty(failures);
    }
}
