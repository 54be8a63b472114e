namespace FourierGen.Tests.Kernels;

/// <summary>The runtime's kernel predictions through a declared network (generic over IAnalyticNetwork).</summary>
public class NtkPredictorTests
{
    private static (float[] X, float[] Y) Data(int n, int seed)
    {
        var random = new Random(seed);
        float[] x = Enumerable.Range(0, 2 * n).Select(_ => random.NextSingle()).ToArray();
        float[] y = Enumerable.Range(0, n).Select(i => MathF.Sin(6 * x[2 * i]) * MathF.Cos(4 * x[2 * i + 1])).ToArray();
        return (x, y);
    }

    [Fact]
    public void ConvergedPredictionsInterpolateAndEqualKernelRegression()
    {
        var net = new GaussNtkCaseNet(seed: 1);
        (float[] x, float[] y) = Data(60, 2);
        var predictor = new FourierGen.Kernels.NtkPredictor<GaussNtkCaseNet>(net, x, y);
        double[] atTrain = new double[60];
        predictor.Predict(x, atTrain);
        for (int i = 0; i < 60; i++)
        {
            Assert.True(Math.Abs(atTrain[i] - y[i]) <= 1e-6, $"point {i}: {atTrain[i]} vs {y[i]}");
        }

        // t → ∞ of the dynamics is kernel regression; t = 0 from zero initial outputs is 0.
        (float[] test, _) = Data(25, 3);
        double[] converged = new double[25], late = new double[25], start = new double[25];
        predictor.Predict(test, converged);
        predictor.PredictAt(double.PositiveInfinity, 1.0, test, late);
        predictor.PredictAt(0, 1.0, test, start);
        for (int i = 0; i < 25; i++)
        {
            Assert.True(Math.Abs(converged[i] - late[i]) <= 1e-6 * (1 + Math.Abs(converged[i])), $"test point {i}");
            Assert.Equal(0, start[i]);
        }
    }

    [Fact]
    public void SpectrumIsPositiveAndFallsOffFasterForLargerExponents()
    {
        // On a periodic grid the NTK Gram matrix is circulant: its eigenvalues are the kernel's Fourier coefficients,
        // a_j²-weighted. Power-law amplitudes j^−1 make them fall off; flat amplitudes (p = 0) much less.
        float[] x = Enumerable.Range(0, 32).Select(i => i / 32f).ToArray();
        double[] decaying = new FourierGen.Kernels.NtkPredictor<PowerLawOneCaseNet>(new PowerLawOneCaseNet(), x, new float[32]).Spectrum();
        double[] flat = new FourierGen.Kernels.NtkPredictor<PowerLawZeroCaseNet>(new PowerLawZeroCaseNet(), x, new float[32]).Spectrum();
        foreach (double[] spectrum in new[] { decaying, flat })
        {
            Assert.Equal(32, spectrum.Length);
            Assert.True(spectrum.Zip(spectrum.Skip(1)).All(p => p.First >= p.Second), "eigenvalues must come largest first");
            Assert.True(spectrum[^1] > -1e-9 * spectrum[0], "the NTK Gram matrix is positive semi-definite");
        }

        // The 21st-largest eigenvalue relative to the largest: smaller where the amplitudes decay.
        Assert.True(decaying[20] / decaying[0] < flat[20] / flat[0],
            $"p = 1: λ20/λ0 = {decaying[20] / decaying[0]:E2}; p = 0: {flat[20] / flat[0]:E2}");
    }

    [Fact]
    public void BadShapesThrow()
    {
        var net = new GaussNtkCaseNet();
        Assert.Throws<ArgumentException>(() => new FourierGen.Kernels.NtkPredictor<GaussNtkCaseNet>(net, new float[3], new float[1]));
        Assert.Throws<ArgumentException>(() => new FourierGen.Kernels.NtkPredictor<GaussNtkCaseNet>(net, new float[4], new float[3]));
        Assert.Throws<ArgumentException>(() => new FourierGen.Kernels.NtkPredictor<GaussNtkCaseNet>(net, new float[4], [float.NaN, 0f]));
    }
}
