using FourierGen.Kernels;

namespace FourierGen.Tests.Structured;

/// <summary>Refusals, progress, cancellation and the solve report of the structured solvers.</summary>
public sealed class GridSolverBehaviourTests
{
    private static readonly RegularGrid Grid = new([16, 16], [0, 0], [1.0 / 16, 1.0 / 16]);

    private static double[] Targets => GridRegressionTests.Targets(Grid.Coordinates(), 2, 3);

    [Fact]
    public void FourierMappingsMakeTheNtkStationaryAndRawInputsDoNot()
    {
        // The idea the grid solvers rest on: Θ(v + s, v′ + s) = Θ(v, v′) for every Fourier mapping (dyadic points, so
        // the shifted coordinates are exact in float), and not for raw coordinates.
        Assert.True(LargestShiftChange(new Basic2Net(seed: 1).Ntk) <= 1e-13);
        Assert.True(LargestShiftChange(new Positional2Net(seed: 1).Ntk) <= 1e-13);
        Assert.True(LargestShiftChange(new Gaussian2Net(seed: 1).Ntk) <= 1e-13);
        Assert.True(LargestShiftChange(new Raw2Net(seed: 1).Ntk) > 1e-2);
    }

    private delegate double PairKernel(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2);

    private static double LargestShiftChange(PairKernel ntk)
    {
        var random = new Random(2);
        float Dyadic() => random.Next(-64, 64) / 64f;
        double largest = 0;
        for (int trial = 0; trial < 50; trial++)
        {
            float[] v = [Dyadic(), Dyadic()], w = [Dyadic(), Dyadic()], shift = [Dyadic(), Dyadic()];
            double original = ntk(v, w);
            double shifted = ntk([v[0] + shift[0], v[1] + shift[1]], [w[0] + shift[0], w[1] + shift[1]]);
            largest = Math.Max(largest, Math.Abs(shifted - original) / Math.Abs(original));
        }

        return largest;
    }

    [Fact]
    public void RawInputsAreRefusedWithAClearMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => GridKernelRegression.Fit(new Raw2Net(), Grid, Targets));
        Assert.Contains("raw inputs", error.Message, StringComparison.Ordinal);
        Assert.Contains("not stationary", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => GridGradientDescentMse.Create(new Raw2Net(), Grid, Targets));
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        var net = new Gaussian2Net();
        Assert.Throws<ArgumentException>(() => GridKernelRegression.Fit(net, new RegularGrid([16], [0], [0.1]), new double[48]));
        Assert.Throws<ArgumentException>(() => GridKernelRegression.Fit(net, Grid, new double[10]));
        double[] y = Targets;
        y[7] = double.NaN;
        Assert.Throws<ArgumentException>(() => GridKernelRegression.Fit(net, Grid, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => GridKernelRegression.Fit(net, Grid, Targets, new IterativeSolverOptions { DiagReg = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => GridKernelRegression.Fit(net, Grid, Targets, new IterativeSolverOptions { Tolerance = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegularGrid([4, 0], [0, 0], [1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegularGrid([4, 4], [0, 0], [1, 0]));
        Assert.Throws<ArgumentException>(() => new RegularGrid([2, 2, 2, 2], [0, 0, 0, 0], [1, 1, 1, 1]));

        // Prediction grids must share the training grid's spacing.
        GridKernelRegression fit = GridKernelRegression.Fit(net, Grid, Targets, new IterativeSolverOptions { DiagReg = 1e-6 });
        var other = new RegularGrid([8, 8], [0, 0], [1.0 / 8, 1.0 / 8]);
        var error = Assert.Throws<ArgumentException>(() => fit.PredictGrid(other, new double[64 * 3]));
        Assert.Contains("spacing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressIsReportedEveryIterationAndTheReportIsTrue()
    {
        var reports = new List<SolverProgress>();
        GridKernelRegression fit = GridKernelRegression.Fit(new Gaussian2Net(seed: 3), Grid, Targets, new IterativeSolverOptions { DiagReg = 1e-6 },
            progress: new ListProgress<SolverProgress>(reports));
        Assert.Equal(fit.Report.Iterations, reports.Count);
        Assert.Equal(3, reports[^1].ConvergedOutputs);
        Assert.Equal(3, fit.Report.IterationsPerOutput.Count);
        Assert.True(fit.Report.RelativeResidual <= 1e-10);

        // The reported residual is the true one: recompute ‖y − (K + rI)α‖/‖y‖ densely.
        int n = Grid.Count;
        float[] x = Grid.Coordinates();
        var gram = new double[n * n];
        new Gaussian2Net(seed: 3).NtkMatrix(x, x, gram);
        double[] alpha = fit.Weights(), y = Targets;
        for (int o = 0; o < 3; o++)
        {
            double residual = 0, norm = 0;
            for (int i = 0; i < n; i++)
            {
                double kAlpha = fit.Regularization * alpha[i * 3 + o];
                for (int j = 0; j < n; j++)
                {
                    kAlpha += gram[i * n + j] * alpha[j * 3 + o];
                }

                residual += (y[i * 3 + o] - kAlpha) * (y[i * 3 + o] - kAlpha);
                norm += y[i * 3 + o] * y[i * 3 + o];
            }

            Assert.Equal(Math.Sqrt(residual / norm), fit.Report.ResidualPerOutput[o], 1e-12);
        }
    }

    [Fact]
    public void CancellationStopsTheSolve()
    {
        using var source = new CancellationTokenSource();
        var cancelling = new CallbackProgress(p =>
        {
            if (p.Iteration == 2)
            {
                source.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            GridKernelRegression.Fit(new Gaussian2Net(), Grid, Targets, new IterativeSolverOptions { DiagReg = 1e-6 }, progress: cancelling,
                cancellationToken: source.Token));
    }

    [Fact]
    public void AnUnreachableToleranceThrowsNotConverged()
    {
        var error = Assert.Throws<SolverNotConvergedException>(() =>
            GridKernelRegression.Fit(new Gaussian2Net(), Grid, Targets, new IterativeSolverOptions { DiagReg = 1e-6, MaxIterations = 3 }));
        Assert.Equal(3, error.Iterations);
        Assert.Contains("diagReg", error.Message, StringComparison.Ordinal);
    }

    private sealed class CallbackProgress(Action<SolverProgress> action) : IProgress<SolverProgress>
    {
        public void Report(SolverProgress value) => action(value);
    }
}
