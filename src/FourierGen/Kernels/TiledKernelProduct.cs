using System.Numerics.Tensors;

namespace FourierGen.Kernels;

/// <summary>
/// Products of a kernel matrix with vectors, K(A, B)·x, computed tile by tile from the kernel's block form and
/// never stored: O(|A|·|B|) kernel evaluations, O(tile + (|A| + |B|)·columns) memory. Tiles are dealt to a fixed
/// number of workers in a fixed order and the workers' partial sums are added in worker order, so a product does
/// not depend on thread scheduling.
/// </summary>
internal static class TiledKernelProduct
{
    /// <summary>Rows and columns of one tile: a 1024² tile of doubles is 8 MiB per worker.</summary>
    internal const int Tile = 1024;

    /// <summary>K(A, B)·columns[c] for every c, with K(A, B) of |A| = <paramref name="m"/> rows and |B| = <paramref name="n"/> columns.</summary>
    public static double[][] Multiply(KernelBlock kernel, float[] pointsA, int m, float[] pointsB, int n, int d, double[][] columns,
        double shift, CancellationToken cancellationToken)
    {
        int rowTiles = (m + Tile - 1) / Tile, columnTiles = (n + Tile - 1) / Tile;
        var tasks = new List<(int Row, int Column)>();
        for (int i = 0; i < rowTiles; i++)
        {
            for (int j = 0; j < columnTiles; j++)
            {
                tasks.Add((i, j));
            }
        }

        return Run(tasks, m, columns, cancellationToken, (task, tile, accumulator) =>
        {
            (int rows, int cols) = Evaluate(kernel, pointsA, m, pointsB, n, d, task.Row, task.Column, tile, same: false);
            AddProduct(tile, rows, cols, columns, task.Column * Tile, accumulator, task.Row * Tile, transpose: false);
        }, shift);
    }

    /// <summary>K(X, X)·columns[c] + shift·columns[c]: only the tiles on and above the diagonal are evaluated, each used twice.</summary>
    public static double[][] MultiplySymmetric(KernelBlock kernel, float[] points, int n, int d, double[][] columns, double shift,
        CancellationToken cancellationToken)
    {
        int tiles = (n + Tile - 1) / Tile;
        var tasks = new List<(int Row, int Column)>();
        for (int i = 0; i < tiles; i++)
        {
            for (int j = i; j < tiles; j++)
            {
                tasks.Add((i, j));
            }
        }

        return Run(tasks, n, columns, cancellationToken, (task, tile, accumulator) =>
        {
            (int rows, int cols) = Evaluate(kernel, points, n, points, n, d, task.Row, task.Column, tile, same: task.Row == task.Column);
            AddProduct(tile, rows, cols, columns, task.Column * Tile, accumulator, task.Row * Tile, transpose: false);
            if (task.Row != task.Column)
            {
                AddProduct(tile, rows, cols, columns, task.Row * Tile, accumulator, task.Column * Tile, transpose: true);
            }
        }, shift);
    }

    private static double[][] Run(List<(int Row, int Column)> tasks, int outputLength, double[][] columns, CancellationToken cancellationToken,
        Action<(int Row, int Column), double[], double[][]> work, double shift)
    {
        int k = columns.Length;
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, tasks.Count));
        var partial = new double[workers][][];
        Parallel.For(0, workers, new ParallelOptions { CancellationToken = cancellationToken }, w =>
        {
            var accumulator = new double[k][];
            for (int c = 0; c < k; c++)
            {
                accumulator[c] = new double[outputLength];
            }

            var tile = new double[Tile * Tile];
            for (int t = w; t < tasks.Count; t += workers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                work(tasks[t], tile, accumulator);
            }

            partial[w] = accumulator;
        });

        double[][] result = partial[0];
        for (int w = 1; w < workers; w++)
        {
            for (int c = 0; c < k; c++)
            {
                TensorPrimitives.Add(result[c], partial[w][c], result[c]);
            }
        }

        if (shift != 0)
        {
            for (int c = 0; c < k; c++)
            {
                TensorPrimitives.MultiplyAdd(columns[c], shift, result[c], result[c]);
            }
        }

        return result;
    }

    private static (int Rows, int Columns) Evaluate(KernelBlock kernel, float[] a, int m, float[] b, int n, int d, int rowTile, int columnTile,
        double[] tile, bool same)
    {
        int row0 = rowTile * Tile, column0 = columnTile * Tile;
        int rows = Math.Min(Tile, m - row0), cols = Math.Min(Tile, n - column0);
        ReadOnlySpan<float> first = a.AsSpan(row0 * d, rows * d);

        // The same span twice takes the kernel's symmetric path: its diagonal equals the closed form exactly.
        ReadOnlySpan<float> second = same ? first : b.AsSpan(column0 * d, cols * d);
        kernel(first, second, tile.AsSpan(0, rows * cols));
        return (rows, cols);
    }

    /// <summary>
    /// accumulator[c][outStart + i] += Σⱼ tile[i, j]·columns[c][inStart + j], or with the tile transposed
    /// (accumulator[c][outStart + j] += Σᵢ tile[i, j]·columns[c][inStart + i]).
    /// </summary>
    private static void AddProduct(double[] tile, int rows, int cols, double[][] columns, int inStart, double[][] accumulator, int outStart,
        bool transpose)
    {
        for (int c = 0; c < columns.Length; c++)
        {
            double[] x = columns[c], y = accumulator[c];
            if (!transpose)
            {
                ReadOnlySpan<double> input = x.AsSpan(inStart, cols);
                for (int i = 0; i < rows; i++)
                {
                    y[outStart + i] += TensorPrimitives.Dot(tile.AsSpan(i * cols, cols), input);
                }
            }
            else
            {
                // y_J += tileᵀ x_I: row i of the tile scaled by x_I[i], added to y_J.
                Span<double> output = y.AsSpan(outStart, cols);
                for (int i = 0; i < rows; i++)
                {
                    TensorPrimitives.MultiplyAdd(tile.AsSpan(i * cols, cols), x[inStart + i], output, output);
                }
            }
        }
    }
}
