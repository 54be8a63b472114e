using Xunit;
using FourierGen.Numerics;
using static FourierGen.Tests.Numerics.NumericsReference;

namespace FourierGen.Tests.Numerics;

public class LossesTests
{
    private static readonly int[] Sizes = [1, 3, 7, 8, 15, 16, 17, 33, 100, 1000];

    private static double MseReference(ReadOnlySpan<double> p, ReadOnlySpan<float> t)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            sum += (p[i] - t[i]) * (p[i] - t[i]);
        }

        return sum / p.Length;
    }

    private static double HalfSumReference(ReadOnlySpan<double> p, ReadOnlySpan<float> t) => 0.5 * MseReference(p, t) * p.Length;

    private static double BceReference(ReadOnlySpan<double> x, ReadOnlySpan<float> t)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            // −[t·log σ(x) + (1 − t)·log(1 − σ(x))], with log σ written stably.
            double logSigmoid = -Math.Log(1 + Math.Exp(-Math.Abs(x[i]))) + Math.Min(x[i], 0);
            double logOneMinus = logSigmoid - x[i];
            sum += -(t[i] * logSigmoid + (1.0 - t[i]) * logOneMinus);
        }

        return sum / x.Length;
    }

    private delegate double Loss(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g);

    private delegate double Reference(ReadOnlySpan<double> p, ReadOnlySpan<float> t);

    private static void Check(Loss loss, Reference reference, float[] p, float[] t, double gradientScale)
    {
        var g = new float[p.Length];
        double value = loss(p, t, g);
        double[] pd = Array.ConvertAll(p, v => (double)v);
        double expected = reference(pd, t);
        AssertClose(expected, value, 1e-12 * Math.Max(1, Math.Abs(expected)), $"value n={p.Length}");
        Assert.Equal(value, loss(p, t, default)); // value only, same result

        // Central differences of the float64 reference, per element.
        for (int i = 0; i < p.Length; i += Math.Max(1, p.Length / 37))
        {
            double h = 1e-3 * Math.Max(1, Math.Abs(pd[i]));
            double saved = pd[i];
            pd[i] = saved + h;
            double up = reference(pd, t);
            pd[i] = saved - h;
            double down = reference(pd, t);
            pd[i] = saved;
            double fd = (up - down) / (2 * h);
            AssertClose(fd, g[i], 1e-6 * gradientScale + 1e-5 * Math.Abs(fd), $"gradient n={p.Length} element {i}");
        }
    }

    [Fact]
    public void MeanSquaredError_MatchesFloat64AndFiniteDifferences()
    {
        foreach (int n in Sizes)
        {
            Check(Losses.MeanSquaredError, MseReference, Random(n, n, 3f), Random(n, n + 1), 2.0 / n);
        }
    }

    [Fact]
    public void HalfSumSquared_MatchesFloat64AndFiniteDifferences()
    {
        foreach (int n in Sizes)
        {
            Check(Losses.HalfSumSquared, HalfSumReference, Random(n, n, 3f), Random(n, n + 1), 1);
        }
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_MatchesFloat64AndFiniteDifferences()
    {
        foreach (int n in Sizes)
        {
            float[] t = Random(n, n + 1);
            for (int i = 0; i < n; i++)
            {
                t[i] = i % 3 == 0 ? 0f : i % 3 == 1 ? 1f : 0.5f + 0.5f * t[i]; // hard and soft targets
            }

            Check(Losses.BinaryCrossEntropyWithLogits, BceReference, Random(n, n, 8f), t, 1.0 / n);
        }
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_IsStableForLargeLogits()
    {
        float[] x = [100f, -100f, 50f, -50f, 30f, -30f, 0f, 1e-30f, 88f];
        float[] t = [1f, 0f, 0f, 1f, 1f, 0f, 0.5f, 1f, 0f];
        var g = new float[x.Length];
        double value = Losses.BinaryCrossEntropyWithLogits(x, t, g);
        double expected = BceReference(Array.ConvertAll(x, v => (double)v), t);
        AssertClose(expected, value, 1e-12 * expected, "value");
        Assert.All(g, v => Assert.True(float.IsFinite(v)));
        AssertClose(0, g[0], 1e-30, "saturated correct logit");
        AssertClose(-1.0 / x.Length, g[3], 1e-9, "saturated wrong logit"); // σ(−50) − 1
        AssertClose(1.0 / x.Length, g[8], 1e-9, "saturated wrong logit"); // σ(88) − 0
    }

    [Fact]
    public void PartialSums_OverRowRanges_ReduceToTheWholeBatch()
    {
        const int rows = 1000, outputs = 3, total = rows * outputs;
        float[] p = Random(total, 1, 4f), t = Random(total, 2);
        float[] whole = new float[total], parts = new float[total];

        double mse = Losses.MeanSquaredError(p, t, whole);
        double sum = 0;
        for (int r0 = 0; r0 < rows; r0 += 64)
        {
            int count = Math.Min(64, rows - r0) * outputs;
            sum += Losses.MeanSquaredErrorSum(p.AsSpan(r0 * outputs, count), t.AsSpan(r0 * outputs, count), parts.AsSpan(r0 * outputs, count), total);
        }

        AssertClose(mse, Losses.MeanSquaredErrorFinish(sum, total), 1e-13 * mse, "MSE");
        AssertBitIdentical(whole, parts, "MSE gradient");

        double bce = Losses.BinaryCrossEntropyWithLogits(p, t, whole);
        sum = 0;
        for (int r0 = 0; r0 < rows; r0 += 7)
        {
            int count = Math.Min(7, rows - r0) * outputs;
            sum += Losses.BinaryCrossEntropyWithLogitsSum(p.AsSpan(r0 * outputs, count), t.AsSpan(r0 * outputs, count), parts.AsSpan(r0 * outputs, count), total);
        }

        AssertClose(bce, Losses.BinaryCrossEntropyWithLogitsFinish(sum, total), 1e-13 * bce, "BCE");
        AssertBitIdentical(whole, parts, "BCE gradient");
    }

    [Fact]
    public void EveryWidth_MatchesTheProcessWidth()
    {
        // Gradients are element-wise: the same bits at every width. The sums group their terms by lane count,
        // so they may differ in the last bits.
        foreach (VectorWidth width in VectorWidths)
        {
            foreach (int n in Sizes)
            {
                float[] p = Random(n, 3 * n, 5f), t = Random(n, 3 * n + 1);
                float[] gv = new float[n], gs = new float[n];
                double expected = Losses.MeanSquaredErrorSum(p, t, gv, n);
                double actual = Losses.SquaredErrorAt(width, p, t, gs, (float)(2.0 / n));
                AssertClose(expected, actual, 1e-13 * expected, $"{width} MSE n={n}");
                AssertBitIdentical(gv, gs, $"{width} MSE gradient n={n}");

                expected = Losses.BinaryCrossEntropyWithLogitsSum(p, t, gv, n);
                actual = Losses.CrossEntropyAt(width, p, t, gs, 1.0 / n);
                AssertClose(expected, actual, 1e-13 * expected, $"{width} BCE n={n}");
                for (int i = 0; i < n; i++)
                {
                    AssertClose(gv[i], gs[i], 1e-7 * Math.Abs(gv[i]) + 1e-12, $"{width} BCE gradient n={n} element {i}");
                }
            }
        }
    }

    [Fact]
    public void MismatchedLengths_Throw()
    {
        Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError(new float[3], new float[4], default));
        Assert.Throws<ArgumentException>(() => Losses.HalfSumSquared(new float[3], new float[3], new float[2]));
    }
}
