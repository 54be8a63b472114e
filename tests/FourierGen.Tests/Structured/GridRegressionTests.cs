using FourierGen.Kernels;
using Xunit.Abstractions;

namespace FourierGen.Tests.Structured;

/// <summary>The structured grid solve against the dense <see cref="KernelRegression"/> (float64, Cholesky).</summary>
public sealed class GridRegressionTests(ITestOutputHelper output)
{
    private const double DiagReg = 1e-6;

    public static TheoryData<string, int[]> Cases()
    {
        var data = new TheoryData<string, int[]>();
        foreach (string mapping in new[] { "basic", "positional", "gaussian" })
        {
            data.Add(mapping, [32, 32]);
            data.Add(mapping, [64, 64]);
            data.Add(mapping, [256]);
            data.Add(mapping, [1024]);
            data.Add(mapping, [8, 8, 8]);
            data.Add(mapping, [16, 8, 8]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StructuredSolveEqualsDenseKernelRegression(string mapping, int[] counts)
    {
        switch ((mapping, counts.Length))
        {
            case ("basic", 1): Check(new Basic1Net(seed: 1), counts); break;
            case ("positional", 1): Check(new Positional1Net(seed: 1), counts); break;
            case ("gaussian", 1): Check(new Gaussian1Net(seed: 1), counts); break;
            case ("basic", 2): Check(new Basic2Net(seed: 1), counts); break;
            case ("positional", 2): Check(new Positional2Net(seed: 1), counts); break;
            case ("gaussian", 2): Check(new Gaussian2Net(seed: 1), counts); break;
            case ("basic", 3): Check(new Basic3Net(seed: 1), counts); break;
            case ("positional", 3): Check(new Positional3Net(seed: 1), counts); break;
            default: Check(new Gaussian3Net(seed: 1), counts); break;
        }
    }

    private void Check<TNet>(TNet net, int[] counts)
        where TNet : IAnalyticNetwork<TNet>
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int d = counts.Length;
        // Dyadic spacing 1/n_k (coordinates exact in float), the grid spanning [0, 1) on each axis but the last,
        // which spans half of it (so basic is not exactly circulant there).
        double[] spacing = counts.Select((n, axis) => axis == d - 1 && d > 1 ? 0.5 / n : 1.0 / n).ToArray();
        var grid = new RegularGrid(counts, new double[d], spacing);
        int n = grid.Count;
        float[] x = grid.Coordinates();
        double[] y = Targets(x, d, 3);

        var options = new IterativeSolverOptions { DiagReg = DiagReg };
        GridKernelRegression structured = GridKernelRegression.Fit(net, grid, y, options);
        double structuredSeconds = clock.Elapsed.TotalSeconds;

        var gram = new double[n * n];
        net.NtkMatrix(x, x, gram);
        var dense = KernelRegression.Fit(gram, n, y, 3, DiagReg);
        Assert.Equal(dense.Regularization, structured.Regularization, 1e-12 * dense.Regularization);

        // Predictions on the training grid itself, on the grid shifted by half a step, and at scattered points.
        // The dense side evaluates every 7th point of the grids (the structured side predicts them all).
        RegularGrid shifted = grid.Shifted(spacing.Select(s => s / 2).ToArray());
        var random = new Random(5);
        float[] scattered = Enumerable.Range(0, 50 * d).Select(_ => random.NextSingle()).ToArray();
        foreach ((string name, RegularGrid? g) in new[] { ("train grid", grid), ("shifted grid", shifted), ("scattered", (RegularGrid?)null) })
        {
            float[] points = g is null ? scattered : g.Coordinates();
            int[] rows = Enumerable.Range(0, points.Length / d).Where(i => g is null || i % 7 == 0).ToArray();
            float[] sample = rows.SelectMany(i => points.AsSpan(i * d, d).ToArray()).ToArray();
            int m = rows.Length;
            var k = new double[m * n];
            net.NtkMatrix(sample, x, k);
            var expected = new double[m * 3];
            dense.Predict(k, m, expected);
            var all = new double[points.Length / d * 3];
            if (g is null)
            {
                structured.Predict(points, all);
            }
            else
            {
                structured.PredictGrid(g, all);
            }

            double[] actual = rows.SelectMany(i => all.AsSpan(i * 3, 3).ToArray()).ToArray();
            double error = RelativeError(actual, expected);
            output.WriteLine($"{typeof(TNet).Name} {string.Join("x", counts)} {name}: relative error {error:E2}");
            Assert.True(error <= 1e-8, $"{name}: ‖structured − dense‖/‖dense‖ = {error:E2}");
        }

        double alphaError = RelativeError(structured.Weights(), dense.Weights());
        output.WriteLine($"α relative error {alphaError:E2}; CG {structured.Report.Iterations} iterations, residual {structured.Report.RelativeResidual:E2}; structured {structuredSeconds:F2} s, all {clock.Elapsed.TotalSeconds:F2} s");
        Assert.True(structured.Report.RelativeResidual <= options.Tolerance, $"CG residual {structured.Report.RelativeResidual:E2}");
    }

    internal static double[] Targets(float[] x, int d, int outputs)
    {
        int n = x.Length / d;
        var random = new Random(11);
        var y = new double[n * outputs];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int axis = 0; axis < d; axis++)
            {
                s += Math.Sin(2 * Math.PI * (axis + 2) * x[i * d + axis]);
            }

            for (int o = 0; o < outputs; o++)
            {
                y[i * outputs + o] = Math.Cos(s + o) + 0.1 * (random.NextDouble() - 0.5);
            }
        }

        return y;
    }

    internal static double RelativeError(double[] actual, double[] expected)
    {
        double difference = 0, norm = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            difference += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }

        return Math.Sqrt(difference / norm);
    }
}
