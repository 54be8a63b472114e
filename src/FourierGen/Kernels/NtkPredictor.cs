namespace FourierGen.Kernels;

/// <summary>
/// What a declared network's analytic NTK predicts, generic over any network with a closed-form kernel:
/// the infinitely wide network trained to convergence (kernel regression), its mean predictions during
/// gradient descent on the MSE (neural-tangents' <c>predict.gradient_descent_mse</c>) and the NTK's spectrum.
/// Training data are fixed at construction; the train Gram matrix is computed once.
/// </summary>
/// <typeparam name="TNet">A generated network type with analytic kernels.</typeparam>
public sealed class NtkPredictor<TNet>
    where TNet : IAnalyticNetwork<TNet>
{
    private readonly TNet _network;
    private readonly float[] _trainInputs;
    private readonly double[] _trainTargets;
    private readonly double[] _trainKernel;
    private GradientDescentMse? _dynamics;

    /// <summary>Computes Θ(X, X) for the training inputs and fits the regression; keeps the targets.</summary>
    /// <param name="network">The network whose analytic NTK is used (its B and a).</param>
    /// <param name="trainInputs">n × InputSize values, row-major.</param>
    /// <param name="trainTargets">n × OutputSize values, row-major.</param>
    /// <param name="diagReg">Relative diagonal regulariser (neural-tangents' diag_reg), ≥ 0.</param>
    /// <exception cref="ArgumentException">The spans do not hold the same n ≥ 1 whole rows, or hold NaN or ∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="diagReg"/> is negative or not finite.</exception>
    /// <param name="progress">Told the fraction done (0..1): Θ(X, X) is the first half, its Cholesky factorisation the second; or null.</param>
    /// <param name="cancellationToken">Checked between tiles of Θ and blocks of the factorisation.</param>
    /// <exception cref="Kernels.MatrixNotPositiveDefiniteException">Θ + rI is not numerically positive definite: use a larger diagReg.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public NtkPredictor(TNet network, ReadOnlySpan<float> trainInputs, ReadOnlySpan<float> trainTargets, double diagReg = 0,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        TrainCount = Guard.Rows(trainInputs, TNet.InputSize, nameof(trainInputs), "InputSize per row");
        if (TrainCount == 0)
        {
            throw new ArgumentException("At least one training point is needed.", nameof(trainInputs));
        }

        Guard.Length(trainTargets, (long)TrainCount * TNet.OutputSize, nameof(trainTargets), "training rows × OutputSize");
        Guard.Finite(trainTargets, nameof(trainTargets));
        int kernelEntries = Guard.Count((long)TrainCount * TrainCount, nameof(trainInputs), $"the train NTK of {TrainCount} × {TrainCount} points");
        if (!(diagReg >= 0) || double.IsInfinity(diagReg))
        {
            throw new ArgumentOutOfRangeException(nameof(diagReg), diagReg, "diagReg must be finite and not negative.");
        }

        _network = network;
        DiagReg = diagReg;
        _trainInputs = trainInputs.ToArray();
        _trainTargets = new double[trainTargets.Length];
        for (int i = 0; i < trainTargets.Length; i++)
        {
            _trainTargets[i] = trainTargets[i];
        }

        _trainKernel = new double[kernelEntries];
        var work = new WorkProgress(progress, cancellationToken);
        network.NtkMatrix(_trainInputs, _trainInputs, _trainKernel, StageOf(work.Stage(0, 0.5)), cancellationToken);
        Regression = KernelRegression.Fit(_trainKernel, TrainCount, _trainTargets, TNet.OutputSize, diagReg, StageOf(work.Stage(0.5, 0.5)), cancellationToken);
    }

    /// <summary>n, the number of training points.</summary>
    public int TrainCount { get; }

    /// <summary>The relative diagonal regulariser (neural-tangents' diag_reg: diagReg × mean of diag Θ).</summary>
    public double DiagReg { get; }

    /// <summary>Kernel regression with the train NTK: the infinitely wide network trained to convergence.</summary>
    public KernelRegression Regression { get; }

    /// <summary>The NTK's eigenvalues on the training inputs, largest first: spectral bias is their fall-off.</summary>
    /// <param name="progress">Told the fraction of the O(n³) eigendecomposition done (0..1), or null.</param>
    /// <param name="cancellationToken">Checked between columns.</param>
    /// <returns>n eigenvalues (a new array).</returns>
    /// <exception cref="ArgumentException">The kernel holds NaN or ∞ (cannot happen for finite inputs).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public double[] Spectrum(IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        double[] eigenvalues = new double[TrainCount];
        SymmetricEigen.Eigenvalues(_trainKernel, TrainCount, eigenvalues, progress, cancellationToken);
        return eigenvalues;
    }

    /// <summary>Passes a stage's fractions on to the caller's whole-run progress.</summary>
    private static IProgress<double> StageOf(WorkProgress stage) => new StageProgress(stage);

    /// <summary>The converged (t = ∞) mean predictions at <paramref name="testInputs"/>.</summary>
    /// <param name="testInputs">m × InputSize values, row-major.</param>
    /// <param name="predictions">At least m × OutputSize values: receives the predictions, row-major.</param>
    /// <exception cref="ArgumentException">The inputs are not whole rows or hold NaN or ∞, or the predictions are too short.</exception>
    public void Predict(ReadOnlySpan<float> testInputs, Span<double> predictions)
    {
        int testCount = TestRows(testInputs, predictions);
        double[] kernel = new double[testCount * TrainCount];
        _network.NtkMatrix(testInputs, _trainInputs, kernel);
        Regression.Predict(kernel, testCount, predictions);
    }

    /// <summary>
    /// The mean predictions at <paramref name="testInputs"/> after gradient descent for time t from zero initial
    /// outputs, in <see cref="GradientDescentMse"/>'s convention (learningRate·t/(n·OutputSize) of gradient flow on
    /// ½‖f − y‖²/N; e.g. learningRate = lr·n·OutputSize and t = steps for SGD on <see cref="Loss.HalfSumSquared"/>).
    /// </summary>
    /// <param name="t">Time in steps (≥ 0; +∞ allowed).</param>
    /// <param name="learningRate">η of <see cref="GradientDescentMse"/>.</param>
    /// <param name="testInputs">m × InputSize values, row-major.</param>
    /// <param name="predictions">At least m × OutputSize values: receives the predictions.</param>
    /// <exception cref="ArgumentException">The inputs are not whole rows or hold NaN or ∞, the predictions are too short, or t is negative.</exception>
    public void PredictAt(double t, double learningRate, ReadOnlySpan<float> testInputs, Span<double> predictions)
    {
        int testCount = TestRows(testInputs, predictions);
        if (_dynamics is null || _dynamics.LearningRate != learningRate)
        {
            _dynamics = new GradientDescentMse(_trainKernel, TrainCount, _trainTargets, TNet.OutputSize, learningRate, DiagReg);
        }

        double[] kernel = new double[testCount * TrainCount];
        _network.NtkMatrix(testInputs, _trainInputs, kernel);
        _dynamics.PredictTest(t, kernel, testCount, predictions);
    }

    private int TestRows(ReadOnlySpan<float> testInputs, Span<double> predictions)
    {
        int testCount = Guard.Rows(testInputs, TNet.InputSize, nameof(testInputs), "InputSize per row");
        Guard.AtLeast(predictions, (long)testCount * TNet.OutputSize, nameof(predictions), "test rows × OutputSize");
        Guard.Count((long)testCount * TrainCount, nameof(testInputs), $"the test × train NTK of {testCount} × {TrainCount} points");
        return testCount;
    }

    /// <summary>An <see cref="IProgress{T}"/> over one stage of a <see cref="WorkProgress"/>.</summary>
    private sealed class StageProgress(WorkProgress stage) : IProgress<double>
    {
        public void Report(double value) => stage.Report(value);
    }
}
