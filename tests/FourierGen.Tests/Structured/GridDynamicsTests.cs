using FourierGen.Kernels;
using Xunit.Abstractions;

namespace FourierGen.Tests.Structured;

/// <summary>The structured finite-time dynamics (Lanczos) against the eigendecomposition of <see cref="GradientDescentMse"/>.</summary>
public sealed class GridDynamicsTests(ITestOutputHelper output)
{
    public static TheoryData<string, int[]> Cases() => new()
    {
        { "gaussian", [16, 16] },
        { "positional", [16, 16] },
        { "basic", [12, 20] },
        { "gaussian", [200] },
        { "gaussian", [8, 6, 5] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LanczosDynamicsEqualTheEigendecomposition(string mapping, int[] counts)
    {
        switch ((mapping, counts.Length))
        {
            case ("gaussian", 1): Check(new Gaussian1Net(seed: 4), counts); break;
            case ("gaussian", 2): Check(new Gaussian2Net(seed: 4), counts); break;
            case ("positional", 2): Check(new Positional2Net(seed: 4), counts); break;
            case ("basic", 2): Check(new Basic2Net(seed: 4), counts); break;
            default: Check(new Gaussian3Net(seed: 4), counts); break;
        }
    }

    private void Check<TNet>(TNet net, int[] counts)
        where TNet : IAnalyticNetwork<TNet>
    {
        int d = counts.Length;
        double[] spacing = counts.Select(n => 1.0 / 32).ToArray();
        var grid = new RegularGrid(counts, new double[d], spacing);
        int n = grid.Count;
        float[] x = grid.Coordinates();
        double[] y = GridRegressionTests.Targets(x, d, 3);
        const double DiagReg = 1e-6, LearningRate = 0.7;

        var gram = new double[n * n];
        net.NtkMatrix(x, x, gram);
        var dense = new GradientDescentMse(gram, n, y, 3, LearningRate, DiagReg);
        var structured = GridGradientDescentMse.Create(net, grid, y, LearningRate, new IterativeSolverOptions { DiagReg = DiagReg, Tolerance = 1e-12 });
        Assert.Equal(dense.Regularization, structured.Regularization, 1e-12 * dense.Regularization);

        RegularGrid shifted = grid.Shifted(spacing.Select(s => s / 4).ToArray()); // dyadic: exact in float
        float[] xs = shifted.Coordinates();
        var kTest = new double[shifted.Count * n];
        net.NtkMatrix(xs, x, kTest);

        // Times from "hardly trained" (τλ_max ≈ 0.1) to far past the slow modes, and t = ∞.
        double unit = 3.0 * n / (LearningRate * dense.Eigenvalues[0]);
        foreach (double t in new[] { 0.1 * unit, unit, 30 * unit, 1e4 * unit, double.PositiveInfinity })
        {
            var expectedTrain = new double[n * 3];
            var actualTrain = new double[n * 3];
            dense.PredictTrain(t, expectedTrain);
            structured.PredictTrain(t, actualTrain);
            var expectedTest = new double[shifted.Count * 3];
            var actualTest = new double[shifted.Count * 3];
            dense.PredictTest(t, kTest, shifted.Count, expectedTest);
            structured.PredictGrid(t, shifted, actualTest);
            double trainError = GridRegressionTests.RelativeError(actualTrain, expectedTrain);
            double testError = GridRegressionTests.RelativeError(actualTest, expectedTest);
            output.WriteLine($"{typeof(TNet).Name} {string.Join("x", counts)} τλmax = {t / unit:G3}: train {trainError:E2}, test {testError:E2}, {structured.LastReport!.Iterations} steps");
            Assert.True(trainError <= 1e-8, $"t = {t}: train relative error {trainError:E2}");
            Assert.True(testError <= 1e-8, $"t = {t}: test relative error {testError:E2}");
        }

        var atZero = new double[n * 3];
        structured.PredictTrain(0, atZero);
        Assert.All(atZero, v => Assert.Equal(0, v));
    }
}
