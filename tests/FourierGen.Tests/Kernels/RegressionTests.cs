using FourierGen.Features;
using FourierGen.Kernels;
using Xunit;

namespace FourierGen.Tests.Kernels;

/// <summary>Kernel regression and the closed-form gradient-descent dynamics.</summary>
public sealed class RegressionTests
{
    private const int Train = 24, Test = 10, Outputs = 2;

    private static (double[] KTrain, double[] KTest, double[] Y) Problem(double diagonalBoost = 0)
    {
        // 1-D power-law features (the paper's 1-D experiment), a 3-layer ReLU network.
        var b = new float[16];
        var a = new float[16];
        for (int j = 0; j < 16; j++)
        {
            b[j] = j + 1;
            a[j] = 1f / (j + 1);
        }

        FeatureMap map = FeatureMap.Explicit(1, b, a, normalize: true, null, default);
        LayerStep[] steps = LayerStep.Network(Parameterization.Standard, 32, [512, 512, 512], Activation.Relu, 1, 0.1);
        float[] xTrain = Enumerable.Range(0, Train).Select(i => i / (float)Train).ToArray();
        float[] xTest = Enumerable.Range(0, Test).Select(i => (i + 0.37f) / Test).ToArray();
        var kTrain = new double[Train * Train];
        var kTest = new double[Test * Train];
        AnalyticKernel.Matrix(map, 1, xTrain, xTrain, steps, default, kTrain);
        AnalyticKernel.Matrix(map, 1, xTest, xTrain, steps, default, kTest);
        for (int i = 0; i < Train; i++)
        {
            kTrain[i * Train + i] += diagonalBoost;
        }

        var y = new double[Train * Outputs];
        for (int i = 0; i < Train; i++)
        {
            double x = xTrain[i];
            y[i * Outputs] = Math.Sin(2 * Math.PI * x) + 0.3 * Math.Cos(6 * Math.PI * x);
            y[i * Outputs + 1] = x * x - 0.5;
        }

        return (kTrain, kTest, y);
    }

    [Fact]
    public void KernelRegressionWithoutRegularisationInterpolatesItsTrainingPoints()
    {
        (double[] kTrain, _, double[] y) = Problem();
        var fit = KernelRegression.Fit(kTrain, Train, y, Outputs, diagReg: 0);
        Assert.Equal(0.0, fit.Regularization);
        var predictions = new double[Train * Outputs];
        fit.Predict(kTrain, Train, predictions);
        for (int k = 0; k < y.Length; k++)
        {
            Assert.Equal(y[k], predictions[k], 8);
        }
    }

    [Fact]
    public void DiagRegIsRelativeToTheMeanOfTheDiagonal()
    {
        (double[] kTrain, _, double[] y) = Problem();
        double mean = Enumerable.Range(0, Train).Average(i => kTrain[i * Train + i]);
        var fit = KernelRegression.Fit(kTrain, Train, y, Outputs, diagReg: 1e-3);
        Assert.Equal(1e-3 * mean, fit.Regularization, 15);
        var dynamics = new GradientDescentMse(kTrain, Train, y, Outputs, diagReg: 1e-3);
        Assert.Equal(fit.Regularization, dynamics.Regularization);
    }

    [Fact]
    public void DynamicsStartAtTheInitialOutputs()
    {
        (double[] kTrain, double[] kTest, double[] y) = Problem();
        var dynamics = new GradientDescentMse(kTrain, Train, y, Outputs, learningRate: 0.5);
        var rng = new Random(3);
        double[] f0Train = Enumerable.Range(0, Train * Outputs).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] f0Test = Enumerable.Range(0, Test * Outputs).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var train = new double[Train * Outputs];
        var test = new double[Test * Outputs];
        dynamics.PredictTrain(0, f0Train, train);
        dynamics.PredictTest(0, kTest, Test, f0Train, f0Test, test);
        Assert.Equal(f0Train, train);
        Assert.Equal(f0Test, test);
        dynamics.PredictTrain(0, train);
        dynamics.PredictTest(0, kTest, Test, test);
        Assert.All(train, v => Assert.Equal(0.0, v));
        Assert.All(test, v => Assert.Equal(0.0, v));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-4)]
    public void DynamicsConvergeToKernelRegression(double diagReg)
    {
        (double[] kTrain, double[] kTest, double[] y) = Problem();
        var fit = KernelRegression.Fit(kTrain, Train, y, Outputs, diagReg);
        var expected = new double[Test * Outputs];
        fit.Predict(kTest, Test, expected);

        var dynamics = new GradientDescentMse(kTrain, Train, y, Outputs, learningRate: 1, diagReg);
        Assert.True(dynamics.Eigenvalues[0] >= dynamics.Eigenvalues[^1]);
        Assert.Equal(2.0 * Train * Outputs / dynamics.Eigenvalues[0], dynamics.MaxLearningRate);
        var atInfinity = new double[Test * Outputs];
        var late = new double[Test * Outputs];
        dynamics.PredictTest(double.PositiveInfinity, kTest, Test, atInfinity);
        // exp(−λ_min·t/(n·k)) ≈ 0 at this t:
        double t = 60.0 * Train * Outputs / dynamics.Eigenvalues[^1];
        dynamics.PredictTest(t, kTest, Test, late);
        double scale = expected.Max(Math.Abs);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(atInfinity[k] - expected[k]) <= 1e-7 * scale, $"t=∞ [{k}] {atInfinity[k]} vs {expected[k]}");
            Assert.True(Math.Abs(late[k] - expected[k]) <= 1e-7 * scale, $"t={t} [{k}] {late[k]} vs {expected[k]}");
        }

        var train = new double[Train * Outputs];
        dynamics.PredictTrain(double.PositiveInfinity, train);
        if (diagReg == 0)
        {
            for (int k = 0; k < y.Length; k++)
            {
                Assert.Equal(y[k], train[k], 7);
            }
        }
    }

    [Fact]
    public void DynamicsFollowTheGradientFlowOfTheNormalisedMseLoss()
    {
        // Integrate df/ds = −(η/(n·k))·Θ·(f − y) with small explicit steps and compare with the closed form,
        // from non-zero initial outputs, on the train and the test points.
        (double[] kTrain, double[] kTest, double[] y) = Problem(diagonalBoost: 0);
        double eta = 0.7;
        var dynamics = new GradientDescentMse(kTrain, Train, y, Outputs, learningRate: eta);
        var rng = new Random(5);
        double[] fTrain = Enumerable.Range(0, Train * Outputs).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] fTest = Enumerable.Range(0, Test * Outputs).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] f0Train = (double[])fTrain.Clone(), f0Test = (double[])fTest.Clone();
        double time = 3.0, h = 1e-4;
        int steps = (int)Math.Round(time / h);
        double rate = eta / (Train * Outputs);
        var residual = new double[Train * Outputs];
        for (int s = 0; s < steps; s++)
        {
            for (int k = 0; k < residual.Length; k++)
            {
                residual[k] = fTrain[k] - y[k];
            }

            // Midpoint (RK2) step for accuracy.
            var mid = (double[])fTrain.Clone();
            Step(kTrain, Train, residual, mid, 0.5 * h * rate);
            for (int k = 0; k < residual.Length; k++)
            {
                residual[k] = mid[k] - y[k];
            }

            Step(kTrain, Train, residual, fTrain, h * rate);
            Step(kTest, Test, residual, fTest, h * rate);
        }

        var train = new double[Train * Outputs];
        var test = new double[Test * Outputs];
        dynamics.PredictTrain(time, f0Train, train);
        dynamics.PredictTest(time, kTest, Test, f0Train, f0Test, test);
        for (int k = 0; k < train.Length; k++)
        {
            Assert.Equal(fTrain[k], train[k], 6);
        }

        for (int k = 0; k < test.Length; k++)
        {
            Assert.Equal(fTest[k], test[k], 6);
        }
    }

    private static void Step(double[] kernel, int rows, double[] residual, double[] f, double rate)
    {
        for (int i = 0; i < rows; i++)
        {
            for (int o = 0; o < Outputs; o++)
            {
                double s = 0;
                for (int j = 0; j < Train; j++)
                {
                    s += kernel[i * Train + j] * residual[j * Outputs + o];
                }

                f[i * Outputs + o] -= rate * s;
            }
        }
    }
}
