using FourierGen.Numerics;
using FourierGen.Training;

namespace FourierGen;

/// <summary>A network's errors over a dataset.</summary>
/// <param name="Loss">The loss it was evaluated with, over all elements (as a trainer's step reports it for one batch).</param>
/// <param name="MeanSquaredError">Mean over all elements of (ŷ − y)².</param>
/// <param name="MeanAbsoluteError">Mean over all elements of |ŷ − y|.</param>
/// <param name="Rows">Rows evaluated.</param>
public readonly record struct EvaluationResult(double Loss, double MeanSquaredError, double MeanAbsoluteError, long Rows)
{
    /// <summary>PSNR in dB for values in [0, 1]: −10·log10(MSE) (∞ for a perfect fit).</summary>
    public double Psnr => -10 * Math.Log10(MeanSquaredError);
}

/// <summary>Evaluates a network over a dataset in batches, on all cores, deterministically.</summary>
public static class NetworkEvaluation
{
    /// <summary>Rows predicted per batch unless given: bounds the memory of the outputs (rows × OutputSize floats).</summary>
    public const int DefaultBatchRows = 65536;

    /// <summary>
    /// The loss, MSE, MAE (and so PSNR) of <paramref name="network"/> over (inputs, targets): predicted in batches of
    /// <paramref name="batchRows"/> rows with <c>PredictBatch</c> (all cores), the sums added in row order in double —
    /// the same result for any thread count.
    /// </summary>
    /// <typeparam name="TNet">The network type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="inputs">rows × InputSize values, row-major.</param>
    /// <param name="targets">rows × OutputSize values, row-major.</param>
    /// <param name="loss">The loss to report as <see cref="EvaluationResult.Loss"/>; mean squared error when null.</param>
    /// <param name="batchRows">Rows per batch, at least 1.</param>
    /// <returns>The errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchRows"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The spans do not hold the same number of whole rows, hold none, or hold NaN or ∞.</exception>
    public static EvaluationResult Evaluate<TNet>(this TNet network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Loss? loss = null,
        int batchRows = DefaultBatchRows)
        where TNet : IFourierNetwork
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        int rows = CheckRows(network, inputs, targets);
        float[] outputs = new float[(long)Math.Min(rows, batchRows) * network.OutputSize];
        return Evaluate(network, inputs, targets, loss ?? Loss.MeanSquaredError, outputs);
    }

    /// <summary>Checks a dataset against a network; returns its rows.</summary>
    internal static int CheckRows(IFourierNetwork network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        int rows = Guard.Rows(inputs, network.InputSize, nameof(inputs), "InputSize per row");
        if (rows == 0)
        {
            throw new ArgumentException("The dataset holds no rows.", nameof(inputs));
        }

        Guard.Length(targets, (long)rows * network.OutputSize, nameof(targets), $"{rows} rows × OutputSize");
        Guard.Finite(inputs, nameof(inputs)); // here too, not only batch by batch: Fit checks its validation set before step 1
        Guard.Finite(targets, nameof(targets));
        return rows;
    }

    /// <summary><see cref="Evaluate{TNet}"/> with the outputs buffer given (its length sets the batch): allocates nothing.</summary>
    internal static EvaluationResult Evaluate(IFourierNetwork network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Loss loss, Span<float> outputs)
    {
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        int rows = inputs.Length / inputSize;
        int batch = outputs.Length / outputSize;
        int elements = rows * outputSize;
        double lossSum = 0, squares = 0, absolutes = 0;
        for (int first = 0; first < rows; first += batch)
        {
            int n = Math.Min(batch, rows - first);
            Span<float> predicted = outputs.Slice(0, n * outputSize);
            network.PredictBatch(inputs.Slice(first * inputSize, n * inputSize), predicted);
            ReadOnlySpan<float> expected = targets.Slice(first * outputSize, n * outputSize);
            lossSum += LossMath.Sum(loss, predicted, expected, default, elements);
            squares += Losses.MeanSquaredErrorSum(predicted, expected, default, elements);
            absolutes += RobustLosses.L1Sum(predicted, expected, default, elements);
        }

        return new EvaluationResult(LossMath.Finish(loss, lossSum, elements), squares / elements, absolutes / elements, rows);
    }
}
