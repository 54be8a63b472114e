using FourierGen.Kernels;

namespace FourierGen.Tests.Reliability;

/// <summary>
/// Arguments at the runtime's public edge (issue 18, finding 9 and the audit that came with it): Adam's ε = 0 is
/// refused when the optimiser is created; NaN or ∞ in inputs or targets, and spans of the wrong length, get an
/// <see cref="ArgumentException"/> naming the parameter from every entry point that takes them.
/// </summary>
public class ArgumentAuditTests
{
    private static readonly float[] Nan = [float.NaN, 0f];
    private static readonly float[] Infinity = [0f, float.PositiveInfinity];
    private static readonly float[] Good = [0.25f, 0.5f];

    [Theory]
    [InlineData(0f)]
    [InlineData(-1e-8f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void AdamRejectsEpsilonThatIsNotPositiveAndFinite(float epsilon)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Adam(epsilon: epsilon));
        Assert.Equal("epsilon", e.ParamName);
        Assert.Contains("ε", e.Message);
    }

    [Fact]
    public void AdamWithTheSmallestPositiveEpsilonTrainsThroughZeroGradients()
    {
        // A bias whose gradient is exactly 0 (a ReLU unit dead on every row) is where ε = 0 divided 0 by 0.
        var net = new StructNet(seed: 1);
        using Trainer<StructNet> trainer = net.CreateTrainer(
            new TrainerOptions { Optimizer = Optimizer.Adam(epsilon: float.Epsilon), BatchCapacity = 2, Threads = 1 });
        for (int step = 0; step < 3; step++)
        {
            Assert.True(float.IsFinite(trainer.Step([0.1f, 0.2f, 0.3f, 0.4f], [1f, -1f])));
        }

        Assert.All(net.Parameters.ToArray(), p => Assert.True(float.IsFinite(p)));
    }

    [Fact]
    public void NonFiniteInputsAreRejectedByName()
    {
        var net = new StructNet(seed: 1);
        float[] output = new float[2], features = new float[2 * StructNet.FeatureSize];
        foreach (float[] bad in new[] { Nan, Infinity })
        {
            AssertRejects("input", () => net.Predict(bad, output));
            AssertRejects("input", () => net.Encode(bad, features));
            AssertRejects("inputs", () => net.PredictBatch(bad, output));
            AssertRejects("inputs", () => net.EncodeBatch(bad, features));
            AssertRejects("x1", () => net.Ntk(bad, Good));
            AssertRejects("x2", () => net.Nngp(Good, bad));
            AssertRejects("x1", () => net.EmpiricalNtk(bad, Good));
            AssertRejects("xs2", () => net.NtkMatrix(Good, bad, new double[1]));
            AssertRejects("inputs", () => net.Evaluate(bad, [0f]));
            AssertRejects("targets", () => net.Evaluate(Good, [bad[1] + bad[0]]));
            AssertRejects("inputs", () => Minibatches.For<StructNet>(bad, new float[] { 0f }, 1));
            AssertRejects("targets", () => Minibatches.For<StructNet>(Good, new float[] { bad[0] + bad[1] }, 1));
            using Trainer<StructNet> trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 1, Threads = 1 });
            AssertRejects("inputs", () => trainer.Step(bad, [0f]));
            AssertRejects("targets", () => trainer.Step(Good, [bad[0] + bad[1]]));

            // Fit checks its validation set before the first step, not at the first validation.
            var data = Minibatches.For<StructNet>(Good, new float[] { 0.5f }, 1);
            AssertRejects("inputs", () => trainer.Fit(data, new FitOptions { Steps = 5, ValidateEvery = 5, Validation = new ValidationSet(bad, new float[] { 0f }) }));
            AssertRejects("targets", () => trainer.Fit(data, new FitOptions { Steps = 5, ValidateEvery = 5, Validation = new ValidationSet(Good, new float[] { bad[0] + bad[1] }) }));
            Assert.Equal(0, trainer.StepCount);
        }
    }

    [Fact]
    public void NonFiniteKernelArgumentsAreRejectedByName()
    {
        var net = new LargeInputNet();
        KernelBlock kernel = net.NtkMatrix;
        AssertRejects("ntkTrainTrain", () => new GradientDescentMse([1, double.NaN, double.NaN, 1], 2, [0.0, 0.0], 1));
        AssertRejects("targets", () => KernelRegression.Fit([2, 1, 1, 2], 2, [double.NaN, 0.0], 1));
        var grid = new RegularGrid([4, 4], [0, 0], [0.25, 0.25]);
        var fit = GridKernelRegression.Fit(kernel, grid, new double[16 * 2], 2, new IterativeSolverOptions { DiagReg = 1e-3 });
        AssertRejects("points", () => fit.Predict(Nan, new double[2]));
        var dynamics = GridGradientDescentMse.Create(kernel, grid, new double[16 * 2], 2);
        AssertRejects("points", () => dynamics.Predict(1, Infinity, new double[2]));
    }

    [Fact]
    public void WrongLengthsAreRejectedByName()
    {
        var net = new StructNet(seed: 1);
        AssertRejects("input", () => net.Predict([0.5f], new float[1]));
        AssertRejects("output", () => net.Predict(Good, []));
        AssertRejects("features", () => net.Encode(Good, new float[StructNet.FeatureSize - 1]));
        AssertRejects("inputs", () => net.PredictBatch([0.5f, 0.5f, 0.5f], new float[2]));
        AssertRejects("outputs", () => net.PredictBatch([0.5f, 0.5f, 0.5f, 0.5f], new float[1]));
        AssertRejects("k", () => net.NtkMatrix(Good, Good, []));
        AssertRejects("xs1", () => net.NngpMatrix([0.5f], Good, new double[1]));
        AssertRejects("targets", () => net.Evaluate(Good, [0f, 0f]));
        using Trainer<StructNet> trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 2, Threads = 1 });
        AssertRejects("inputs", () => trainer.Step([0.5f], [0f]));
        AssertRejects("targets", () => trainer.Step(Good, [0f, 0f]));
    }

    private static void AssertRejects(string parameter, Action action)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Equal(parameter, e.ParamName);
    }

    private static void AssertRejects(string parameter, Func<object?> function) => AssertRejects(parameter, () => { function(); });
}
