namespace FourierGen.Tests.Training;

/// <summary>Random batches for the training tests (uniform in [0, 1), MediumNet's 2 inputs and 3 outputs unless given).</summary>
internal static class TrainingData
{
    public static (float[] Inputs, float[] Targets) Batch(int rows, int seed, int inputs = 2, int outputs = 3)
    {
        var random = new Random(seed);
        float[] x = Enumerable.Range(0, rows * inputs).Select(_ => random.NextSingle()).ToArray();
        float[] y = Enumerable.Range(0, rows * outputs).Select(_ => random.NextSingle()).ToArray();
        return (x, y);
    }
}
