namespace FourierGen.Kernels;

/// <summary>
/// The outputs of an infinitely wide network trained by full-batch gradient descent on the MSE
/// loss, in closed form from its NTK — exactly neural-tangents'
/// <c>predict.gradient_descent_mse(k_train_train, y_train, learning_rate, diag_reg)</c> with the
/// default <c>trace_axes=(-1,)</c> (one n × n kernel shared by the k outputs).
/// </summary>
/// <remarks>
/// <para><b>Convention.</b> With K = Θ(X, X) + rI (r = diagReg × mean diag Θ), N = n·k the number
/// of target values (<c>y_train.size</c>) and τ = learningRate·t/N, the outputs follow the gradient
/// flow df/dτ = −K(f − y), i.e. gradient descent with step <c>learningRate</c> on
/// L = (1/2N)·Σ(f − y)² for t steps in the continuous-time limit:</para>
/// <code>
/// f_t(X)  = f₀(X)  + V diag(expm1(−λᵢτ)) Vᵀ (f₀(X) − Y)
/// f_t(X*) = f₀(X*) + Θ(X*, X) V diag(expm1(−λᵢτ)/λᵢ) Vᵀ (f₀(X) − Y)
/// </code>
/// <para>with K = V diag(λ) Vᵀ; like neural-tangents, negative eigenvalues (rounding) count as 0
/// (their terms vanish). t = +∞ gives the limit f₀(X*) + Θ(X*, X)K⁻¹(Y − f₀(X)), which with f₀ = 0 is
/// <see cref="KernelRegression"/> with the same diagReg.</para>
/// <para><b>Mapping to a trainer</b> (full batch, plain SGD with learning rate lr, s steps, Θ the
/// NTK of the network's own parameterisation): with <c>Loss.MeanSquaredError</c> (mean over all
/// n·k elements, gradient 2(f − y)/N) use learningRate = 2·lr and t = s; with
/// <c>Loss.HalfSumSquared</c> (½Σ(f − y)², gradient f − y) use learningRate = lr·n·k and t = s
/// (only the product learningRate·t matters). The match holds while lr·λ_max stays well inside the
/// stable range of the discrete steps, and for networks wide enough to stay in the linear regime;
/// mini-batches are not modelled.</para>
/// <para><b>Initial outputs.</b> Without f₀ the predictions are the mean over random
/// initialisations (f₀ = 0). With f₀ — the finite network's outputs at initialisation — they
/// follow that network.</para>
/// </remarks>
public sealed class GradientDescentMse
{
    private readonly int _n, _k;
    private readonly double[] _lambda;       // descending, of K + rI
    private readonly double[] _vectors;      // Vᵀ, row i = eigenvector i
    private readonly double[] _minusTargets; // Vᵀ(−Y), n × k

    /// <summary>Eigendecomposes the regularised train NTK.</summary>
    /// <param name="ntkTrainTrain">Θ(X, X), row-major n × n, symmetric (the lower triangle is read).</param>
    /// <param name="trainCount">n.</param>
    /// <param name="targets">Y, row-major n × <paramref name="outputs"/>.</param>
    /// <param name="outputs">k.</param>
    /// <param name="learningRate">η: times are in units of it (absolute time η·t).</param>
    /// <param name="diagReg">Relative diagonal regulariser, neural-tangents' <c>diag_reg</c>.</param>
    /// <exception cref="ArgumentException">A span has the wrong length or holds NaN or ∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count, the learning rate or diagReg is out of range.</exception>
    /// <param name="progress">Told the fraction of the eigendecomposition done (0..1), or null.</param>
    /// <param name="cancellationToken">Checked between columns of the eigendecomposition.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public GradientDescentMse(ReadOnlySpan<double> ntkTrainTrain, int trainCount, ReadOnlySpan<double> targets, int outputs,
        double learningRate = 1, double diagReg = 0, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        Guard.Length(ntkTrainTrain, (long)trainCount * trainCount, nameof(ntkTrainTrain), $"{trainCount} × {trainCount} train NTK");
        Guard.Length(targets, (long)trainCount * outputs, nameof(targets), $"{trainCount} points × {outputs} outputs");
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be finite and positive.");
        }

        KernelRegression.CheckDiagReg(diagReg);
        AnalyticKernel.CheckFinite(ntkTrainTrain, nameof(ntkTrainTrain));
        AnalyticKernel.CheckFinite(targets, nameof(targets));
        _n = trainCount;
        _k = outputs;
        LearningRate = learningRate;
        Regularization = KernelRegression.Regularizer(ntkTrainTrain, trainCount, diagReg);

        double[] k = ntkTrainTrain.ToArray();
        for (int i = 0; i < _n; i++)
        {
            k[i * _n + i] += Regularization;
        }

        _lambda = new double[_n];
        _vectors = new double[_n * _n];
        SymmetricEigen.Decompose(k, _n, _lambda, _vectors, progress, cancellationToken);

        _minusTargets = new double[_n * _k];
        Project(targets, _minusTargets, -1);
    }

    /// <summary>n.</summary>
    public int TrainCount => _n;

    /// <summary>k.</summary>
    public int Outputs => _k;

    /// <summary>η.</summary>
    public double LearningRate { get; }

    /// <summary>r = diagReg × mean diag Θ(X, X), added to the diagonal.</summary>
    public double Regularization { get; }

    /// <summary>The eigenvalues of Θ(X, X) + rI, descending: the NTK spectrum that sets the convergence rate of each mode.</summary>
    public ReadOnlySpan<double> Eigenvalues => _lambda;

    /// <summary>
    /// The largest stable learning rate of discrete full-batch gradient descent in this convention,
    /// 2·n·k/λ_max (neural-tangents' <c>max_learning_rate</c> with momentum 0, here from the
    /// regularised kernel). For a trainer: lr &lt; MaxLearningRate/2 with <c>Loss.MeanSquaredError</c>,
    /// lr &lt; MaxLearningRate/(n·k) with <c>Loss.HalfSumSquared</c>.
    /// </summary>
    public double MaxLearningRate => 2.0 * _n * _k / _lambda[0];

    /// <summary>The matching unit eigenvectors, one per row (row-major n × n).</summary>
    public ReadOnlySpan<double> Eigenvectors => _vectors;

    /// <summary>Training-set outputs at time t from zero initial outputs (the mean over initialisations).</summary>
    /// <param name="t">Time in steps (≥ 0; +∞ allowed).</param>
    /// <param name="trainOutputs">f_t(X), row-major n × k.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or t is negative or NaN.</exception>
    public void PredictTrain(double t, Span<double> trainOutputs) => PredictTrain(t, default, trainOutputs);

    /// <summary>Training-set outputs at time t from initial outputs f₀(X) (empty: zero).</summary>
    /// <param name="t">Time in steps (≥ 0; +∞ allowed).</param>
    /// <param name="initialTrainOutputs">f₀(X), row-major n × k, or empty.</param>
    /// <param name="trainOutputs">f_t(X), row-major n × k.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or t is negative or NaN.</exception>
    public void PredictTrain(double t, ReadOnlySpan<double> initialTrainOutputs, Span<double> trainOutputs)
    {
        double tau = Tau(t);
        Guard.AtLeast(trainOutputs, (long)_n * _k, nameof(trainOutputs), $"{_n} points × {_k} outputs");
        double[] c = Coefficients(initialTrainOutputs);
        var g = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            g[i] = Decay(_lambda[i], tau);
        }

        Combine(c, g, trainOutputs);
        for (int j = 0; j < _n * _k; j++)
        {
            trainOutputs[j] += initialTrainOutputs.IsEmpty ? 0 : initialTrainOutputs[j];
        }
    }

    /// <summary>Test-set outputs at time t from zero initial outputs.</summary>
    /// <param name="t">Time in steps (≥ 0; +∞ allowed).</param>
    /// <param name="ntkTestTrain">Θ(X*, X), row-major m × n.</param>
    /// <param name="testCount">m.</param>
    /// <param name="testOutputs">f_t(X*), row-major m × k.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or t is negative or NaN.</exception>
    public void PredictTest(double t, ReadOnlySpan<double> ntkTestTrain, int testCount, Span<double> testOutputs) =>
        PredictTest(t, ntkTestTrain, testCount, default, default, testOutputs);

    /// <summary>Test-set outputs at time t from initial outputs f₀(X) and f₀(X*) (either empty: zero).</summary>
    /// <param name="t">Time in steps (≥ 0; +∞ allowed).</param>
    /// <param name="ntkTestTrain">Θ(X*, X), row-major m × n.</param>
    /// <param name="testCount">m.</param>
    /// <param name="initialTrainOutputs">f₀(X), row-major n × k, or empty.</param>
    /// <param name="initialTestOutputs">f₀(X*), row-major m × k, or empty.</param>
    /// <param name="testOutputs">f_t(X*), row-major m × k.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or t is negative or NaN.</exception>
    public void PredictTest(double t, ReadOnlySpan<double> ntkTestTrain, int testCount, ReadOnlySpan<double> initialTrainOutputs,
        ReadOnlySpan<double> initialTestOutputs, Span<double> testOutputs)
    {
        double tau = Tau(t);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        Guard.Length(ntkTestTrain, (long)testCount * _n, nameof(ntkTestTrain), $"{testCount} test × {_n} train NTK");
        Guard.AtLeast(testOutputs, (long)testCount * _k, nameof(testOutputs), $"{testCount} points × {_k} outputs");
        if (!initialTestOutputs.IsEmpty)
        {
            Guard.Length(initialTestOutputs, (long)testCount * _k, nameof(initialTestOutputs), $"{testCount} points × {_k} outputs");
            AnalyticKernel.CheckFinite(initialTestOutputs, nameof(initialTestOutputs));
        }

        AnalyticKernel.CheckFinite(ntkTestTrain, nameof(ntkTestTrain));
        double[] c = Coefficients(initialTrainOutputs);
        var g = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            g[i] = _lambda[i] > 0 ? Decay(_lambda[i], tau) / _lambda[i] : 0;
        }

        var z = new double[_n * _k];
        Combine(c, g, z);

        // z is n × k row-major; gather its columns for contiguous dot products.
        var columns = new double[_k * _n];
        for (int j = 0; j < _n; j++)
        {
            for (int o = 0; o < _k; o++)
            {
                columns[o * _n + j] = z[j * _k + o];
            }
        }

        KernelRegression.MultiplyByColumns(ntkTestTrain, testCount, _n, columns, _k, testOutputs);
        for (int j = 0; j < testCount * _k; j++)
        {
            testOutputs[j] += initialTestOutputs.IsEmpty ? 0 : initialTestOutputs[j];
        }
    }

    /// <summary>expm1(−max(λ, 0)·τ), with τ = ∞ giving −1 for λ &gt; 0 and 0 otherwise.</summary>
    private static double Decay(double lambda, double tau)
    {
        double positive = Math.Max(lambda, 0);
        if (double.IsPositiveInfinity(tau))
        {
            return positive > 0 ? -1 : 0;
        }

        return ExpM1(-positive * tau);
    }

    private double Tau(double t)
    {
        if (!(t >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "The time must be ≥ 0 (+∞ allowed).");
        }

        return double.IsPositiveInfinity(t) ? t : LearningRate * t / ((double)_n * _k);
    }

    /// <summary>Vᵀ(f₀ − Y), n × k.</summary>
    private double[] Coefficients(ReadOnlySpan<double> initialTrainOutputs)
    {
        var c = (double[])_minusTargets.Clone();
        if (!initialTrainOutputs.IsEmpty)
        {
            Guard.Length(initialTrainOutputs, (long)_n * _k, nameof(initialTrainOutputs), $"{_n} points × {_k} outputs");
            AnalyticKernel.CheckFinite(initialTrainOutputs, nameof(initialTrainOutputs));
            var projected = new double[_n * _k];
            Project(initialTrainOutputs, projected, 1);
            for (int j = 0; j < c.Length; j++)
            {
                c[j] += projected[j];
            }
        }

        return c;
    }

    /// <summary>result[i, o] = sign·Σⱼ Vᵀ[i, j]·values[j, o].</summary>
    private void Project(ReadOnlySpan<double> values, double[] result, double sign)
    {
        var column = new double[_n];
        for (int o = 0; o < _k; o++)
        {
            for (int j = 0; j < _n; j++)
            {
                column[j] = sign * values[j * _k + o];
            }

            for (int i = 0; i < _n; i++)
            {
                result[i * _k + o] = Cholesky.Dot(_vectors.AsSpan(i * _n, _n), column);
            }
        }
    }

    /// <summary>output[j, o] = Σᵢ V[j, i]·g[i]·c[i, o] (= Σᵢ Vᵀ[i, j]·(g[i]c[i, o])).</summary>
    private void Combine(double[] c, double[] g, Span<double> output)
    {
        var column = new double[_n];
        for (int o = 0; o < _k; o++)
        {
            Array.Clear(column);
            for (int i = 0; i < _n; i++)
            {
                double weight = g[i] * c[i * _k + o];
                if (weight != 0)
                {
                    Cholesky.Axpy(weight, _vectors.AsSpan(i * _n, _n), column);
                }
            }

            for (int j = 0; j < _n; j++)
            {
                output[j * _k + o] = column[j];
            }
        }
    }

    /// <summary>eˣ − 1 without cancellation for small |x|.</summary>
    internal static double ExpM1(double x)
    {
        if (Math.Abs(x) < 1e-5)
        {
            return x * (1 + x * (0.5 + x * (1.0 / 6 + x / 24)));
        }

        if (Math.Abs(x) < 0.5)
        {
            // e^x − 1 = 2 tanh(x/2) / (1 − tanh(x/2)), accurate where e^x is near 1.
            double h = Math.Tanh(0.5 * x);
            return 2 * h / (1 - h);
        }

        return Math.Exp(x) - 1;
    }
}
