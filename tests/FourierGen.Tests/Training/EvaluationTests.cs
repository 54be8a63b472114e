namespace FourierGen.Tests.Training;

public class EvaluationTests
{
    [Fact]
    public void EvaluateMatchesTheErrorsOfPredictBatchInDouble()
    {
        var net = new MediumNet(seed: 61);
        (float[] x, float[] y) = TrainingData.Batch(3000, 8);
        float[] predicted = new float[y.Length];
        net.PredictBatch(x, predicted);
        double mse = predicted.Zip(y, (p, t) => (double)(p - (double)t) * (p - (double)t)).Average();
        double mae = predicted.Zip(y, (p, t) => Math.Abs(p - (double)t)).Average();
        double huber = predicted.Zip(y, (p, t) => Math.Abs(p - (double)t)).Select(z => z < 0.1 ? 0.5 * z * z : 0.1 * (z - 0.05)).Average();

        foreach (int batchRows in new[] { 1000, 700, NetworkEvaluation.DefaultBatchRows })
        {
            EvaluationResult result = net.Evaluate(x, y, Loss.Huber(0.1f), batchRows);
            Assert.Equal(3000, result.Rows);
            Assert.Equal(mse, result.MeanSquaredError, 1e-12);
            Assert.Equal(mae, result.MeanAbsoluteError, 1e-12);
            Assert.Equal(huber, result.Loss, 1e-7); // δ = 0.1f in float
            Assert.Equal(-10 * Math.Log10(result.MeanSquaredError), result.Psnr);
        }

        Assert.Equal(net.Evaluate(x, y).MeanSquaredError, net.Evaluate(x, y).Loss); // MSE unless a loss is given
    }

    [Fact]
    public async Task EvaluateIsTheSameOnOneThreadAndMany()
    {
        var net = new MediumNet(seed: 62);
        (float[] x, float[] y) = TrainingData.Batch(5000, 9);
        EvaluationResult many = net.Evaluate(x, y);
        EvaluationResult one = await Task.Run(() =>
        {
            // PredictBatch's pool serves one caller at a time; a caller that finds it busy runs on its own thread alone.
            EvaluationResult result = default;
            Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => { EvaluationResult r = net.Evaluate(x, y); if (i == 1) result = r; });
            return result;
        });
        Assert.Equal(many, one);
    }

    [Fact]
    public void BadDataIsRefused()
    {
        var net = new MediumNet(seed: 63);
        Assert.Throws<ArgumentException>(() => net.Evaluate(new float[4], new float[5]));
        Assert.Throws<ArgumentException>(() => net.Evaluate(Array.Empty<float>(), Array.Empty<float>()));
        Assert.Throws<ArgumentException>(() => net.Evaluate(new float[2], new[] { 0f, float.NaN, 0f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Evaluate(new float[2], new float[3], batchRows: 0));
    }
}
