using Xunit;
using FourierGen.Numerics;
using static FourierGen.Tests.Numerics.NumericsReference;

namespace FourierGen.Tests.Numerics;

public class OptimizerMathTests
{
    /// <summary>torch.optim.Adam's formulas, entirely in float64.</summary>
    private static void AdamReference(double[] p, float[] g, double[] m, double[] v, double lr, double beta1, double beta2, double eps, int t)
    {
        double bc1 = 1 - Math.Pow(beta1, t), bc2 = 1 - Math.Pow(beta2, t);
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * (double)g[i];
            p[i] -= lr / bc1 * m[i] / (Math.Sqrt(v[i]) / Math.Sqrt(bc2) + eps);
        }
    }

    [Theory]
    [InlineData(1e-3, 0.9, 0.999, 1e-8)]
    [InlineData(5e-2, 0.9, 0.999, 1e-8)]
    [InlineData(1e-2, 0.3, 0.99, 1e-6)] // 1 − β1 ≥ ½: torch's other lerp branch
    public void Adam_MatchesFloat64PyTorchFormulasOverSeveralSteps(double lr, double beta1, double beta2, double eps)
    {
        foreach (int n in new[] { 1, 7, 8, 17, 100, 1000 })
        {
            float[] p = Random(n, n, 2f), m = new float[n], v = new float[n];
            double[] pd = Array.ConvertAll(p, x => (double)x), md = new double[n], vd = new double[n];
            double[] mScale = new double[n]; // the EMA of |g|: m's rounding is relative to its terms, not to m (which may cancel)
            for (int t = 1; t <= 12; t++)
            {
                float[] g = Random(n, 100 * n + t, t % 4 == 0 ? 1e-3f : 1f);
                if (t == 5)
                {
                    Array.Clear(g, 0, n / 2); // zero gradients: moments decay only
                }

                OptimizerMath.Adam(p, g, m, v, new AdamCoefficients(lr, beta1, beta2, eps, t));
                AdamReference(pd, g, md, vd, lr, beta1, beta2, eps, t);
                for (int i = 0; i < n; i++)
                {
                    mScale[i] = beta1 * mScale[i] + (1 - beta1) * Math.Abs(g[i]);
                    AssertClose(md[i], m[i], 1e-6 * mScale[i] + 1e-12, $"m n={n} t={t} i={i}");
                    AssertClose(vd[i], v[i], 1e-6 * Math.Abs(vd[i]) + 1e-15, $"v n={n} t={t} i={i}");
                    AssertClose(pd[i], p[i], t * (6e-8 * Math.Abs(pd[i]) + 1e-5 * lr), $"p n={n} t={t} i={i}");
                }
            }
        }
    }

    [Fact]
    public void AdamCoefficients_UseDoubleBiasCorrections()
    {
        var c = new AdamCoefficients(1e-3, 0.9, 0.999, 1e-8, 3);
        Assert.Equal((float)-(1e-3 / (1 - 0.9 * 0.9 * 0.9)), c.NegativeStepSize);
        Assert.Equal((float)Math.Pow(1 - Math.Pow(0.999, 3), 0.5), c.BiasCorrection2Sqrt);
        Assert.Equal((float)(1 - 0.9), c.Beta1Weight);
        Assert.Equal(0.999f, c.Beta2);
        Assert.Equal(1e-8f, c.Epsilon);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamCoefficients(1e-3, 0.9, 0.999, 1e-8, 0));
    }

    [Fact]
    public void Sgd_MatchesFloat64()
    {
        float[] p = Random(1001, 1), g = Random(1001, 2);
        float[] before = (float[])p.Clone();
        OptimizerMath.Sgd(p, g, 0.01);
        for (int i = 0; i < p.Length; i++)
        {
            AssertClose(before[i] - 0.01 * g[i], p[i], 1.2e-7 * Math.Abs(before[i]) + 1e-9, $"p {i}");
        }
    }

    [Fact]
    public void EveryWidth_IsBitIdenticalToTheProcessWidth()
    {
        // Element-wise updates: the width only decides how many elements share a vector.
        const int n = 1003;
        float[] p0 = Random(n, 1), g = Random(n, 2), m0 = Random(n, 3, 0.1f), v0 = Random(n, 4, 0.01f);
        for (int i = 0; i < n; i++)
        {
            v0[i] = Math.Abs(v0[i]);
        }

        var c = new AdamCoefficients(1e-3, 0.9, 0.999, 1e-8, 7);
        float[] p1 = (float[])p0.Clone(), m1 = (float[])m0.Clone(), v1 = (float[])v0.Clone();
        OptimizerMath.Adam(p1, g, m1, v1, c);
        float[] s1 = (float[])p0.Clone();
        OptimizerMath.Sgd(s1, g, 0.05);
        foreach (VectorWidth width in VectorWidths)
        {
            float[] p2 = (float[])p0.Clone(), m2 = (float[])m0.Clone(), v2 = (float[])v0.Clone();
            Assert.True(OptimizerMath.AdamCoreAt(width, p2, g, m2, v2, c, write: true));
            AssertBitIdentical(p1, p2, $"{width} p");
            AssertBitIdentical(m1, m2, $"{width} m");
            AssertBitIdentical(v1, v2, $"{width} v");

            float[] s2 = (float[])p0.Clone();
            Assert.True(OptimizerMath.SgdCoreAt(width, s2, g, -0.05f, write: true));
            AssertBitIdentical(s1, s2, $"{width} sgd p");
        }
    }

    [Theory]
    [InlineData(1e30f)]         // g² overflows: v would become ∞
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void TryAdam_WithNonFiniteResult_ChangesNothing(float bad)
    {
        foreach (int at in new[] { 0, 5, 8, 99 }) // vector body and remainder
        {
            float[] p = Random(100, 1), g = Random(100, 2), m = Random(100, 3, 0.1f), v = Random(100, 4, 0.1f);
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = Math.Abs(v[i]);
            }

            g[at] = bad;
            float[] p0 = (float[])p.Clone(), m0 = (float[])m.Clone(), v0 = (float[])v.Clone();
            var c = new AdamCoefficients(1e-3, 0.9, 0.999, 1e-8, 2);
            Assert.False(OptimizerMath.AdamIsFinite(p, g, m, v, c));
            Assert.False(OptimizerMath.TryAdam(p, g, m, v, c));
            AssertBitIdentical(p0, p, "p");
            AssertBitIdentical(m0, m, "m");
            AssertBitIdentical(v0, v, "v");

            g[at] = 0.5f;
            Assert.True(OptimizerMath.TryAdam(p, g, m, v, c));
            Assert.NotEqual(p0[at], p[at]);
        }
    }

    [Fact]
    public void TrySgd_WithOverflow_ChangesNothing()
    {
        float[] p = Random(20, 1), g = Random(20, 2);
        g[13] = 3e38f;
        float[] p0 = (float[])p.Clone();
        Assert.False(OptimizerMath.TrySgd(p, g, 10.0));
        AssertBitIdentical(p0, p, "p");
        Assert.True(OptimizerMath.TrySgd(p, g, 1e-3));
    }

    [Fact]
    public void MismatchedLengths_Throw()
    {
        var c = new AdamCoefficients(1e-3, 0.9, 0.999, 1e-8, 1);
        Assert.Throws<ArgumentException>(() => OptimizerMath.Adam(new float[4], new float[4], new float[3], new float[4], c));
        Assert.Throws<ArgumentException>(() => OptimizerMath.Sgd(new float[4], new float[5], 0.1));
    }
}
