namespace FourierGen.Kernels;

/// <summary>
/// The regularised kernel matrix K(X, X) + rI of a stationary kernel on a regular training grid, as an operator:
/// the FFT convolution for products and T. Chan's circulant preconditioner. What <see cref="GridKernelRegression"/>
/// and <see cref="GridGradientDescentMse"/> share. Memory O(N): h on the difference lattice, its spectrum and
/// the preconditioner's.
/// </summary>
internal sealed class GridKernelSystem : ISymmetricOperator
{
    private readonly GridToeplitz _train;
    private readonly CirculantPreconditioner _preconditioner;

    private GridKernelSystem(KernelBlock kernel, RegularGrid grid, GridToeplitz train, double diagonal, double regularization)
    {
        Kernel = kernel;
        Grid = grid;
        _train = train;
        Diagonal = diagonal;
        Regularization = regularization;
        _preconditioner = new CirculantPreconditioner(train, grid.Counts.ToArray(), regularization);
    }

    public KernelBlock Kernel { get; }

    public RegularGrid Grid { get; }

    /// <summary>h(0), every diagonal entry of K(X, X).</summary>
    public double Diagonal { get; }

    /// <summary>r = diagReg × h(0) (the mean of the diagonal, as <see cref="KernelRegression.Regularizer"/>).</summary>
    public double Regularization { get; }

    public int Size => Grid.Count;

    public static GridKernelSystem Create(KernelBlock kernel, RegularGrid grid, double diagReg, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(grid);
        KernelRegression.CheckDiagReg(diagReg);
        GridToeplitz train = GridToeplitz.Create(kernel, grid, grid, cancellationToken);
        int centre = 0, stride = 1;
        for (int axis = 0; axis < grid.Dimensions; axis++)
        {
            centre += (grid.Counts[axis] - 1) * stride;
            stride *= 2 * grid.Counts[axis] - 1;
        }

        double diagonal = train.Lattice[centre];
        return new GridKernelSystem(kernel, grid, train, diagonal, diagReg * diagonal);
    }

    /// <summary>ys = (K + rI)·xs, two vectors per transform.</summary>
    public void Apply(ReadOnlySpan<double[]> xs, ReadOnlySpan<double[]> ys) => Multiply(_train, xs, ys, Regularization);

    public void Precondition(ReadOnlySpan<double[]> rs, ReadOnlySpan<double[]> zs)
    {
        for (int c = 0; c < rs.Length; c += 2)
        {
            bool pair = c + 1 < rs.Length;
            _preconditioner.Apply(rs[c], pair ? rs[c + 1] : default, zs[c], pair ? zs[c + 1] : default);
        }
    }

    /// <summary>K(testGrid, X)·columns for a grid of the training grid's spacing (predictions: no regulariser).</summary>
    public double[][] MultiplyGrid(RegularGrid testGrid, double[][] columns, CancellationToken cancellationToken)
    {
        GridToeplitz.CheckCompatible(testGrid, Grid);
        GridToeplitz op = GridToeplitz.SameGrid(testGrid, Grid) ? _train : GridToeplitz.Create(Kernel, testGrid, Grid, cancellationToken);
        double[][] result = columns.Select(_ => new double[testGrid.Count]).ToArray();
        Multiply(op, columns, result, 0);
        return result;
    }

    /// <summary>K(points, X)·columns at arbitrary points, in tiles of the kernel's block form (O(M·N) time, O(tile) memory).</summary>
    public double[][] MultiplyPoints(ReadOnlySpan<float> points, double[][] columns, CancellationToken cancellationToken)
    {
        int d = Grid.Dimensions;
        int m = Guard.Rows(points, d, nameof(points), "one coordinate per grid axis");
        Guard.Finite(points, nameof(points));
        return TiledKernelProduct.Multiply(Kernel, points.ToArray(), m, Grid.Coordinates(), Size, d, columns, 0, cancellationToken);
    }

    private static void Multiply(GridToeplitz op, ReadOnlySpan<double[]> xs, ReadOnlySpan<double[]> ys, double shift)
    {
        for (int c = 0; c < xs.Length; c += 2)
        {
            bool pair = c + 1 < xs.Length;
            op.Multiply(xs[c], pair ? xs[c + 1] : default, ys[c], pair ? ys[c + 1] : default, shift);
        }
    }

    /// <summary>Splits row-major n × k targets into k columns.</summary>
    public static double[][] Columns(ReadOnlySpan<double> rows, int n, int k)
    {
        var columns = new double[k][];
        for (int o = 0; o < k; o++)
        {
            columns[o] = new double[n];
            for (int i = 0; i < n; i++)
            {
                columns[o][i] = rows[i * k + o];
            }
        }

        return columns;
    }

    /// <summary>Writes k columns as row-major n × k.</summary>
    public static void ToRows(double[][] columns, Span<double> rows)
    {
        int k = columns.Length;
        for (int o = 0; o < k; o++)
        {
            double[] column = columns[o];
            for (int i = 0; i < column.Length; i++)
            {
                rows[i * k + o] = column[i];
            }
        }
    }
}
