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
    internal const int DefaultTile = 1024;

    /// <summary>K(A, B)·columns[c] for every c, with K(A, B) of |A| = <paramref name="m"/> rows and |B| = <paramref name="n"/> columns.</summary>
    public static double[][] Multiply(KernelBlock kernel, float[] pointsA, int m, float[] pointsB, int n, int d, double[][] columns,
        double shift, CancellationToken cancellationToken, int tile = DefaultTile)
    {
        int rowTiles = (m + tile - 1) / tile, columnTiles = (n + tile - 1) / tile;
        var tasks = new List<(int Row, int Column)>();
        for (int i = 0; i < rowTiles; i++)
        {
            for (int j = 0; j < columnTiles; j++)
            {
                tasks.Add((i, j));
            }
        }

        return Run(tasks, tile, m, columns, cancellationToken, (task, block, accumulator) =>
        {
            (int rows, int cols) = Evaluate(kernel, pointsA, m, pointsB, n, d, task.Row * tile, task.Column * tile, tile, block, same: false);
            AddProduct(block, rows, cols, columns, task.Column * tile, accumulator, task.Row * tile, transpose: false);
        }, shift);
    }

    /// <summary>K(X, X)·columns[c] + shift·columns[c]: only the tiles on and above the diagonal are evaluated, each used twice.</summary>
    public static double[][] MultiplySymmetric(KernelBlock kernel, float[] points, int n, int d, double[][] columns, double shift,
        CancellationToken cancellationToken, int tile = DefaultTile)
    {
        int tiles = (n + tile - 1) / tile;
        var tasks = new List<(int Row, int Column)>();
        for (int i = 0; i < tiles; i++)
        {
            for (int j = i; j < tiles; j++)
            {
                tasks.Add((i, j));
            }
        }

        return Run(tasks, tile, n, columns, cancellationToken, (task, block, accumulator) =>
        {
            (int rows, int cols) = Evaluate(kernel, points, n, points, n, d, task.Row * tile, task.Column * tile, tile, block, same: task.Row == task.Column);
            AddProduct(block, rows, cols, columns, task.Column * tile, accumulator, task.Row * tile, transpose: false);
            if (task.Row != task.Column)
            {
                AddProduct(block, rows, cols, columns, task.Row * tile, accumulator, task.Column * tile, transpose: true);
            }
        }, shift);
    }

    private static double[][] Run(List<(int Row, int Column)> tasks, int tile, int outputLength, double[][] columns, CancellationToken cancellationToken,
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

            var block = new double[tile * tile];
            for (int t = w; t < tasks.Count; t += workers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                work(tasks[t], block, accumulator);
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

    private static (int Rows, int Columns) Evaluate(KernelBlock kernel, float[] a, int m, float[] b, int n, int d, int row0, int column0,
        int tile, double[] block, bool same)
    {
        int rows = Math.Min(tile, m - row0), cols = Math.Min(tile, n - column0);
        ReadOnlySpan<float> first = a.AsSpan(row0 * d, rows * d);

        // The same span twice takes the kernel's symmetric path: its diagonal equals the closed form exactly.
        ReadOnlySpan<float> second = same ? first : b.AsSpan(column0 * d, cols * d);
        kernel(first, second, block.AsSpan(0, rows * cols));
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
