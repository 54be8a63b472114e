using FourierGen.Spectral;

namespace FourierGen.Tests.Structured;

/// <summary>The FFT against the defining sum, for power-of-two and other lengths, 1-D to 3-D.</summary>
public sealed class FftPlanTests
{
    public static TheoryData<int[]> Shapes() => new()
    {
        { [1] }, { [2] }, { [8] }, { [12] }, { [97] }, { [5, 7] }, { [16, 3] }, { [16, 3, 6] }, { [4, 8, 2] }, { [9, 1, 5] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardIsTheDftAndInverseUndoesIt(int[] shape)
    {
        var plan = new FftPlan(shape);
        int n = plan.Length;
        var random = new Random(n);
        double[] re = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] im = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] re0 = (double[])re.Clone(), im0 = (double[])im.Clone();
        plan.Forward(re, im);
        double largest = 0, error = 0;
        for (int k = 0; k < n; k++)
        {
            double sumRe = 0, sumIm = 0;
            for (int j = 0; j < n; j++)
            {
                // Σ over axes of k_a·j_a/n_a, reduced exactly before the angle is formed.
                double phase = 0;
                for (int a = 0, kk = k, jj = j; a < shape.Length; kk /= shape[a], jj /= shape[a], a++)
                {
                    phase += (double)((long)(kk % shape[a]) * (jj % shape[a]) % shape[a]) / shape[a];
                }

                (double sin, double cos) = Math.SinCos(-2 * Math.PI * phase);
                sumRe += re0[j] * cos - im0[j] * sin;
                sumIm += re0[j] * sin + im0[j] * cos;
            }

            largest = Math.Max(largest, Math.Max(Math.Abs(sumRe), Math.Abs(sumIm)));
            error = Math.Max(error, Math.Max(Math.Abs(sumRe - re[k]), Math.Abs(sumIm - im[k])));
        }

        Assert.True(error <= 1e-14 * Math.Max(1, largest), $"forward: max error {error:E2} (largest |X| {largest:E2})");
        plan.Inverse(re, im);
        for (int j = 0; j < n; j++)
        {
            Assert.True(Math.Abs(re[j] - re0[j]) <= 1e-14 && Math.Abs(im[j] - im0[j]) <= 1e-14, $"round trip at {j}");
        }
    }

    [Theory]
    [InlineData(new[] { 16 }, new[] { 9 }, new[] { 5 })]
    [InlineData(new[] { 8, 16 }, new[] { 5, 9 }, new[] { 8, 3 })]
    [InlineData(new[] { 8, 6, 4 }, new[] { 3, 2, 2 }, new[] { 5, 6, 1 })]
    public void PrunedTransformsEqualTheFullOnesWhereTheyMatter(int[] shape, int[] nonzero, int[] needed)
    {
        // Forward skipping all-zero lines = the full forward of the zero-padded data; the inverse restricted to the
        // needed corner = the full inverse there.
        var plan = new FftPlan(shape);
        var random = new Random(3);
        var re = new double[plan.Length];
        var im = new double[plan.Length];
        for (int k = 0; k < plan.Length; k++)
        {
            bool inside = true;
            for (int a = 0, rest = k; a < shape.Length; rest /= shape[a], a++)
            {
                inside &= rest % shape[a] < nonzero[a];
            }

            (re[k], im[k]) = inside ? (random.NextDouble(), random.NextDouble()) : (0, 0);
        }

        double[] fullRe = (double[])re.Clone(), fullIm = (double[])im.Clone();
        plan.Forward(fullRe, fullIm);
        plan.Forward(re, im, nonzero);
        Assert.Equal(fullRe, re);
        Assert.Equal(fullIm, im);

        plan.Inverse(fullRe, fullIm);
        plan.Inverse(re, im, needed);
        for (int k = 0; k < plan.Length; k++)
        {
            bool inside = true;
            for (int a = 0, rest = k; a < shape.Length; rest /= shape[a], a++)
            {
                inside &= rest % shape[a] < needed[a];
            }

            if (inside)
            {
                Assert.True(Math.Abs(re[k] - fullRe[k]) <= 1e-15 && Math.Abs(im[k] - fullIm[k]) <= 1e-15, $"element {k}");
            }
        }
    }

    [Fact]
    public void BadShapesAndLengthsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new FftPlan());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FftPlan(4, 0));
        var plan = new FftPlan(4, 3);
        Assert.Throws<ArgumentException>(() => plan.Forward(new double[11], new double[12]));
    }
}
