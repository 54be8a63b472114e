using Xunit;
using FourierGen.Numerics;
using static FourierGen.Tests.Numerics.NumericsReference;

namespace FourierGen.Tests.Numerics;

public class DenseBackwardTests
{
    private static readonly int[] BackwardWidths = [1, 3, 7, 8, 15, 16, 17, 33, 100];

    public static TheoryData<Activation, bool, bool> Cases() => DenseForwardTests.Cases();

    private static void CheckBackward(
        bool scalar, int rows, int nIn, int nOut, Activation activation, bool bias, bool withDx, bool accumulate, float ws, float bs, int seed)
    {
        float[] x = Random(rows * nIn, seed);
        float[] w = Random(nIn * nOut, seed + 1);
        float[] y = Outputs(rows * nOut, seed + 2, activation);
        float[] dy = Random(rows * nOut, seed + 3);
        float[] dyOriginal = (float[])dy.Clone();
        float[] dW = accumulate ? Random(nIn * nOut, seed + 4) : Filled(nIn * nOut, float.NaN);
        float[] db = bias ? (accumulate ? Random(nOut, seed + 5) : Filled(nOut, float.NaN)) : [];
        float[] dWOld = (float[])dW.Clone(), dbOld = (float[])db.Clone();
        float[] dX = withDx ? Filled(rows * nIn + 2, float.NaN) : [];
        float[] packedT = withDx ? PackTransposed(w, nIn, nOut) : [];
        if (scalar)
        {
            DenseScalar.Backward(dy, y, x, packedT, dW, db, dX, rows, nIn, nOut, activation, ws, bs, accumulate);
        }
        else
        {
            Dense.Backward(dy, y, x, packedT, dW, db, dX, rows, nIn, nOut, activation, ws, bs, accumulate);
        }

        string what = $"rows={rows} nIn={nIn} nOut={nOut} {activation} bias={bias} accumulate={accumulate}";
        var dz = new double[rows * nOut];
        for (int i = 0; i < dz.Length; i++)
        {
            dz[i] = dyOriginal[i] * Derivative(y[i], activation);
            AssertClose(dz[i], dy[i], 1e-6 * Math.Abs(dz[i]) + 1e-7, $"{what} dZ {i}");
        }

        for (int o = 0; o < nOut; o++)
        {
            for (int i = 0; i < nIn; i++)
            {
                double sum = 0, magnitude = 0;
                for (int r = 0; r < rows; r++)
                {
                    double p = dz[r * nOut + o] * x[r * nIn + i];
                    sum += p;
                    magnitude += Math.Abs(p);
                }

                double old = accumulate ? dWOld[o * nIn + i] : 0;
                AssertClose(old + ws * sum, dW[o * nIn + i], Tolerance(Math.Abs(ws) * magnitude + Math.Abs(old), Math.Min(rows, 256) + 2), $"{what} dW[{o},{i}]");
            }

            if (bias)
            {
                double sum = 0, magnitude = 0;
                for (int r = 0; r < rows; r++)
                {
                    sum += dz[r * nOut + o];
                    magnitude += Math.Abs(dz[r * nOut + o]);
                }

                double old = accumulate ? dbOld[o] : 0;
                AssertClose(old + bs * sum, db[o], Tolerance(Math.Abs(bs) * magnitude + Math.Abs(old), Math.Min(rows, 256) + 2), $"{what} db[{o}]");
            }
        }

        if (withDx)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int i = 0; i < nIn; i++)
                {
                    double sum = 0, magnitude = 0;
                    for (int o = 0; o < nOut; o++)
                    {
                        double p = dz[r * nOut + o] * w[o * nIn + i];
                        sum += p;
                        magnitude += Math.Abs(p);
                    }

                    AssertClose(ws * sum, dX[r * nIn + i], Tolerance(Math.Abs(ws) * magnitude, nOut), $"{what} dX[{r},{i}]");
                }
            }

            Assert.True(float.IsNaN(dX[rows * nIn]) && float.IsNaN(dX[rows * nIn + 1]), $"{what}: wrote past dX");
        }
    }

    private static float[] Filled(int count, float value)
    {
        var values = new float[count];
        values.AsSpan().Fill(value);
        return values;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_MatchesFloat64Reference(Activation activation, bool bias, bool scalar)
    {
        int seed = 1000;
        foreach (int nIn in BackwardWidths)
        {
            foreach (int nOut in BackwardWidths)
            {
                foreach (int rows in new[] { 1, 5, 6, 7, 64 })
                {
                    seed++;
                    float ws = seed % 2 == 0 ? 1f : 0.37f;
                    float bs = seed % 3 == 0 ? 1f : 1.7f;
                    CheckBackward(scalar, rows, nIn, nOut, activation, bias, withDx: seed % 5 != 0, accumulate: seed % 7 != 0, ws, bs, seed);
                }
            }
        }

        // The paper's shapes, and batches over several 256-row blocks (the first overwrites, the rest add).
        CheckBackward(scalar, 64, 256, 256, activation, bias, withDx: true, accumulate: true, 0.5f, 1f, ++seed);
        CheckBackward(scalar, 300, 256, 3, activation, bias, withDx: true, accumulate: false, 1f, 1f, ++seed);
        CheckBackward(scalar, 7, 3, 256, activation, bias, withDx: true, accumulate: true, 0.1f, 0.2f, ++seed);
        CheckBackward(scalar, 1000, 17, 33, activation, bias, withDx: true, accumulate: false, 0.3f, 0.7f, ++seed);
        CheckBackward(scalar, 600, 40, 20, activation, bias, withDx: false, accumulate: true, 1f, 1f, ++seed);
    }

    [Fact]
    public void ScalarFallback_MatchesVectorPath()
    {
        const int rows = 300, nIn = 37, nOut = 50;
        float[] x = Random(rows * nIn, 1), w = Random(nIn * nOut, 2), y = Outputs(rows * nOut, 3, Activation.Tanh), dy = Random(rows * nOut, 4);
        float[] packedT = PackTransposed(w, nIn, nOut);
        float[] dy1 = (float[])dy.Clone(), dy2 = (float[])dy.Clone();
        float[] dW1 = new float[nIn * nOut], dW2 = new float[nIn * nOut], db1 = new float[nOut], db2 = new float[nOut];
        float[] dX1 = new float[rows * nIn], dX2 = new float[rows * nIn];
        Dense.Backward(dy1, y, x, packedT, dW1, db1, dX1, rows, nIn, nOut, Activation.Tanh, 0.5f, 2f, accumulate: false);
        DenseScalar.Backward(dy2, y, x, packedT, dW2, db2, dX2, rows, nIn, nOut, Activation.Tanh, 0.5f, 2f, accumulate: false);
        AssertBitIdentical(dy1, dy2, "dZ (element-wise, same operations)");
        for (int i = 0; i < dW1.Length; i++)
        {
            AssertClose(dW1[i], dW2[i], 1e-5 * (1 + Math.Abs(dW1[i])), $"dW {i}");
        }

        for (int i = 0; i < db1.Length; i++)
        {
            AssertClose(db1[i], db2[i], 1e-5 * (1 + Math.Abs(db1[i])), $"db {i}");
        }

        for (int i = 0; i < dX1.Length; i++)
        {
            AssertClose(dX1[i], dX2[i], 1e-5 * (1 + Math.Abs(dX1[i])), $"dX {i}");
        }
    }

    [Fact]
    public void Backward_ZeroRowsWithOverwrite_ClearsGradients()
    {
        float[] dW = [1, 2, 3, 4, 5, 6], db = [7, 8];
        Dense.Backward([], [], [], [], dW, db, [], 0, 3, 2, Activation.Relu, accumulate: false);
        Assert.All(dW, v => Assert.Equal(0f, v));
        Assert.All(db, v => Assert.Equal(0f, v));
    }
}
