using Xunit;
using FourierGen.Numerics;
using static FourierGen.Tests.Numerics.NumericsReference;

namespace FourierGen.Tests.Numerics;

public class DenseBackwardTests
{
    private static readonly int[] BackwardWidths = [1, 3, 7, 8, 15, 16, 17, 33, 100];

    public static TheoryData<Activation, bool, VectorWidth> Cases() => DenseForwardTests.Cases();

    private static void CheckBackward(
        VectorWidth width, int rows, int nIn, int nOut, Activation activation, bool bias, bool withDx, bool accumulate, float ws, float bs, int seed)
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
        float[] packedT = withDx ? PackTransposed(width, w, nIn, nOut) : [];
        Dense.BackwardAt(width, dy, y, x, packedT, dW, db, dX, rows, nIn, nOut, activation, ws, bs, accumulate);

        string what = $"{width} rows={rows} nIn={nIn} nOut={nOut} {activation} bias={bias} accumulate={accumulate}";
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
    public void Backward_MatchesFloat64Reference(Activation activation, bool bias, VectorWidth width)
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
                    CheckBackward(width, rows, nIn, nOut, activation, bias, withDx: seed % 5 != 0, accumulate: seed % 7 != 0, ws, bs, seed);
                }
            }
        }

        // The paper's shapes, and batches over several 256-row blocks (the first overwrites, the rest add).
        CheckBackward(width, 64, 256, 256, activation, bias, withDx: true, accumulate: true, 0.5f, 1f, ++seed);
        CheckBackward(width, 300, 256, 3, activation, bias, withDx: true, accumulate: false, 1f, 1f, ++seed);
        CheckBackward(width, 7, 3, 256, activation, bias, withDx: true, accumulate: true, 0.1f, 0.2f, ++seed);
        CheckBackward(width, 1000, 17, 33, activation, bias, withDx: true, accumulate: false, 0.3f, 0.7f, ++seed);
        CheckBackward(width, 600, 40, 20, activation, bias, withDx: false, accumulate: true, 1f, 1f, ++seed);

        // Row blocks of dZ too large to read in place (128 × 100 floats): packed dZ blocks in two groups, with a
        // partial block and a partial panel of X, next to the in-place path the smaller shapes above take.
        CheckBackward(width, 200, 100, 100, activation, bias, withDx: true, accumulate: true, 0.8f, 1.3f, ++seed);
    }

    [Fact]
    public void EveryWidth_GivesTheSameBitsForWideLayers()
    {
        // dZ is element-wise; db, dW and dX are sums in row (k) order with one multiply-add per step at every
        // width, so the width only decides which outputs share a tile. (dX here has nOut = 50 > the narrow limit.)
        const int rows = 300, nIn = 37, nOut = 50;
        float[] x = Random(rows * nIn, 1), w = Random(nIn * nOut, 2), y = Outputs(rows * nOut, 3, Activation.Tanh), dy = Random(rows * nOut, 4);
        (float[] dZ, float[] dW, float[] db, float[] dX) Run(VectorWidth width)
        {
            float[] dz = (float[])dy.Clone(), dW = new float[nIn * nOut], db = new float[nOut], dX = new float[rows * nIn];
            Dense.BackwardAt(width, dz, y, x, PackTransposed(width, w, nIn, nOut), dW, db, dX, rows, nIn, nOut, Activation.Tanh, 0.5f, 2f, accumulate: false);
            return (dz, dW, db, dX);
        }

        var expected = Run(Hardware.VectorWidth);
        foreach (VectorWidth width in VectorWidths)
        {
            var actual = Run(width);
            AssertBitIdentical(expected.dZ, actual.dZ, $"{width} dZ");
            AssertBitIdentical(expected.dW, actual.dW, $"{width} dW");
            AssertBitIdentical(expected.db, actual.db, $"{width} db");
            AssertBitIdentical(expected.dX, actual.dX, $"{width} dX");
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
