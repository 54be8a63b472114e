namespace FourierGen.Tests.Training;

/// <summary>The trainer's gradient equals central finite differences of the float64 reference MLP.</summary>
public class GradientTests
{
    public static TheoryData<string, LossKind> Cases()
    {
        var data = new TheoryData<string, LossKind>();
        foreach (string network in new[] { "IdentityStandard", "SigmoidStandard", "TanhStandard", "IdentityNtk", "SigmoidNtk", "TanhNtk", "RawNoBias" })
        {
            foreach (LossKind loss in Enum.GetValues<LossKind>())
            {
                data.Add(network, loss);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(string network, LossKind kind)
    {
        // Huber with a δ inside the range of the errors, so that both of its pieces are exercised.
        Loss loss = kind switch
        {
            LossKind.MeanSquaredError => Loss.MeanSquaredError,
            LossKind.HalfSumSquared => Loss.HalfSumSquared,
            LossKind.BinaryCrossEntropyWithLogits => Loss.BinaryCrossEntropyWithLogits,
            LossKind.L1 => Loss.L1,
            _ => Loss.Huber(0.3f),
        };
        switch (network)
        {
            case "IdentityStandard": Check(new GradIdentityStandard(seed: 1), Activation.Identity, false, loss); break;
            case "SigmoidStandard": Check(new GradSigmoidStandard(seed: 1), Activation.Sigmoid, false, loss); break;
            case "TanhStandard": Check(new GradTanhStandard(seed: 1), Activation.Tanh, false, loss); break;
            case "IdentityNtk": Check(new GradIdentityNtk(seed: 1), Activation.Identity, true, loss); break;
            case "SigmoidNtk": Check(new GradSigmoidNtk(seed: 1), Activation.Sigmoid, true, loss); break;
            case "TanhNtk": Check(new GradTanhNtk(seed: 1), Activation.Tanh, true, loss); break;
            default: CheckRaw(loss); break;
        }
    }

    private static void Check<TNet>(TNet net, Activation output, bool ntk, Loss loss)
        where TNet : IFourierNetwork<TNet>
    {
        int[] widths = [TNet.FeatureSize, 9, 6, TNet.OutputSize];
        var reference = new ReferenceMlp(widths, bias: true, Activation.Relu, output, ntk, ntk ? 1.5 : 1, ntk ? 0.3 : 0);
        CheckAgainst(net, reference, loss, rows: 7);
    }

    private static void CheckRaw(Loss loss)
    {
        var net = new GradRawNoBias(seed: 2);
        var reference = new ReferenceMlp([3, 7, 1], bias: false, Activation.Relu, Activation.Identity, false, 1, 0);
        CheckAgainst(net, reference, loss, rows: 5);
    }

    private static void CheckAgainst<TNet>(TNet net, ReferenceMlp reference, Loss loss, int rows)
        where TNet : IFourierNetwork<TNet>
    {
        var random = new Random(3);
        float[] inputs = Enumerable.Range(0, rows * TNet.InputSize).Select(_ => random.NextSingle()).ToArray();
        float[] targets = Enumerable.Range(0, rows * TNet.OutputSize).Select(_ => random.NextSingle()).ToArray();
        double[] parameters = net.Parameters.ToArray().Select(p => (double)p).ToArray();

        // Features from the network's own encoder (the mapping is tested separately), then float64 throughout.
        double[][] features = new double[rows][];
        float[] feature = new float[TNet.FeatureSize];
        for (int r = 0; r < rows; r++)
        {
            net.Encode(inputs.AsSpan(r * TNet.InputSize, TNet.InputSize), feature);
            features[r] = feature.Select(f => (double)f).ToArray();
        }

        double LossAt(double[] p)
        {
            double total = 0;
            for (int r = 0; r < rows; r++)
            {
                double[] target = targets.AsSpan(r * TNet.OutputSize, TNet.OutputSize).ToArray().Select(t => (double)t).ToArray();
                total += ReferenceMlp.Loss(loss, reference.Forward(p, features[r]), target, rows * TNet.OutputSize);
            }

            return total;
        }

        // The trainer's gradient: one step with a negligible learning rate, then LastGradient.
        float[] gradient;
        float reportedLoss;
        using (INetworkTrainer trainer = net.CreateTrainer(new TrainerOptions { Optimizer = Optimizer.Sgd(1e-30f), Loss = loss, BatchCapacity = rows }))
        {
            reportedLoss = trainer.Step(inputs, targets);
            gradient = trainer.LastGradient.ToArray();
        }

        Assert.Equal(LossAt(parameters), reportedLoss, 1e-5 * Math.Max(1, Math.Abs(reportedLoss)));
        double[] expected = new double[parameters.Length];
        const double h = 1e-6;
        for (int k = 0; k < parameters.Length; k++)
        {
            expected[k] = Numerics.NumericsReference.CentralDifference(parameters, k, h, LossAt);
        }

        double scale = expected.Max(Math.Abs);
        for (int k = 0; k < expected.Length; k++)
        {
            // 1e-3 relative, with a floor of 1e-3 of the largest component for values near zero.
            double tolerance = 1e-3 * Math.Max(Math.Abs(expected[k]), 1e-3 * scale);
            Assert.True(Math.Abs(gradient[k] - expected[k]) <= tolerance,
                $"parameter {k}: trainer {gradient[k]:R}, finite differences {expected[k]:R}");
        }
    }
}
