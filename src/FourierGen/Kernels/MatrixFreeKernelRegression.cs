namespace FourierGen.Kernels;

/// <summary>
/// Kernel regression on any (scattered) points without an n × n matrix: α = (K + rI)⁻¹Y by conjugate gradients
/// whose products K·x evaluate the kernel tile by tile, on every core, and discard each tile after use — O(n²)
/// kernel evaluations per iteration but O(n) memory, so 100 000 points fit where the dense matrix (80 GB) does
/// not. The same mean prediction as <see cref="KernelRegression"/>; any kernel in block form, stationary or not
/// (raw inputs included). Jacobi (diagonal) preconditioning.
/// </summary>
public sealed class MatrixFreeKernelRegression
{
    private readonly KernelBlock _kernel;
    private readonly float[] _inputs;
    private readonly double[][] _weights;

    private readonly int _tile;

    private MatrixFreeKernelRegression(KernelBlock kernel, float[] inputs, int inputSize, double regularization, double[][] weights, SolveReport report,
        int tile)
    {
        _tile = tile;
        _kernel = kernel;
        _inputs = inputs;
        InputSize = inputSize;
        Regularization = regularization;
        _weights = weights;
        Report = report;
    }

    /// <summary>d, the inputs per point.</summary>
    public int InputSize { get; }

    /// <summary>n.</summary>
    public int TrainCount => _inputs.Length / InputSize;

    /// <summary>k.</summary>
    public int Outputs => _weights.Length;

    /// <summary>r = diagReg × mean diag K.</summary>
    public double Regularization { get; }

    /// <summary>How the conjugate-gradient solve ended.</summary>
    public SolveReport Report { get; }

    /// <summary>Fits kernel regression with <paramref name="network"/>'s NTK (or NNGP) on scattered points.</summary>
    /// <typeparam name="TNet">A generated network type with analytic kernels (any mapping).</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="inputs">The training points, row-major n × InputSize.</param>
    /// <param name="targets">Y, row-major n × OutputSize.</param>
    /// <param name="options">diagReg, tolerance, iteration limit.</param>
    /// <param name="kind">NTK or NNGP.</param>
    /// <param name="progress">Told after every iteration.</param>
    /// <param name="cancellationToken">Checked between tiles.</param>
    /// <returns>The fitted regression.</returns>
    /// <exception cref="ArgumentException">The network has no closed-form kernel, or the sizes do not match.</exception>
    /// <exception cref="SolverNotConvergedException">The tolerance was not reached within the iteration limit.</exception>
    public static MatrixFreeKernelRegression Fit<TNet>(TNet network, ReadOnlySpan<float> inputs, ReadOnlySpan<double> targets,
        IterativeSolverOptions? options = null, AnalyticKernelKind kind = AnalyticKernelKind.Ntk, IProgress<SolverProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where TNet : IAnalyticNetwork<TNet> =>
        Fit(NetworkKernels.Block(network, kind), TNet.InputSize, inputs, targets, TNet.OutputSize, options, progress, cancellationToken);

    /// <summary>Fits kernel regression with any kernel in block form on scattered points.</summary>
    /// <param name="kernel">The kernel, evaluated block by block.</param>
    /// <param name="inputSize">d, coordinates per point.</param>
    /// <param name="inputs">The training points, row-major n × d.</param>
    /// <param name="targets">Y, row-major n × <paramref name="outputs"/>.</param>
    /// <param name="outputs">k.</param>
    /// <param name="options">diagReg, tolerance, iteration limit.</param>
    /// <param name="progress">Told after every iteration.</param>
    /// <param name="cancellationToken">Checked between tiles.</param>
    /// <returns>The fitted regression.</returns>
    /// <exception cref="ArgumentException">The sizes do not match, or an option is out of range.</exception>
    /// <exception cref="SolverNotConvergedException">The tolerance was not reached within the iteration limit.</exception>
    public static MatrixFreeKernelRegression Fit(KernelBlock kernel, int inputSize, ReadOnlySpan<float> inputs, ReadOnlySpan<double> targets,
        int outputs, IterativeSolverOptions? options = null, IProgress<SolverProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Fit(kernel, inputSize, inputs, targets, outputs, options, progress, cancellationToken, TiledKernelProduct.DefaultTile);

    /// <summary>As the public overload, with the tile side given (tests use small tiles to cover the tiling on small problems).</summary>
    internal static MatrixFreeKernelRegression Fit(KernelBlock kernel, int inputSize, ReadOnlySpan<float> inputs, ReadOnlySpan<double> targets,
        int outputs, IterativeSolverOptions? options, IProgress<SolverProgress>? progress, CancellationToken cancellationToken, int tile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tile);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        options ??= new IterativeSolverOptions();
        options.Validate();
        int n = Guard.Rows(inputs, inputSize, nameof(inputs), "inputSize per row");
        if (n == 0)
        {
            throw new ArgumentException("At least one training point is needed.", nameof(inputs));
        }

        Guard.Finite(inputs, nameof(inputs));
        Guard.Length(targets, (long)n * outputs, nameof(targets), $"{n} points × {outputs} outputs");
        AnalyticKernel.CheckFinite(targets, nameof(targets));
        float[] points = inputs.ToArray();
        var op = new TiledOperator(kernel, points, inputSize, options.DiagReg, tile, cancellationToken);
        (double[][] weights, SolveReport report) = ConjugateGradient.Solve(op, GridKernelSystem.Columns(targets, n, outputs), options,
            "The matrix-free kernel regression's conjugate-gradient solve", progress, cancellationToken);
        return new MatrixFreeKernelRegression(kernel, points, inputSize, op.Regularization, weights, report, tile);
    }

    /// <summary>α = (K + rI)⁻¹Y, row-major n × k.</summary>
/// <returns>A new array.</returns>
    public double[] Weights()
    {
        var alpha = new double[TrainCount * Outputs];
        GridKernelSystem.ToRows(_weights, alpha);
        return alpha;
    }

    /// <summary>The mean predictions K(x, X)·α at <paramref name="points"/> (row-major M × d), tile by tile.</summary>
    /// <param name="points">The points, row-major M × d.</param>
    /// <param name="predictions">At least M × k values: receives the predictions.</param>
    /// <param name="cancellationToken">Checked between tiles.</param>
    /// <exception cref="ArgumentException">The points are not whole rows or hold NaN or ∞, or the predictions are too short.</exception>
    public void Predict(ReadOnlySpan<float> points, Span<double> predictions, CancellationToken cancellationToken = default)
    {
        int m = Guard.Rows(points, InputSize, nameof(points), "InputSize per row");
        Guard.Finite(points, nameof(points));
        Guard.Length(predictions, (long)m * Outputs, nameof(predictions), $"{m} points × {Outputs} outputs");
        double[][] result = TiledKernelProduct.Multiply(_kernel, points.ToArray(), m, _inputs, TrainCount, InputSize, _weights, 0, cancellationToken, _tile);
        GridKernelSystem.ToRows(result, predictions);
    }

    /// <summary>K + rI by tiles, with the diagonal (for r and the Jacobi preconditioner) from one kernel call per point.</summary>
    private sealed class TiledOperator : ISymmetricOperator
    {
        private readonly KernelBlock _kernel;
        private readonly float[] _points;
        private readonly int _d;
        private readonly double[] _inverseDiagonal;
        private readonly CancellationToken _cancellationToken;
        private readonly int _tile;

        public TiledOperator(KernelBlock kernel, float[] points, int d, double diagReg, int tile, CancellationToken cancellationToken)
        {
            _tile = tile;
            _kernel = kernel;
            _points = points;
            _d = d;
            _cancellationToken = cancellationToken;
            int n = points.Length / d;
            var diagonal = new double[n];
            Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, () => new double[1], (i, _, one) =>
            {
                ReadOnlySpan<float> point = points.AsSpan(i * d, d);
                kernel(point, point, one);
                diagonal[i] = one[0];
                return one;
            }, _ => { });
            AnalyticKernel.CheckFinite(diagonal, "kernel diagonal");
            Regularization = diagReg * diagonal.Average();
            _inverseDiagonal = diagonal.Select(v => 1.0 / Math.Max(v + Regularization, double.Epsilon)).ToArray();
        }

        public double Regularization { get; }

        public int Size => _inverseDiagonal.Length;

        public void Apply(ReadOnlySpan<double[]> xs, ReadOnlySpan<double[]> ys)
        {
            double[][] result = TiledKernelProduct.MultiplySymmetric(_kernel, _points, Size, _d, xs.ToArray(), Regularization, _cancellationToken, _tile);
            for (int c = 0; c < xs.Length; c++)
            {
                result[c].CopyTo(ys[c], 0);
            }
        }

        public void Precondition(ReadOnlySpan<double[]> rs, ReadOnlySpan<double[]> zs)
        {
            for (int c = 0; c < rs.Length; c++)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(rs[c], _inverseDiagonal, zs[c]);
            }
        }
    }
}
