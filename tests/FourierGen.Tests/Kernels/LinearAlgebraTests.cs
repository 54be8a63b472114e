using FourierGen.Kernels;
using Xunit;

namespace FourierGen.Tests.Kernels;

/// <summary>Cholesky and the symmetric eigendecomposition.</summary>
public sealed class LinearAlgebraTests
{
    internal static double[] RandomSpd(int n, int seed, double shift = 1)
    {
        var rng = new Random(seed);
        int d = n + 5;
        double[] f = Enumerable.Range(0, n * d).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var a = new double[n * n];
        AnalyticKernel.Gram(f, n, f, n, d, a);
        for (int i = 0; i < n; i++)
        {
            a[i * n + i] += shift;
        }

        return a;
    }

    /// <summary>Sizes around the leaf and split sizes, at every vector width the machine accelerates.</summary>
    public static TheoryData<int, FourierGen.VectorWidth> CholeskyCases()
    {
        var data = new TheoryData<int, FourierGen.VectorWidth>();
        foreach (FourierGen.VectorWidth width in FourierGen.Tests.Numerics.NumericsReference.VectorWidths)
        {
            foreach (int n in new[] { 1, 7, 96, 97, 250, 509 })
            {
                data.Add(n, width);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CholeskyCases))]
    public void CholeskyReproducesTheMatrix(int n, FourierGen.VectorWidth width)
    {
        double[] a = RandomSpd(n, seed: n);
        double[] l = (double[])a.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                l[i * n + j] = double.NaN; // the upper triangle must not be read
            }
        }

        Cholesky.FactorAt(width, l, n);
        for (int i = 0; i < n; i++)
        {
            Assert.True(l[i * n + i] > 0);
            for (int j = 0; j < n; j++)
            {
                if (j > i)
                {
                    Assert.Equal(0.0, l[i * n + j]);
                    continue;
                }

                double s = 0;
                for (int k = 0; k <= j; k++)
                {
                    s += l[i * n + k] * l[j * n + k];
                }

                Assert.True(Math.Abs(s - a[i * n + j]) <= 1e-13 * (1 + Math.Abs(a[i * n + i])), $"({i},{j}): {s} vs {a[i * n + j]}");
            }
        }

        // Solve: A x = b.
        var rng = new Random(1);
        double[] b = Enumerable.Range(0, n * 2).Select(_ => rng.NextDouble()).ToArray();
        double[] x = (double[])b.Clone();
        Cholesky.Solve(l, n, x, 2);
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 2; c++)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                {
                    s += a[i * n + k] * x[k * 2 + c];
                }

                Assert.Equal(b[i * 2 + c], s, 10);
            }
        }
    }

    [Fact]
    public void CholeskyNamesTheFailingPivotAndSuggestsDiagReg()
    {
        // Row/column 120 duplicates 119 with a diagonal 1e-3 smaller: the Schur complement at pivot 120 is −1e-3.
        int n = 150;
        double[] a = RandomSpd(n, seed: 2);
        for (int j = 0; j < n; j++)
        {
            a[120 * n + j] = a[119 * n + j];
            a[j * n + 120] = a[j * n + 119];
        }

        a[120 * n + 120] = a[119 * n + 119] - 1e-3;
        a[120 * n + 119] = a[119 * n + 120] = a[119 * n + 119];
        var e = Assert.Throws<MatrixNotPositiveDefiniteException>(() => Cholesky.Factor(a, n));
        Assert.Equal(120, e.PivotIndex);
        Assert.Equal(-1e-3, e.PivotValue, 9);
        Assert.Contains("pivot 120", e.Message);
        Assert.Contains("diagReg", e.Message);

        double[] negative = [1, 0, 0, -2];
        var e2 = Assert.Throws<MatrixNotPositiveDefiniteException>(() => Cholesky.Factor(negative, 2));
        Assert.Equal(1, e2.PivotIndex);
        Assert.Equal(-2, e2.PivotValue);
        Assert.Contains("-2", e2.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(60)]
    [InlineData(257)]
    public void EigendecompositionDiagonalisesTheMatrix(int n)
    {
        var rng = new Random(n);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                a[i * n + j] = a[j * n + i] = rng.NextDouble() - 0.5;
            }
        }

        var lambda = new double[n];
        var v = new double[n * n];
        SymmetricEigen.Decompose(a, n, lambda, v);
        double trace = 0;
        for (int i = 0; i < n; i++)
        {
            trace += a[i * n + i];
        }

        Assert.Equal(trace, lambda.Sum(), 10);
        for (int k = 0; k < n; k++)
        {
            if (k > 0)
            {
                Assert.True(lambda[k] <= lambda[k - 1]);
            }

            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++)
                {
                    s += a[i * n + j] * v[k * n + j];
                }

                Assert.True(Math.Abs(s - lambda[k] * v[k * n + i]) < 1e-12 * n, $"A v_{k} at {i}");
            }

            for (int k2 = 0; k2 <= k; k2++)
            {
                double dot = 0;
                for (int j = 0; j < n; j++)
                {
                    dot += v[k * n + j] * v[k2 * n + j];
                }

                Assert.Equal(k == k2 ? 1.0 : 0.0, dot, 12);
            }
        }

        var values = new double[n];
        SymmetricEigen.Eigenvalues(a, n, values);
        for (int k = 0; k < n; k++)
        {
            Assert.Equal(lambda[k], values[k], 12);
        }
    }

    [Fact]
    public void EigendecompositionHandlesRepeatedEigenvalues()
    {
        // Identity plus a rank-one term: n − 1 eigenvalues equal to 1.
        int n = 40;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i * n + j] = (i == j ? 1 : 0) + 0.5;
            }
        }

        var lambda = new double[n];
        var v = new double[n * n];
        SymmetricEigen.Decompose(a, n, lambda, v);
        Assert.Equal(1 + 0.5 * n, lambda[0], 12);
        for (int k = 1; k < n; k++)
        {
            Assert.Equal(1.0, lambda[k], 12);
        }
    }
}
