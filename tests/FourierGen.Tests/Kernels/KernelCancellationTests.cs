using FourierGen.Kernels;

namespace FourierGen.Tests.Kernels;

/// <summary>The O(n²)–O(n³) kernel calls take a CancellationToken and report progress; destinations may be longer.</summary>
public class KernelCancellationTests
{
    private static float[] Points(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 2 * n).Select(_ => random.NextSingle()).ToArray();
    }

    [Fact]
    public void NtkMatrixReportsProgressAndMatchesTheUncancellableCall()
    {
        var net = new KernelMlpNet(seed: 1);
        float[] x = Points(700, 1);
        double[] plain = new double[700 * 700], watched = new double[700 * 700];
        net.NtkMatrix(x, x, plain);
        var reports = new RecordingProgress();
        net.NtkMatrix(x, x, watched, reports, CancellationToken.None);
        Assert.Equal(plain, watched);
        Assert.NotEmpty(reports.Values);
        Assert.Equal(1.0, reports.Values.Max(), 12);
        Assert.All(reports.Values, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void CancelledCallsThrowOperationCanceled()
    {
        var net = new KernelMlpNet(seed: 2);
        float[] x = Points(500, 2);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => net.NtkMatrix(x, x, new double[500 * 500], null, cancelled.Token));

        double[] k = new double[500 * 500];
        net.NtkMatrix(x, x, k);
        Assert.ThrowsAny<OperationCanceledException>(() => KernelRegression.Fit(k, 500, new double[500], 1, 1e-6, null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => SymmetricEigen.Eigenvalues(k, 500, new double[500], null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Cholesky.Factor((double[])k.Clone(), 500, null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => new NtkPredictor<KernelMlpNet>(net, x, new float[500 * KernelMlpNet.OutputSize], 1e-6, null, cancelled.Token));
    }

    [Fact]
    public void CancellingMidwayStopsTheFactorisation()
    {
        // Cancelled from its own progress report at 10 %: the factorisation stops before it is done.
        var net = new KernelMlpNet(seed: 3);
        float[] x = Points(1200, 3);
        double[] k = new double[1200 * 1200];
        net.NtkMatrix(x, x, k);
        using var cancel = new CancellationTokenSource();
        var reports = new RecordingProgress(v =>
        {
            if (v >= 0.1)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => KernelRegression.Fit(k, 1200, new double[1200], 1, 1e-6, reports, cancel.Token));
        Assert.True(reports.Values.Max() < 1, $"it reported {reports.Values.Max()}");
    }

    [Fact]
    public void RegressionAndEigenProgressEndAtOneAndResultsAreUnchanged()
    {
        var net = new KernelMlpNet(seed: 4);
        float[] x = Points(300, 4);
        float[] y = Enumerable.Range(0, 300 * KernelMlpNet.OutputSize).Select(i => MathF.Sin(i)).ToArray();
        var reports = new RecordingProgress();
        var watched = new NtkPredictor<KernelMlpNet>(net, x, y, 1e-6, reports, CancellationToken.None);
        var plain = new NtkPredictor<KernelMlpNet>(net, x, y, 1e-6);
        Assert.Equal(plain.Regression.Weights(), watched.Regression.Weights());
        Assert.Equal(1.0, reports.Values.Max(), 12);

        var eigen = new RecordingProgress();
        Assert.Equal(plain.Spectrum(), watched.Spectrum(eigen));
        Assert.Equal(1.0, eigen.Values.Max(), 12);
    }

    [Fact]
    public void KernelDestinationsMayBeLonger()
    {
        var net = new KernelMlpNet(seed: 5);
        float[] x = Points(40, 5), t = Points(10, 6);
        double[] exact = new double[40 * 10], longer = Enumerable.Repeat(-1.0, 40 * 10 + 3).ToArray();
        net.NtkMatrix(x, t, exact);
        net.NtkMatrix(x, t, longer);
        Assert.Equal(exact, longer[..400]);
        Assert.Equal([-1.0, -1.0, -1.0], longer[400..]);
        Assert.Contains("at least length 400", Assert.Throws<ArgumentException>(() => net.NngpMatrix(x, t, new double[399])).Message);

        var predictor = new NtkPredictor<KernelMlpNet>(net, x, new float[40 * KernelMlpNet.OutputSize], 1e-6);
        double[] predictions = Enumerable.Repeat(-1.0, 10 * KernelMlpNet.OutputSize + 2).ToArray();
        predictor.Predict(t, predictions);
        Assert.Equal([-1.0, -1.0], predictions[^2..]);
        double[] eigenvalues = Enumerable.Repeat(-1.0, 42).ToArray();
        SymmetricEigen.Eigenvalues(new double[40 * 40], 40, eigenvalues);
        Assert.Equal([-1.0, -1.0], eigenvalues[^2..]);
    }

    private sealed class RecordingProgress(Action<double>? then = null) : IProgress<double>
    {
        private readonly List<double> _values = [];

        public List<double> Values
        {
            get
            {
                lock (_values)
                {
                    return [.. _values];
                }
            }
        }

        public void Report(double value)
        {
            lock (_values)
            {
                _values.Add(value);
            }

            then?.Invoke(value);
        }
    }
}
