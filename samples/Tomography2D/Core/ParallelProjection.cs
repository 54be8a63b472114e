namespace Tomography2D;

/// <summary>
/// The paper's CT measurement P (its notebook's <c>ct_project</c>): for each angle θ, the image is rotated by θ with
/// nearest-neighbour sampling (points outside the image read 0) and averaged along its rows, giving one projection of
/// <see cref="Size"/> values. Angles are θ_k = kπ/K, k = 0..K−1 (linspace(0, π, K + 1)[:-1]).
/// </summary>
/// <remarks>
/// The rotation's sampling table is computed once: output pixel (i, j) of angle k reads source pixel
/// (round(y′·N), round(x′·N)) with (x′, y′) the centred coordinate (j/N − ½, i/N − ½) rotated by θ_k and shifted back by ½,
/// rounding halves away from zero as jax's <c>map_coordinates(order=0)</c> does. P is linear, so its exact adjoint Pᵀ
/// scatters each projection value back to the pixels it read.
/// </remarks>
public sealed class ParallelProjection
{
    /// <summary>The paper's number of projections.</summary>
    public const int PaperAngles = 20;

    private readonly int[] _source;

    /// <summary>Builds P for <paramref name="size"/>² images and <paramref name="angles"/> projections.</summary>
    public ParallelProjection(int size, int angles = PaperAngles)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(angles);
        Size = size;
        Angles = angles;
        Thetas = Enumerable.Range(0, angles).Select(k => Math.PI * k / angles).ToArray();
        _source = new int[angles * size * size];
        for (int k = 0; k < angles; k++)
        {
            (double sin, double cos) = Math.SinCos(Thetas[k]);
            for (int i = 0; i < size; i++)
            {
                double y = (double)i / size - 0.5;
                for (int j = 0; j < size; j++)
                {
                    double x = (double)j / size - 0.5;
                    int column = (int)Math.Round((x * cos - y * sin + 0.5) * size, MidpointRounding.AwayFromZero);
                    int row = (int)Math.Round((x * sin + y * cos + 0.5) * size, MidpointRounding.AwayFromZero);
                    bool inside = (uint)row < (uint)size && (uint)column < (uint)size;
                    _source[(k * size + i) * size + j] = inside ? row * size + column : -1;
                }
            }
        }
    }

    /// <summary>N: images are N × N, each projection has N values.</summary>
    public int Size { get; }

    /// <summary>K, the number of projections.</summary>
    public int Angles { get; }

    /// <summary>θ_k in radians.</summary>
    public IReadOnlyList<double> Thetas { get; }

    /// <summary>K·N: the length of a sinogram.</summary>
    public int MeasurementCount => Angles * Size;

    /// <summary>The sinogram P·image, angle-major (K rows of N values).</summary>
    public void Project(ReadOnlySpan<double> image, Span<double> sinogram)
    {
        CheckLengths(image.Length, sinogram.Length);
        int n = Size;
        double scale = 1.0 / n;
        for (int k = 0; k < Angles; k++)
        {
            Span<double> projection = sinogram.Slice(k * n, n);
            projection.Clear();
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<int> sources = _source.AsSpan((k * n + i) * n, n);
                for (int j = 0; j < n; j++)
                {
                    int s = sources[j];
                    if (s >= 0)
                    {
                        projection[j] += image[s];
                    }
                }
            }

            for (int j = 0; j < n; j++)
            {
                projection[j] *= scale;
            }
        }
    }

    /// <summary>The adjoint: image = Pᵀ·sinogram, so that ⟨P·x, y⟩ = ⟨x, Pᵀ·y⟩ for every x and y.</summary>
    public void Backproject(ReadOnlySpan<double> sinogram, Span<double> image)
    {
        CheckLengths(image.Length, sinogram.Length);
        int n = Size;
        double scale = 1.0 / n;
        image.Clear();
        for (int k = 0; k < Angles; k++)
        {
            ReadOnlySpan<double> projection = sinogram.Slice(k * n, n);
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<int> sources = _source.AsSpan((k * n + i) * n, n);
                for (int j = 0; j < n; j++)
                {
                    int s = sources[j];
                    if (s >= 0)
                    {
                        image[s] += projection[j] * scale;
                    }
                }
            }
        }
    }

    private void CheckLengths(int image, int sinogram)
    {
        if (image != Size * Size)
        {
            throw new ArgumentException($"the image must hold {Size}² = {Size * Size} values, not {image}.", nameof(image));
        }

        if (sinogram != MeasurementCount)
        {
            throw new ArgumentException($"the sinogram must hold {Angles} × {Size} = {MeasurementCount} values, not {sinogram}.", nameof(sinogram));
        }
    }
}
