using FourierGen.Kernels;
using Xunit.Abstractions;

namespace FourierGen.Tests.Structured;

/// <summary>Matrix-free conjugate gradients on scattered points against the dense <see cref="KernelRegression"/>.</summary>
public sealed class MatrixFreeRegressionTests(ITestOutputHelper output)
{
    // 600 points in tiles of 128: five tile rows, so every off-diagonal tile is used both ways, and a ragged last tile.
    [Fact]
    public void GaussianMappingOnScatteredPointsEqualsDense() => Check(new Gaussian2Net(seed: 6), 600, 1e-3);

    [Fact]
    public void RawInputsOnScatteredPointsEqualDense() => Check(new Raw2Net(seed: 6), 600, 1e-3);

    private void Check<TNet>(TNet net, int n, double diagReg)
        where TNet : IAnalyticNetwork<TNet>
    {
        var random = new Random(9);
        float[] x = Enumerable.Range(0, 2 * n).Select(_ => random.NextSingle()).ToArray();
        double[] y = GridRegressionTests.Targets(x, 2, 3);
        var reports = new List<SolverProgress>();
        var fit = MatrixFreeKernelRegression.Fit(net.NtkMatrix, 2, x, y, 3, new IterativeSolverOptions { DiagReg = diagReg },
            new ListProgress<SolverProgress>(reports), CancellationToken.None, tile: 128);

        var gram = new double[n * n];
        net.NtkMatrix(x, x, gram);
        var dense = KernelRegression.Fit(gram, n, y, 3, diagReg);
        Assert.Equal(dense.Regularization, fit.Regularization, 1e-12 * dense.Regularization);

        float[] test = Enumerable.Range(0, 2 * 300).Select(_ => random.NextSingle()).ToArray();
        var k = new double[300 * n];
        net.NtkMatrix(test, x, k);
        var expected = new double[300 * 3];
        dense.Predict(k, 300, expected);
        var actual = new double[300 * 3];
        fit.Predict(test, actual);
        double error = GridRegressionTests.RelativeError(actual, expected);
        double alphaError = GridRegressionTests.RelativeError(fit.Weights(), dense.Weights());
        output.WriteLine($"{typeof(TNet).Name}, {n} points: predictions {error:E2}, α {alphaError:E2}, {fit.Report.Iterations} iterations, residual {fit.Report.RelativeResidual:E2}, {fit.Report.Seconds:F2} s");
        Assert.True(error <= 1e-8, $"relative error {error:E2}");
        Assert.True(fit.Report.RelativeResidual <= 1e-10, $"residual {fit.Report.RelativeResidual:E2}");
        Assert.Equal(fit.Report.Iterations, reports.Count);
        Assert.Equal(Enumerable.Range(1, reports.Count), reports.Select(r => r.Iteration));
    }
}

/// <summary>Collects reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class ListProgress<T>(List<T> list) : IProgress<T>
{
    public void Report(T value) => list.Add(value);
}
