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
        int n = V.Count, i = 0;
        for (; i + n <= rows; i += n)
        {
            int j = 0;
            for (; j + n <= columns; j += n)
            {
                V.TransposeBlock(source + i * sourceStride + j, sourceStride, destination + j * destinationStride + i, destinationStride);
            }

            for (; j < columns; j++)
            {
                for (int r = i; r < i + n; r++)
                {
                    destination[j * destinationStride + r] = source[r * sourceStride + j];
                }
            }
        }

        for (; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                destination[j * destinationStride + i] = source[i * sourceStride + j];
            }
        }
    }
}
