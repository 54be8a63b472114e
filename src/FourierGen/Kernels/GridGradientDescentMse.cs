namespace FourierGen.Kernels;

/// <summary>
/// The outputs of an infinitely wide network trained for a finite time by full-batch gradient descent on the MSE,
/// from its NTK on every point of a regular grid — <see cref="GradientDescentMse"/> with the structured operator of
/// <see cref="GridKernelRegression"/> instead of an eigendecomposition: O(N) memory, O(N log N) time per Lanczos step.
/// </summary>
/// <remarks>
/// <para><b>Convention</b> (exactly <see cref="GradientDescentMse"/>'s, neural-tangents' <c>gradient_descent_mse</c>):
/// with K = Θ(X, X) + rI, N = n·k target values and τ = learningRate·t/N, from zero initial outputs (the mean over
/// initialisations)</para>
/// <code>
/// f_t(X)  = (I − e^{−τK}) Y            = K·φ(K)Y
/// f_t(X*) = Θ(X*, X)·K⁻¹(I − e^{−τK}) Y = Θ(X*, X)·φ(K)Y,   φ(λ) = (1 − e^{−λτ})/λ
/// </code>
/// <para>φ(K)Y is computed by two-pass Lanczos (<c>LanczosFunction</c>); t = +∞ is kernel regression and is solved
/// by the preconditioned conjugate gradients of <see cref="GridKernelRegression"/>. For a trainer: plain SGD with
/// rate lr on <c>Loss.MeanSquaredError</c> for s steps is learningRate = 2·lr, t = s (see <see cref="GradientDescentMse"/>).</para>
/// </remarks>
public sealed class GridGradientDescentMse
{
    private readonly GridKernelSystem _system;
    private readonly double[][] _targets;
    private readonly IterativeSolverOptions _options;
    private (double T, double[][] Z)? _last; // the last solve: train and test predictions at one t share it

    private GridGradientDescentMse(GridKernelSystem system, double[][] targets, double learningRate, IterativeSolverOptions options)
    {
        _system = system;
        _targets = targets;
        LearningRate = learningRate;
        _options = options;
    }

    /// <summary>The training grid.</summary>
    public RegularGrid Grid => _system.Grid;

    /// <summary>k.</summary>
    public int Outputs => _targets.Length;

    /// <summary>η: times are in units of it.</summary>
    public double LearningRate { get; }

    /// <summary>r = diagReg × h(0), added to the diagonal.</summary>
    public double Regularization => _system.Regularization;

    /// <summary>The report of the last solve (Lanczos steps, or CG iterations for t = ∞); predictions at the time of the
    /// previous call reuse its solve. One prediction at a time: an instance is not thread-safe.</summary>
    public SolveReport? LastReport { get; private set; }

    /// <summary>The dynamics of <paramref name="network"/>'s NTK on every point of <paramref name="grid"/>.</summary>
    /// <typeparam name="TNet">A generated network type with a Fourier feature mapping.</typeparam>
    /// <param name="network">The network (its mapping and declaration define the NTK).</param>
    /// <param name="grid">The training points.</param>
    /// <param name="targets">Y, row-major grid.Count × OutputSize.</param>
    /// <param name="learningRate">η (&gt; 0): τ = η·t/(n·k).</param>
    /// <param name="options">diagReg, tolerance (relative change of the Lanczos approximation), iteration limit.</param>
    /// <param name="cancellationToken">Checked while the kernel is evaluated.</param>
    /// <exception cref="ArgumentException">The network has no Fourier mapping, or the sizes do not match.</exception>
    /// <returns>The dynamics.</returns>
    public static GridGradientDescentMse Create<TNet>(TNet network, RegularGrid grid, ReadOnlySpan<double> targets, double learningRate = 1,
        IterativeSolverOptions? options = null, CancellationToken cancellationToken = default)
        where TNet : IAnalyticNetwork<TNet>
    {
        KernelBlock kernel = NetworkKernels.StationaryBlock(network, AnalyticKernelKind.Ntk);
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Dimensions != TNet.InputSize)
        {
            throw new ArgumentException($"The grid has {grid.Dimensions} axes but {typeof(TNet).Name} takes {TNet.InputSize} inputs.", nameof(grid));
        }

        return Create(kernel, grid, targets, TNet.OutputSize, learningRate, options, cancellationToken);
    }

    /// <summary>The dynamics of any stationary kernel in block form (not checked for stationarity).</summary>
    /// <param name="kernel">The kernel, evaluated block by block.</param>
    /// <param name="grid">The training points.</param>
    /// <param name="targets">Y, row-major grid.Count × <paramref name="outputs"/>.</param>
    /// <param name="outputs">k.</param>
    /// <param name="learningRate">η (&gt; 0).</param>
    /// <param name="options">diagReg, tolerance, iteration limit.</param>
    /// <param name="cancellationToken">Checked while the kernel is evaluated.</param>
    /// <returns>The dynamics.</returns>
    /// <exception cref="ArgumentException">The sizes do not match, or an option is out of range.</exception>
    public static GridGradientDescentMse Create(KernelBlock kernel, RegularGrid grid, ReadOnlySpan<double> targets, int outputs,
        double learningRate = 1, IterativeSolverOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be finite and positive.");
        }

        options ??= new IterativeSolverOptions();
        options.Validate();
        Guard.Length(targets, (long)grid.Count * outputs, nameof(targets), $"{grid.Count} grid points × {outputs} outputs");
        AnalyticKernel.CheckFinite(targets, nameof(targets));
        GridKernelSystem system = GridKernelSystem.Create(kernel, grid, options.DiagReg, cancellationToken);
        return new GridGradientDescentMse(system, GridKernelSystem.Columns(targets, grid.Count, outputs), learningRate, options);
    }

    /// <summary>Training-grid outputs f_t(X) at time t (≥ 0, +∞ allowed), row-major n × k.</summary>
    /// <param name="t">Time in steps (≥ 0; +∞ allowed).</param>
    /// <param name="trainOutputs">At least n × k values: receives f_t(X).</param>
    /// <param name="progress">Told after every Lanczos or conjugate-gradient iteration.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or t is negative or NaN.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public void PredictTrain(double t, Span<double> trainOutputs, IProgress<SolverProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Guard.Length(trainOutputs, (long)Grid.Count * Outputs, nameof(trainOutputs), $"{Grid.Count} grid points × {Outputs} outputs");
        double[][] z = Solve(t, progress, cancellationToken);
        double[][] result = z.Select(_ => new double[Grid.Count]).ToArray();
        _system.Apply(z, result);
        GridKernelSystem.ToRows(result, trainOutputs);
    }

    /// <summary>Outputs f_t(X*) at every point of a grid of the training grid's spacing (any origin), row-major.</summary>
    /// <param name="t">Time in steps (≥ 0; +∞ allowed).</param>
    /// <param name="grid">The prediction grid (the training grid's spacing).</param>
    /// <param name="outputs">At least grid.Count × k values: receives f_t.</param>
    /// <param name="progress">Told after every Lanczos or conjugate-gradient iteration.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or t is negative or NaN.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public void PredictGrid(double t, RegularGrid grid, Span<double> outputs, IProgress<SolverProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Length(outputs, (long)grid.Count * Outputs, nameof(outputs), $"{grid.Count} grid points × {Outputs} outputs");
        GridToeplitz.CheckCompatible(grid, Grid);
        double[][] z = Solve(t, progress, cancellationToken);
        GridKernelSystem.ToRows(_system.MultiplyGrid(grid, z, cancellationToken), outputs);
    }

    /// <summary>Outputs f_t(x) at arbitrary points (row-major M × d), the kernel evaluated tile by tile.</summary>
    /// <param name="t">Time in steps (≥ 0; +∞ allowed).</param>
    /// <param name="points">The points, row-major M × d.</param>
    /// <param name="outputs">At least M × k values: receives f_t.</param>
    /// <param name="progress">Told after every Lanczos or conjugate-gradient iteration.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or t is negative or NaN.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public void Predict(double t, ReadOnlySpan<float> points, Span<double> outputs, IProgress<SolverProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        int m = Guard.Rows(points, Grid.Dimensions, nameof(points), "one coordinate per grid axis");
        Guard.Length(outputs, (long)m * Outputs, nameof(outputs), $"{m} points × {Outputs} outputs");
        Guard.Finite(points, nameof(points));
        float[] copy = points.ToArray();
        double[][] z = Solve(t, progress, cancellationToken);
        GridKernelSystem.ToRows(_system.MultiplyPoints(copy, z, cancellationToken), outputs);
    }

    /// <summary>φ(K)Y with φ(λ) = (1 − e^{−λτ})/λ: Lanczos for finite t, conjugate gradients (K⁻¹Y) for t = ∞.</summary>
    private double[][] Solve(double t, IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
    {
        if (!(t >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "The time must be ≥ 0 (+∞ allowed).");
        }

        if (_last is { } last && last.T == t)
        {
            return last.Z;
        }

        if (t == 0)
        {
            LastReport = new SolveReport(0, 0, new int[Outputs], new double[Outputs], 0);
            return _targets.Select(y => new double[y.Length]).ToArray();
        }

        double[][] z;
        SolveReport report;
        if (double.IsPositiveInfinity(t))
        {
            (z, report) = ConjugateGradient.Solve(_system, _targets, _options, "The t = ∞ conjugate-gradient solve", progress, cancellationToken);
        }
        else
        {
            double tau = LearningRate * t / ((double)Grid.Count * Outputs);
            (z, report) = LanczosFunction.Apply(_system, _targets, lambda => Phi(lambda, tau), _options, progress, cancellationToken);
        }

        LastReport = report;
        _last = (t, z);
        return z;
    }

    /// <summary>(1 − e^{−λτ})/λ, its limit τ at λ ≤ 0 (like <see cref="GradientDescentMse"/>, negative rounding counts as 0).</summary>
    private static double Phi(double lambda, double tau)
    {
        if (lambda <= 0)
        {
            return tau;
        }

        return -GradientDescentMse.ExpM1(-lambda * tau) / lambda;
    }
}
