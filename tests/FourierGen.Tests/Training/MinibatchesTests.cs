namespace FourierGen.Tests.Training;

public class MinibatchesTests
{
    // Row r holds inputs (r, −r) and target r + 0.5, so every gathered row can be traced back.
    private static (float[] X, float[] Y) Rows(int n) =>
        (Enumerable.Range(0, n).SelectMany(r => new[] { (float)r, -(float)r }).ToArray(), Enumerable.Range(0, n).Select(r => r + 0.5f).ToArray());

    [Theory]
    [InlineData(10, 3, false, 4)]
    [InlineData(10, 3, true, 3)]
    [InlineData(12, 4, true, 3)]
    [InlineData(5, 8, false, 1)]
    public void EachEpochVisitsEveryRowOnceInSeededOrder(int rows, int batchSize, bool dropLast, int batchesPerEpoch)
    {
        (float[] x, float[] y) = Rows(rows);
        var data = new Minibatches(x, y, 2, 1, batchSize, seed: 7, dropLast: dropLast);
        Assert.Equal(batchesPerEpoch, data.BatchesPerEpoch);
        var orders = new List<int[]>();
        for (int epoch = 0; epoch < 4; epoch++)
        {
            var seen = new List<int>();
            for (int b = 0; b < batchesPerEpoch; b++)
            {
                TrainingBatch batch = data.GetBatch(epoch * batchesPerEpoch + b);
                Assert.Equal(batch.Inputs.Length, 2 * batch.Targets.Length);
                for (int r = 0; r < batch.Targets.Length; r++)
                {
                    int row = (int)batch.Inputs[2 * r];
                    Assert.Equal(-row, batch.Inputs[2 * r + 1]);
                    Assert.Equal(row + 0.5f, batch.Targets[r]);
                    seen.Add(row);
                }
            }

            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Equal(dropLast ? batchesPerEpoch * Math.Min(batchSize, rows) : rows, seen.Count);
            orders.Add(seen.ToArray());
        }

        if (rows > 4)
        {
            Assert.True(orders.Distinct(new SequenceComparer()).Count() > 1, "every epoch has the same order");
        }
    }

    [Fact]
    public void BatchesArePureFunctionsOfTheirIndexAndSeed()
    {
        (float[] x, float[] y) = Rows(50);
        var a = new Minibatches(x, y, 2, 1, 8, seed: 3);
        var b = new Minibatches(x, y, 2, 1, 8, seed: 3);
        var c = new Minibatches(x, y, 2, 1, 8, seed: 4);
        // Any order of access gives the same batches (b jumps between epochs).
        foreach (long index in new long[] { 17, 0, 6, 7, 30, 1 })
        {
            float[] expected = Targets(a, index);
            Assert.Equal(expected, Targets(b, index));
        }

        Assert.NotEqual(Targets(a, 0), Targets(c, 0));
    }

    [Fact]
    public void WithoutShuffleTheBatchesAreTheRowsInOrder()
    {
        (float[] x, float[] y) = Rows(10);
        var data = new Minibatches(x, y, 2, 1, 4, shuffle: false);
        Assert.Equal(3, data.BatchesPerEpoch);
        Assert.Equal(y[4..8], data.GetBatch(1).Targets.ToArray());
        Assert.Equal(x[16..20], data.GetBatch(5).Inputs.ToArray()); // epoch 1, its last (smaller) batch
        var full = new Minibatches(x, y, 2, 1, 10, shuffle: false);
        Assert.True(full.GetBatch(7).Inputs == new ReadOnlySpan<float>(x), "a full batch in order is the array itself, not a copy");
    }

    [Fact]
    public void BadDataIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new Minibatches(new float[5], new float[2], 2, 1, 4));
        Assert.Throws<ArgumentException>(() => new Minibatches(new float[4], new float[3], 2, 1, 4));
        Assert.Throws<ArgumentException>(() => new Minibatches(Array.Empty<float>(), Array.Empty<float>(), 2, 1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Minibatches(new float[4], new float[2], 2, 1, 0));
        Assert.Contains("inputs[1]", Assert.Throws<ArgumentException>(() => new Minibatches(new[] { 0f, float.NaN }, new float[1], 2, 1, 4)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Minibatches(new float[4], new float[2], 2, 1, 4).GetBatch(-1));
    }

    private static float[] Targets(Minibatches data, long index) => data.GetBatch(index).Targets.ToArray();

    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? a, int[]? b) => a.AsSpan().SequenceEqual(b);

        public int GetHashCode(int[] a) => a.Length;
    }
}
