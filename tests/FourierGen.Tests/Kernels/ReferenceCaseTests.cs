using Xunit;
using FourierGen.Kernels;

namespace FourierGen.Tests.Kernels;

/// <summary>Every NNGP and NTK matrix of Data/ntk-cases.json to 1e-10 relative, through each runtime path.</summary>
public sealed class ReferenceCaseTests
{
    private const double Tolerance = 1e-10;

    public static TheoryData<string> Cases => ReferenceCase.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatrixMatchesNeuralTangents(string name)
    {
        ReferenceCase c = ReferenceCase.Get(name);
        var nngp = new double[c.N1 * c.N2];
        var ntk = new double[c.N1 * c.N2];
        AnalyticKernel.Matrix(c.Map, c.Inputs, c.X1, c.X2, c.Steps, nngp, ntk);
        AssertClose(c.Nngp, nngp, "nngp");
        AssertClose(c.Ntk, ntk, "ntk");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachKernelAloneMatchesNeuralTangents(string name)
    {
        ReferenceCase c = ReferenceCase.Get(name);
        var nngp = new double[c.N1 * c.N2];
        var ntk = new double[c.N1 * c.N2];
        AnalyticKernel.Matrix(c.Map, c.Inputs, c.X1, c.X2, c.Steps, nngp, default);
        AnalyticKernel.Matrix(c.Map, c.Inputs, c.X1, c.X2, c.Steps, default, ntk);
        AssertClose(c.Nngp, nngp, "nngp");
        AssertClose(c.Ntk, ntk, "ntk");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PairMatchesNeuralTangents(string name)
    {
        ReferenceCase c = ReferenceCase.Get(name);
        for (int i = 0; i < c.N1; i++)
        {
            for (int j = 0; j < c.N2; j++)
            {
                AnalyticKernel.Pair(c.Map, c.Inputs, c.X1.AsSpan(i * c.Inputs, c.Inputs), c.X2.AsSpan(j * c.Inputs, c.Inputs),
                    c.Steps, out double nngp, out double ntk);
                Assert.True(Close(c.Nngp[i * c.N2 + j], nngp), $"nngp[{i},{j}] = {nngp:R}, expected {c.Nngp[i * c.N2 + j]:R}");
                Assert.True(Close(c.Ntk[i * c.N2 + j], ntk), $"ntk[{i},{j}] = {ntk:R}, expected {c.Ntk[i * c.N2 + j]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SymmetricPathMatchesNeuralTangentsWhereTheSetsAreEqual(string name)
    {
        ReferenceCase c = ReferenceCase.Get(name);
        if (!c.X1.AsSpan().SequenceEqual(c.X2))
        {
            return; // only the cases with x1 == x2
        }

        var nngp = new double[c.N1 * c.N1];
        var ntk = new double[c.N1 * c.N1];
        AnalyticKernel.Matrix(c.Map, c.Inputs, c.X1, c.X1, c.Steps, nngp, ntk);
        AssertClose(c.Nngp, nngp, "nngp");
        AssertClose(c.Ntk, ntk, "ntk");
    }

    [Theory]
    [InlineData("raw-2d-ntk")]
    [InlineData("raw-2d-standard")]
    [InlineData("gauss-2d-standard")]
    [InlineData("powerlaw-1d-p1.0")]
    public void IdenticalPointsGiveTheClosedFormDiagonalExactly(string name)
    {
        // x1 and x2 are separate arrays (the general path), with the same points in both.
        ReferenceCase c = ReferenceCase.Get(name);
        var nngp = new double[c.N1 * c.N2];
        var ntk = new double[c.N1 * c.N2];
        AnalyticKernel.Matrix(c.Map, c.Inputs, c.X1, c.X2, c.Steps, nngp, ntk);
        var features = new double[c.FeatureSize];
        int checkedPairs = 0;
        for (int i = 0; i < c.N1; i++)
        {
            for (int j = 0; j < c.N2; j++)
            {
                if (!c.X1.AsSpan(i * c.Inputs, c.Inputs).SequenceEqual(c.X2.AsSpan(j * c.Inputs, c.Inputs)))
                {
                    continue;
                }

                if (c.Map is null)
                {
                    for (int k = 0; k < c.Inputs; k++)
                    {
                        features[k] = c.X1[i * c.Inputs + k];
                    }
                }
                else
                {
                    c.Map.EncodeDouble(c.X1.AsSpan(i * c.Inputs, c.Inputs), features);
                }

                (double k0, double t0) = ClosedFormDiagonal(features, c.Steps);
                Assert.Equal(k0, nngp[i * c.N2 + j]);
                Assert.Equal(t0, ntk[i * c.N2 + j]);
                checkedPairs++;
            }
        }

        Assert.True(checkedPairs > 0);
    }

    /// <summary>
    /// The diagonal recursion with ReLU as exact halving (θ = 0), written out independently, with the
    /// library's multiply-adds (fused exactly where the hardware has FMA).
    /// </summary>
    private static (double Nngp, double Ntk) ClosedFormDiagonal(double[] features, LayerStep[] steps)
    {
        double s = 0;
        foreach (double f in features)
        {
            s = FourierGen.Tests.Numerics.NumericsReference.MultiplyAdd(f, f, s);
        }

        s *= 1.0 / features.Length;
        double t = 0;
        foreach (LayerStep step in steps)
        {
            if (step.Kind == LayerStepKind.Relu)
            {
                s *= 0.5;
                t *= 0.5;
            }
            else if (step.Parameterization == Parameterization.Ntk)
            {
                s = FourierGen.Tests.Numerics.NumericsReference.MultiplyAdd(step.WeightVariance, s, step.BiasVariance);
                t = FourierGen.Tests.Numerics.NumericsReference.MultiplyAdd(step.WeightVariance, t, s);
            }
            else
            {
                t = FourierGen.Tests.Numerics.NumericsReference.MultiplyAdd(step.InputWidth, s, FourierGen.Tests.Numerics.NumericsReference.MultiplyAdd(step.WeightVariance, t, 1.0));
                s = FourierGen.Tests.Numerics.NumericsReference.MultiplyAdd(step.WeightVariance, s, step.BiasVariance);
            }
        }

        return (s, t);
    }

    private static bool Close(double expected, double actual) => Math.Abs(actual - expected) <= Tolerance * Math.Abs(expected);

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Close(expected[k], actual[k]),
                $"{what}[{k}] = {actual[k]:R}, expected {expected[k]:R} (relative error {Math.Abs(actual[k] - expected[k]) / Math.Abs(expected[k]):E2})");
        }
    }
}
