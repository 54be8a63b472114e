namespace FourierGen.Tests.Features;

/// <summary>The non-generic handles: networks of different declarations side by side, through IFourierNetwork and IAnalyticNetwork.</summary>
public class NetworkHandleTests
{
    [Fact]
    public void HandlesReportEachDeclarationsSizes()
    {
        IFourierNetwork[] networks = [new RawNet(), new BasicNet(), new PositionalNet(), new WideScaleNet()];
        Assert.Equal([RawNet.InputSize, BasicNet.InputSize, PositionalNet.InputSize, WideScaleNet.InputSize], networks.Select(n => n.InputSize));
        Assert.Equal([RawNet.FeatureSize, BasicNet.FeatureSize, PositionalNet.FeatureSize, WideScaleNet.FeatureSize], networks.Select(n => n.FeatureSize));
        Assert.Equal([RawNet.OutputSize, BasicNet.OutputSize, PositionalNet.OutputSize, WideScaleNet.OutputSize], networks.Select(n => n.OutputSize));
        Assert.All(networks, n => Assert.Equal(n.Parameters.Length, n.ParameterCount));
    }

    [Fact]
    public void AHandleTrainsAndPredictsLikeTheTypedNetwork()
    {
        var typed = new PositionalNet(seed: 4);
        IAnalyticNetwork handle = new PositionalNet(seed: 4);
        float[] x = [0.1f, 0.2f, 0.3f, 0.4f], y = [1f, -1f];
        using (Trainer<PositionalNet> trainer = typed.CreateTrainer(new TrainerOptions { BatchCapacity = 2, Threads = 1 }))
        using (INetworkTrainer untyped = handle.CreateTrainer(new TrainerOptions { BatchCapacity = 2, Threads = 1 }))
        {
            Assert.Same(typed, trainer.Network);
            Assert.Equal(trainer.Step(x, y), untyped.Step(x, y));
        }

        Assert.Equal(typed.Parameters.ToArray(), handle.Parameters.ToArray());
        Assert.Equal(typed.Ntk(x.AsSpan(0, 2), x.AsSpan(2, 2)), handle.Ntk(x.AsSpan(0, 2), x.AsSpan(2, 2)));
    }
}
