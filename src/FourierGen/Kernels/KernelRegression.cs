namespace FourierGen.Kernels;

/// <summary>
/// Kernel (ridge) regression with the NNGP or NTK: the mean prediction f(x) = K(x, X)(K(X, X) + rI)⁻¹Y
/// of the infinitely wide network's Gaussian process (NNGP) or of the network trained to convergence
/// by gradient descent from zero initial outputs (NTK). The regulariser follows neural-tangents'
/// <c>diag_reg</c>: r = diagReg × mean of the diagonal of K(X, X).
/// </summary>
public sealed class KernelRegression
{
    private readonly double[] _weightsByOutput; // αᵀ: outputs × n

    private KernelRegression(int trainCount, int outputs, double regularization, double[] weightsByOutput)
    {
        TrainCount = trainCount;
        Outputs = outputs;
        Regularization = regularization;
        _weightsByOutput = weightsByOutput;
    }

    /// <summary>n, the number of training points.</summary>
    public int TrainCount { get; }

    /// <summary>k, the number of outputs per point.</summary>
    public int Outputs { get; }

    /// <summary>r, the absolute amount added to the diagonal: diagReg × mean(diag K).</summary>
    public double Regularization { get; }

    /// <summary>
    /// Fits α = (K + rI)⁻¹Y by Cholesky factorisation.
    /// </summary>
    /// <param name="kernelTrainTrain">K(X, X), row-major n × n, symmetric (the lower triangle is read).</param>
    /// <param name="trainCount">n.</param>
    /// <param name="targets">Y, row-major n × <paramref name="outputs"/>.</param>
    /// <param name="outputs">k.</param>
    /// <param name="diagReg">Relative diagonal regulariser (neural-tangents' <c>diag_reg</c>), ≥ 0.</param>
    /// <param name="progress">Told the fraction of the Cholesky factorisation done (0..1), at most once per percent; or null.</param>
    /// <param name="cancellationToken">Checked between the factorisation's blocks and between outputs.</param>
    /// <exception cref="MatrixNotPositiveDefiniteException">K + rI is not numerically positive definite; use a larger <paramref name="diagReg"/>.</exception>
    /// <returns>The fitted regression.</returns>
    /// <exception cref="ArgumentException">A span has the wrong length or holds NaN or ∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or diagReg is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static KernelRegression Fit(ReadOnlySpan<double> kernelTrainTrain, int trainCount, ReadOnlySpan<double> targets, int outputs,
        double diagReg = 0, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        Guard.Length(kernelTrainTrain, (long)trainCount * trainCount, nameof(kernelTrainTrain), $"{trainCount} × {trainCount} train kernel");
        Guard.Length(targets, (long)trainCount * outputs, nameof(targets), $"{trainCount} points × {outputs} outputs");
        CheckDiagReg(diagReg);
        AnalyticKernel.CheckFinite(kernelTrainTrain, nameof(kernelTrainTrain));
        AnalyticKernel.CheckFinite(targets, nameof(targets));

        int n = trainCount;
        double[] factor = kernelTrainTrain.ToArray();
        double r = Regularizer(kernelTrainTrain, n, diagReg);
        for (int i = 0; i < n; i++)
        {
            factor[i * n + i] += r;
        }

        Cholesky.Factor(factor, n, progress, cancellationToken);
        var weights = new double[outputs * n];
        var column = new double[n];
        for (int o = 0; o < outputs; o++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < n; i++)
            {
                column[i] = targets[i * outputs + o];
            }

            Cholesky.SolveVector(factor, n, column);
            column.CopyTo(weights, o * n);
        }

        return new KernelRegression(n, outputs, r, weights);
    }

    /// <summary>α = (K + rI)⁻¹Y, row-major n × k.</summary>
    /// <returns>A new array.</returns>
    public double[] Weights()
    {
        var alpha = new double[TrainCount * Outputs];
        for (int o = 0; o < Outputs; o++)
        {
            for (int i = 0; i < TrainCount; i++)
            {
                alpha[i * Outputs + o] = _weightsByOutput[o * TrainCount + i];
            }
        }

        return alpha;
    }

    /// <summary>The mean predictions K(X*, X)·α for the test points.</summary>
    /// <param name="kernelTestTrain">K(X*, X), row-major m × n.</param>
    /// <param name="testCount">m.</param>
    /// <param name="predictions">Row-major m × k.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or the kernel holds NaN or ∞.</exception>
    public void Predict(ReadOnlySpan<double> kernelTestTrain, int testCount, Span<double> predictions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        Guard.Length(kernelTestTrain, (long)testCount * TrainCount, nameof(kernelTestTrain), $"{testCount} test × {TrainCount} train kernel");
        Guard.AtLeast(predictions, (long)testCount * Outputs, nameof(predictions), $"{testCount} points × {Outputs} outputs");
        AnalyticKernel.CheckFinite(kernelTestTrain, nameof(kernelTestTrain));
        MultiplyByColumns(kernelTestTrain, testCount, TrainCount, _weightsByOutput, Outputs, predictions);
    }

    /// <summary>neural-tangents' regulariser: diagReg × trace(K)/n.</summary>
    /// <param name="kernel">K, row-major n × n.</param>
    /// <param name="n">n.</param>
    /// <param name="diagReg">The relative regulariser.</param>
    /// <returns>r, the absolute amount added to the diagonal.</returns>
    public static double Regularizer(ReadOnlySpan<double> kernel, int n, double diagReg)
    {
        if (diagReg == 0)
        {
            return 0;
        }

        double trace = 0;
        for (int i = 0; i < n; i++)
        {
            trace += kernel[i * n + i];
        }

        return diagReg * trace / n;
    }

    internal static void CheckDiagReg(double diagReg)
    {
        if (!(diagReg >= 0) || double.IsInfinity(diagReg))
        {
            throw new ArgumentOutOfRangeException(nameof(diagReg), diagReg, "diagReg must be finite and ≥ 0.");
        }
    }

    /// <summary>out[t, o] = Σⱼ a[t, j]·columns[o·n + j] (a row-major m × n; columns k vectors of length n).</summary>
    internal static void MultiplyByColumns(ReadOnlySpan<double> a, int m, int n, double[] columns, int k, Span<double> output)
    {
        for (int t = 0; t < m; t++)
        {
            ReadOnlySpan<double> row = a.Slice(t * n, n);
            for (int o = 0; o < k; o++)
            {
                output[t * k + o] = Cholesky.Dot(row, columns.AsSpan(o * n, n));
            }
        }
    }
}
