namespace FourierGen.Tests.Reliability;

/// <summary>
/// Struct networks (issue 18, finding 8): <c>new StructNet()</c> creates a network (as <c>new ClassNet()</c> does), and
/// <c>default(StructNet)</c>, which holds no network, says so instead of throwing a NullReferenceException.
/// </summary>
public class StructNetworkTests
{
    private static readonly float[] Input = [0.25f, -0.5f];

    [Fact]
    public void ParameterlessConstructorCreatesTheSeedZeroNetwork()
    {
        var created = new StructNet();
        var seeded = new StructNet(seed: 0);
        float[] a = new float[1], b = new float[1];

        created.Predict(Input, a);
        seeded.Predict(Input, b);

        Assert.Equal(b, a);
        Assert.True(float.IsFinite(a[0]));
        Assert.Equal(seeded.Parameters.ToArray(), created.Parameters.ToArray());
    }

    [Fact]
    public void DefaultValueThrowsInvalidOperationExceptionNamingTheProblem()
    {
        StructNet none = default;
        float[] output = new float[1];

        var e = Assert.Throws<InvalidOperationException>(() => none.Predict(Input, output));
        Assert.Contains("default(StructNet)", e.Message);
        Assert.Throws<InvalidOperationException>(() => none.Parameters.ToArray());
        Assert.Throws<InvalidOperationException>(() => none.Ntk(Input, Input));
        Assert.Throws<InvalidOperationException>(() => none.Save(Path.Combine(Path.GetTempPath(), "never-written.fgw")));
        Assert.Throws<InvalidOperationException>(() => none.CreateTrainer(new TrainerOptions()));
    }

    [Fact]
    public void AStructNetworkTrainsSavesAndLoads()
    {
        var net = new StructNet(seed: 3);
        using (Trainer<StructNet> trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 2, Threads = 1 }))
        {
            float loss = trainer.Step([0.1f, 0.2f, 0.3f, 0.4f], [1f, -1f]);
            Assert.True(float.IsFinite(loss));
        }

        using var stream = new MemoryStream();
        net.Save(stream);
        stream.Position = 0;
        StructNet loaded = StructNet.Load(stream);
        Assert.Equal(net.Parameters.ToArray(), loaded.Parameters.ToArray());
    }
}
