using FourierGen.Features;
using FourierGen.Kernels;
using Xunit;

namespace FourierGen.Tests.Kernels;

/// <summary>Mismatched lengths name the expected length; NaN inputs are rejected.</summary>
public sealed class BadInputTests
{
    private static readonly LayerStep[] Steps = LayerStep.Network(Parameterization.Ntk, 4, [16], Activation.Relu, 1.5, 0.1);

    private static readonly FeatureMap Map = FeatureMap.Explicit(2, [1f, 2f, -3f, 0.5f], [1f, 1f], false, null, default);

    [Fact]
    public void FeatureLengthMismatchNamesTheExpectedLength()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            AnalyticKernel.Matrix(new double[4 * 3], 3, new double[4 * 2 + 1], 2, 4, Steps, default, new double[6]));
        Assert.Equal("features2", e.ParamName);
        Assert.Contains("length 8", e.Message);
    }

    [Fact]
    public void DestinationLengthMismatchNamesTheExpectedLength()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            AnalyticKernel.Matrix(new double[12], 3, new double[8], 2, 4, Steps, new double[5], default));
        Assert.Equal("nngp", e.ParamName);
        Assert.Contains("length 6", e.Message);

        // A longer destination is accepted (the BCL's rule): only the first 3 × 2 entries are written.
        double[] longer = Enumerable.Repeat(-1.0, 7).ToArray();
        AnalyticKernel.Matrix(Map, 2, new float[6], new float[4], Steps, default, longer);
        Assert.Equal(-1.0, longer[6]);
        e = Assert.Throws<ArgumentException>(() => AnalyticKernel.Matrix(Map, 2, new float[6], new float[4], Steps, default, new double[5]));
        Assert.Contains("at least length 6", e.Message);
    }

    [Fact]
    public void InputsThatAreNotWholeRowsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => AnalyticKernel.Matrix(Map, 2, new float[5], new float[4], Steps, default, new double[4]));
        Assert.Equal("xs1", e.ParamName);
        Assert.Contains("multiple of 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => AnalyticKernel.Pair(Map, 2, new float[2], new float[3], Steps, out _, out _));
        Assert.Contains("length 2", e.Message);
    }

    [Fact]
    public void InputSizeMustMatchTheMap()
    {
        var e = Assert.Throws<ArgumentException>(() => AnalyticKernel.Matrix(Map, 3, new float[6], new float[6], Steps, default, new double[4]));
        Assert.Contains("takes 2 inputs", e.Message);
        Assert.Throws<ArgumentException>(() => AnalyticKernel.Pair(Map, 1, [0f], [0f], Steps, out _, out _));
    }

    [Fact]
    public void NaNInputsAreRejected()
    {
        float[] x = [0.1f, float.NaN, 0.3f, 0.4f];
        var e = Assert.Throws<ArgumentException>(() => AnalyticKernel.Matrix(Map, 2, x, new float[4], Steps, default, new double[4]));
        Assert.Contains("NaN", e.Message);
        e = Assert.Throws<ArgumentException>(() => AnalyticKernel.Matrix(Map, 2, new float[4], x, Steps, default, new double[4]));
        Assert.Equal("xs2", e.ParamName);
        Assert.Throws<ArgumentException>(() => AnalyticKernel.Pair(Map, 2, x.AsSpan(0, 2), x.AsSpan(2, 2), Steps, out _, out _));
        Assert.Throws<ArgumentException>(() => AnalyticKernel.Pair([double.NaN, 0, 0, 0], [0.0, 0, 0, 0], Steps, out _, out _));
        Assert.Throws<ArgumentException>(() => StationaryKernel.KernelOfDifference(Map, [double.NaN, 0], Steps, out _, out _));
        Assert.Throws<ArgumentException>(() => AnalyticKernel.Matrix([1.0, double.NaN, 0, 0], 1, [0.0, 0, 0, 0], 1, 4, Steps, [0.0], default));
    }

    [Fact]
    public void RegressionAndDynamicsCheckTheirArguments()
    {
        double[] k = [2, 1, 1, 2];
        var e = Assert.Throws<ArgumentException>(() => KernelRegression.Fit(k, 2, new double[3], 1));
        Assert.Contains("length 2", e.Message);
        Assert.Throws<ArgumentException>(() => KernelRegression.Fit([2, double.NaN, 1, 2], 2, new double[2], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelRegression.Fit(k, 2, new double[2], 1, diagReg: -1));
        var fit = KernelRegression.Fit(k, 2, [1.0, 2.0], 1);
        e = Assert.Throws<ArgumentException>(() => fit.Predict(new double[5], 3, new double[3]));
        Assert.Contains("length 6", e.Message);

        var dynamics = new GradientDescentMse(k, 2, [1.0, 2.0], 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => dynamics.PredictTrain(-1, new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => dynamics.PredictTrain(double.NaN, new double[2]));
        e = Assert.Throws<ArgumentException>(() => dynamics.PredictTrain(1, new double[3], new double[2]));
        Assert.Contains("length 2", e.Message);
        Assert.Throws<ArgumentException>(() => dynamics.PredictTrain(1, [double.NaN, 0], new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientDescentMse(k, 2, [1.0, 2.0], 1, learningRate: 0));
        e = Assert.Throws<ArgumentException>(() => Cholesky.Factor(new double[5], 2));
        Assert.Contains("length 4", e.Message);
    }

    [Fact]
    public void ActivationsWithoutAClosedFormAreRejected()
    {
        Assert.Throws<NotSupportedException>(() => LayerStep.For(Activation.Sigmoid));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerStep.Dense(Parameterization.Ntk, 0, 1, 0));
        Assert.Throws<ArgumentException>(() => AnalyticKernel.Pair([1.0], [1.0], [], out _, out _));
    }
}
