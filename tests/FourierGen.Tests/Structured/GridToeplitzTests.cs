using FourierGen.Kernels;
using Xunit.Abstractions;

namespace FourierGen.Tests.Structured;

/// <summary>The FFT convolution against the dense kernel matrix times a vector.</summary>
public sealed class GridToeplitzTests(ITestOutputHelper output)
{
    public static TheoryData<int[], int[]> Grids() => new()
    {
        // training counts, prediction counts (the prediction grid is shifted by a fraction of a step)
        { [37], [37] },
        { [40], [23] },
        { [12, 9], [12, 9] },
        { [12, 9], [7, 14] },
        { [6, 5, 4], [6, 5, 4] },
        { [6, 5, 4], [3, 7, 2] },
    };

    [Theory]
    [MemberData(nameof(Grids))]
    public void MatvecEqualsDenseMatvec(int[] trainCounts, int[] testCounts)
    {
        int d = trainCounts.Length;
        switch (d)
        {
            case 1: Check(new Gaussian1Net(seed: 2), trainCounts, testCounts); break;
            case 2: Check(new Gaussian2Net(seed: 2), trainCounts, testCounts); break;
            default: Check(new Gaussian3Net(seed: 2), trainCounts, testCounts); break;
        }
    }

    private void Check<TNet>(TNet net, int[] trainCounts, int[] testCounts)
        where TNet : IAnalyticNetwork<TNet>
    {
        int d = trainCounts.Length;
        double[] spacing = Enumerable.Range(0, d).Select(axis => 1.0 / (16 << axis)).ToArray();
        var train = new RegularGrid(trainCounts, Enumerable.Repeat(0.25, d).ToArray(), spacing);
        RegularGrid[] targets = trainCounts.SequenceEqual(testCounts)
            ? [train, train.Shifted(spacing.Select(s => 3 * s / 8).ToArray())]
            : [new RegularGrid(testCounts, Enumerable.Repeat(0.25, d).ToArray(), spacing).Shifted(spacing.Select(s => -s / 4).ToArray())];
        float[] x = train.Coordinates();
        var random = new Random(7);
        double[] v1 = Enumerable.Range(0, train.Count).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] v2 = Enumerable.Range(0, train.Count).Select(_ => random.NextDouble() - 0.5).ToArray();
        foreach (RegularGrid target in targets)
        {
            GridToeplitz op = GridToeplitz.Create(net.NtkMatrix, target, train, CancellationToken.None);
            var k = new double[target.Count * train.Count];
            net.NtkMatrix(target.Coordinates(), x, k);
            double[] y1 = new double[target.Count], y2 = new double[target.Count], single = new double[target.Count];
            op.Multiply(v1, v2, y1, y2);
            op.Multiply(v2, default, single, default);
            foreach ((double[] actual, double[] v, string name) in new[] { (y1, v1, "first of a pair"), (y2, v2, "second of a pair"), (single, v2, "alone") })
            {
                var expected = new double[target.Count];
                for (int i = 0; i < target.Count; i++)
                {
                    expected[i] = Cholesky.Dot(k.AsSpan(i * train.Count, train.Count), v);
                }

                double error = GridRegressionTests.RelativeError(actual, expected);
                output.WriteLine($"{target} ← {train}: {name}: {error:E2}");
                Assert.True(error <= 1e-12, $"{name}: relative error {error:E2}");
            }
        }
    }
}
