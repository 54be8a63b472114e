namespace FourierGen.Numerics;

/// <summary>
/// Copies a rectangle of a row-major matrix transposed, whole <c>Count</c> × <c>Count</c> blocks with the width's
/// register transpose (<see cref="ISimd{TSelf, T}.TransposeBlock"/>) and the edges element by element. An element-wise
/// transposed copy makes a load and a store per element, and every store of a column goes to another cache line.
/// </summary>
internal static unsafe class TransposedCopy
{
    /// <summary>
    /// destination[j·destinationStride + i] = source[i·sourceStride + j] for i &lt; <paramref name="rows"/>, j &lt;
    /// <paramref name="columns"/>.
    /// </summary>
    public static void Copy<V>(double* source, nint sourceStride, double* destination, nint destinationStride, int rows, int columns)
        where V : unmanaged, ISimd<V, double>
    {
        int n = V.Count, blockRows = rows - (rows % n), blockColumns = columns - (columns % n);
        for (int i = 0; i < blockRows; i += n)
        {
            for (int j = 0; j < blockColumns; j += n)
            {
                V.TransposeBlock(source + i * sourceStride + j, sourceStride, destination + j * destinationStride + i, destinationStride);
            }
        }

        // The edges: the columns past the last whole block, beside the blocks; then the rows below the blocks, every column.
        Elementwise(source, sourceStride, destination, destinationStride, 0, blockRows, blockColumns, columns);
        Elementwise(source, sourceStride, destination, destinationStride, blockRows, rows, 0, columns);
    }

    /// <summary>
    /// destination[j·destinationStride + i] = source[i·sourceStride + j] for <paramref name="firstRow"/> ≤ i &lt;
    /// <paramref name="endRow"/>, <paramref name="firstColumn"/> ≤ j &lt; <paramref name="endColumn"/>, element by element:
    /// the edges of <see cref="Copy{V}"/>, and the block transpose of widths and types without a shuffle form.
    /// </summary>
    public static void Elementwise<T>(T* source, nint sourceStride, T* destination, nint destinationStride, int firstRow, int endRow, int firstColumn, int endColumn)
        where T : unmanaged
    {
        for (int i = firstRow; i < endRow; i++)
        {
            for (int j = firstColumn; j < endColumn; j++)
            {
                destination[j * destinationStride + i] = source[i * sourceStride + j];
            }
        }
    }
}
