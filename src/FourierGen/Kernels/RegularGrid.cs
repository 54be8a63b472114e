namespace FourierGen.Kernels;

/// <summary>
/// A regular grid of points in 1 to 3 dimensions: point (i₀, i₁, …) is at origin_k + i_k·spacing_k, and points are
/// numbered i₀ + n₀·(i₁ + n₁·i₂), the first axis fastest — as the pixels of an image row by row when input 0 is x.
/// The training pixels of the paper's protocol, [::2, ::2] of an N × N image with coordinates pixel/N, are
/// <c>new RegularGrid([N/2, N/2], [0, 0], [2.0/N, 2.0/N])</c>; its test pixels [1::2, 1::2] are the same grid
/// shifted by 1/N on both axes.
/// </summary>
public sealed class RegularGrid
{
    /// <summary>The most dimensions a grid may have.</summary>
    public const int MaxDimensions = 3;

    private readonly int[] _counts;
    private readonly double[] _origin, _spacing;

    /// <summary>A grid of <paramref name="counts"/> points per axis.</summary>
    /// <param name="counts">Points per axis (1 to 3 axes), each ≥ 1.</param>
    /// <param name="origin">The coordinates of point 0, one per axis.</param>
    /// <param name="spacing">The distance between neighbours along each axis, finite and &gt; 0.</param>
    /// <exception cref="ArgumentException">The counts, origin and spacing do not have 1 to 3 matching axes, or a value is out of range.</exception>
    public RegularGrid(ReadOnlySpan<int> counts, ReadOnlySpan<double> origin, ReadOnlySpan<double> spacing)
    {
        if (counts.IsEmpty || counts.Length > MaxDimensions)
        {
            throw new ArgumentException($"A grid has 1 to {MaxDimensions} axes, not {counts.Length}.", nameof(counts));
        }

        Guard.Length(origin, counts.Length, nameof(origin), "one coordinate per axis");
        Guard.Length(spacing, counts.Length, nameof(spacing), "one spacing per axis");
        long total = 1;
        for (int axis = 0; axis < counts.Length; axis++)
        {
            if (counts[axis] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(counts), $"counts[{axis}] is {counts[axis]}; every axis needs at least one point.");
            }

            if (!double.IsFinite(origin[axis]))
            {
                throw new ArgumentException($"origin[{axis}] is {origin[axis]}; it must be finite.", nameof(origin));
            }

            if (!(spacing[axis] > 0) || !double.IsFinite(spacing[axis]))
            {
                throw new ArgumentOutOfRangeException(nameof(spacing), $"spacing[{axis}] is {spacing[axis]}; it must be finite and > 0.");
            }

            total *= counts[axis];
            if (total > Array.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(counts), $"The grid has more than {Array.MaxLength} points.");
            }
        }

        _counts = counts.ToArray();
        _origin = origin.ToArray();
        _spacing = spacing.ToArray();
        Count = (int)total;
    }

    /// <summary>d, the number of axes.</summary>
    public int Dimensions => _counts.Length;

    /// <summary>Points per axis.</summary>
    public ReadOnlySpan<int> Counts => _counts;

    /// <summary>The coordinates of point 0.</summary>
    public ReadOnlySpan<double> Origin => _origin;

    /// <summary>The spacing along each axis.</summary>
    public ReadOnlySpan<double> Spacing => _spacing;

    /// <summary>The number of points.</summary>
    public int Count { get; }

    /// <summary>
    /// The paper's image grids: the <paramref name="offset"/>-th pixels of every second row and column of a
    /// <paramref name="size"/> × <paramref name="size"/> image with coordinates pixel/size — offset 0 is [::2, ::2]
    /// (training), offset 1 is [1::2, 1::2] (test).
    /// </summary>
    /// <param name="size">The image side in pixels, ≥ 2.</param>
    /// <param name="offset">0 or 1.</param>
    /// <returns>The grid.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The size is less than 2 or the offset is not 0 or 1.</exception>
    public static RegularGrid EverySecondPixel(int size, int offset)
    {
        if (size < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The image needs at least 2 pixels per side.");
        }

        if (offset is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "The offset is 0 ([::2, ::2]) or 1 ([1::2, 1::2]).");
        }

        int count = (size - offset + 1) / 2;
        double start = (double)offset / size, step = 2.0 / size;
        return new RegularGrid([count, count], [start, start], [step, step]);
    }

    /// <summary>The same grid moved by <paramref name="offset"/> (one value per axis).</summary>
    /// <param name="offset">The shift, one value per axis.</param>
    /// <returns>The shifted grid.</returns>
    /// <exception cref="ArgumentException">The offset has the wrong number of axes or is not finite.</exception>
    public RegularGrid Shifted(ReadOnlySpan<double> offset)
    {
        Guard.Length(offset, Dimensions, nameof(offset), "one value per axis");
        var origin = new double[Dimensions];
        for (int axis = 0; axis < Dimensions; axis++)
        {
            origin[axis] = _origin[axis] + offset[axis];
        }

        return new RegularGrid(_counts, origin, _spacing);
    }

    /// <summary>The coordinates of point <paramref name="index"/>.</summary>
    /// <param name="index">The point, 0 to Count − 1, the first axis varying slowest.</param>
    /// <param name="coordinates">At least Dimensions values: receives the coordinates.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public void Point(int index, Span<double> coordinates)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        Guard.Length(coordinates, Dimensions, nameof(coordinates), "one per axis");
        for (int axis = 0; axis < Dimensions; axis++)
        {
            coordinates[axis] = _origin[axis] + index % _counts[axis] * _spacing[axis];
            index /= _counts[axis];
        }
    }

    /// <summary>
    /// Every point's coordinates in float, row-major (<see cref="Count"/> × <see cref="Dimensions"/>), in the grid's
    /// order: the inputs of a network's <c>Predict</c>, <c>NtkMatrix</c> or the dense <see cref="KernelRegression"/>.
    /// </summary>
    /// <returns>A new array.</returns>
    /// <exception cref="InvalidOperationException">Count × Dimensions coordinates are more than one array holds (<see cref="Array.MaxLength"/>).</exception>
    public float[] Coordinates()
    {
        long length = (long)Count * Dimensions;
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The {this} has {Count} points × {Dimensions} coordinates = {length} values, more than one .NET array can hold (Array.MaxLength = {Array.MaxLength}).");
        }

        var result = new float[length];
        Span<double> point = stackalloc double[Dimensions];
        for (int i = 0; i < Count; i++)
        {
            Point(i, point);
            for (int axis = 0; axis < Dimensions; axis++)
            {
                result[i * Dimensions + axis] = (float)point[axis];
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{string.Join(" × ", _counts)} grid from ({string.Join(", ", _origin)}) step ({string.Join(", ", _spacing)})";
}
