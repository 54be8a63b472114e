namespace SampleKit;

/// <summary>Image-regression metrics: MSE and PSNR of values in [0, 1].</summary>
public static class Metrics
{
    /// <summary>Mean squared error over all elements, accumulated in double.</summary>
    public static double MeanSquaredError(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        if (targets.Length != predictions.Length)
        {
            throw new ArgumentException($"targets must have length {predictions.Length} (the predictions' length), not {targets.Length}.", nameof(targets));
        }

        if (predictions.IsEmpty)
        {
            throw new ArgumentException("The mean squared error of nothing is undefined.", nameof(predictions));
        }

        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double error = predictions[i] - (double)targets[i];
            sum += error * error;
        }

        return sum / predictions.Length;
    }

    /// <summary>PSNR in dB for values in [0, 1]: −10·log10(MSE) (+∞ for a perfect match).</summary>
    public static double Psnr(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets) =>
        -10 * Math.Log10(MeanSquaredError(predictions, targets));

    /// <summary>PSNR from a mean squared error of values in [0, 1].</summary>
    public static double PsnrFromMse(double meanSquaredError) => -10 * Math.Log10(meanSquaredError);
}
