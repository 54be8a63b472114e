namespace FourierGen.Kernels;

/// <summary>
/// Kernel regression with every point of a regular training grid, for stationary kernels — the NTK and NNGP of
/// networks with a Fourier feature mapping — in O(N log N) time per iteration and O(N) memory: no N × N matrix.
/// The same mean prediction as <see cref="KernelRegression"/>, f(x) = K(x, X)(K(X, X) + rI)⁻¹Y with
/// r = diagReg × mean diag K, with α = (K + rI)⁻¹Y solved by preconditioned conjugate gradients.
/// </summary>
/// <remarks>
/// <para>Why it works (Tancik et al. 2020, §4): for γ(v) = [a cos 2πBv, a sin 2πBv] the dot product
/// γ(v)·γ(v′) = Σⱼ aⱼ² cos 2π bⱼ·(v − v′) and the norm ‖γ(v)‖² = Σⱼ aⱼ² depend on v − v′ alone, and a ReLU
/// network's kernels depend on their inputs only through these, so K(v, v′) = h(v − v′). On a regular grid K(X, X)
/// is then block-Toeplitz with Toeplitz blocks, and K(X, X)·x is an FFT convolution with h sampled once on the
/// (2n − 1)^d difference lattice. T. Chan's circulant approximation (diagonal in Fourier space) preconditions the
/// solve; for integer frequencies (basic, positional) on a grid spanning whole periods it is exact.</para>
/// <para>Targets are used as given (no centring), exactly as <see cref="KernelRegression"/>.</para>
/// </remarks>
public sealed class GridKernelRegression
{
    private readonly GridKernelSystem _system;
    private readonly double[][] _weights; // α, one column per output

    private GridKernelRegression(GridKernelSystem system, double[][] weights, SolveReport report)
    {
        _system = system;
        _weights = weights;
        Report = report;
    }

    /// <summary>The training grid.</summary>
    public RegularGrid Grid => _system.Grid;

    /// <summary>k, the number of outputs per point.</summary>
    public int Outputs => _weights.Length;

    /// <summary>r, the absolute amount added to the diagonal: diagReg × h(0).</summary>
    public double Regularization => _system.Regularization;

    /// <summary>How the conjugate-gradient solve ended: iterations and the true relative residual per output, time.</summary>
    public SolveReport Report { get; }

    /// <summary>
    /// Fits kernel regression with <paramref name="network"/>'s analytic NTK (or NNGP) on every point of
    /// <paramref name="grid"/>.
    /// </summary>
    /// <typeparam name="TNet">A generated network type with a Fourier feature mapping.</typeparam>
    /// <param name="network">The network: its mapping (B, a) and declaration define the kernel.</param>
    /// <param name="grid">The training points (its dimension is the network's input size).</param>
    /// <param name="targets">Y, row-major grid.Count × OutputSize, in the grid's point order.</param>
    /// <param name="options">diagReg, tolerance, iteration limit (null: the defaults, diagReg 0).</param>
    /// <param name="kind">NTK (the trained network) or NNGP (the Gaussian process).</param>
    /// <param name="progress">Told after every iteration.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    /// <exception cref="ArgumentException">The network has no Fourier mapping (raw inputs), or the sizes do not match.</exception>
    /// <exception cref="SolverNotConvergedException">The tolerance was not reached within the iteration limit.</exception>
    /// <returns>The fitted regression.</returns>
    public static GridKernelRegression Fit<TNet>(TNet network, RegularGrid grid, ReadOnlySpan<double> targets, IterativeSolverOptions? options = null,
        AnalyticKernelKind kind = AnalyticKernelKind.Ntk, IProgress<SolverProgress>? progress = null, CancellationToken cancellationToken = default)
        where TNet : IAnalyticNetwork<TNet>
    {
        KernelBlock kernel = NetworkKernels.StationaryBlock(network, kind);
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Dimensions != TNet.InputSize)
        {
            throw new ArgumentException($"The grid has {grid.Dimensions} axes but {typeof(TNet).Name} takes {TNet.InputSize} inputs.", nameof(grid));
        }

        return Fit(kernel, grid, targets, TNet.OutputSize, options, progress, cancellationToken);
    }

    /// <summary>
    /// Fits kernel regression with any stationary kernel given in block form (K(v, v′) must depend on v − v′ alone;
    /// this is not checked — use the generic overload for networks, which is).
    /// </summary>
    /// <param name="kernel">The kernel, e.g. a network's <c>NngpMatrix</c>.</param>
    /// <param name="grid">The training points.</param>
    /// <param name="targets">Y, row-major grid.Count × <paramref name="outputs"/>.</param>
    /// <param name="outputs">k.</param>
    /// <param name="options">diagReg, tolerance, iteration limit.</param>
    /// <param name="progress">Told after every iteration.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    /// <returns>The fitted regression.</returns>
    /// <exception cref="ArgumentException">The sizes do not match, or an option is out of range.</exception>
    /// <exception cref="SolverNotConvergedException">The tolerance was not reached within the iteration limit.</exception>
    public static GridKernelRegression Fit(KernelBlock kernel, RegularGrid grid, ReadOnlySpan<double> targets, int outputs,
        IterativeSolverOptions? options = null, IProgress<SolverProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        options ??= new IterativeSolverOptions();
        options.Validate();
        Guard.Length(targets, (long)grid.Count * outputs, nameof(targets), $"{grid.Count} grid points × {outputs} outputs");
        AnalyticKernel.CheckFinite(targets, nameof(targets));

        GridKernelSystem system = GridKernelSystem.Create(kernel, grid, options.DiagReg, cancellationToken);
        double[][] columns = GridKernelSystem.Columns(targets, grid.Count, outputs);
        (double[][] weights, SolveReport report) = ConjugateGradient.Solve(system, columns, options,
            "The grid kernel regression's conjugate-gradient solve", progress, cancellationToken);
        return new GridKernelRegression(system, weights, report);
    }

    /// <summary>α = (K + rI)⁻¹Y, row-major N × k.</summary>
/// <returns>A new array.</returns>
    public double[] Weights()
    {
        var alpha = new double[Grid.Count * Outputs];
        GridKernelSystem.ToRows(_weights, alpha);
        return alpha;
    }

    /// <summary>
    /// The mean predictions K(X*, X)·α at every point of <paramref name="grid"/>, which must have the training grid's
    /// spacing (any origin: the training grid itself, or shifted — e.g. the paper's test pixels): one FFT convolution.
    /// </summary>
    /// <param name="grid">The prediction grid.</param>
    /// <param name="predictions">Row-major grid.Count × k.</param>
    /// <param name="cancellationToken">Checked while the kernel is evaluated on the new lattice.</param>
    /// <exception cref="ArgumentException">The grid's spacing or dimensions differ from the training grid's, or the predictions are too short.</exception>
    public void PredictGrid(RegularGrid grid, Span<double> predictions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Length(predictions, (long)grid.Count * Outputs, nameof(predictions), $"{grid.Count} grid points × {Outputs} outputs");
        GridKernelSystem.ToRows(_system.MultiplyGrid(grid, _weights, cancellationToken), predictions);
    }

    /// <summary>
    /// The mean predictions K(x, X)·α at arbitrary points (row-major, one coordinate per axis), the kernel evaluated
    /// tile by tile: O(M·N) time, no M × N matrix.
    /// </summary>
    /// <param name="points">The points, row-major M × d.</param>
    /// <param name="predictions">Row-major M × k.</param>
    /// <param name="cancellationToken">Checked between tiles.</param>
    /// <exception cref="ArgumentException">The points are not whole rows or hold NaN or ∞, or the predictions are too short.</exception>
    public void Predict(ReadOnlySpan<float> points, Span<double> predictions, CancellationToken cancellationToken = default)
    {
        int m = Guard.Rows(points, Grid.Dimensions, nameof(points), "one coordinate per grid axis");
        Guard.Length(predictions, (long)m * Outputs, nameof(predictions), $"{m} points × {Outputs} outputs");
        Guard.Finite(points, nameof(points));
        GridKernelSystem.ToRows(_system.MultiplyPoints(points, _weights, cancellationToken), predictions);
    }
}
