namespace SampleKit;

/// <summary>
/// The modified Shepp–Logan phantom (Toft's grey levels) in 2D (ellipses) and 3D (ellipsoids, Koay et al.'s table), as the
/// paper's CT and MRI notebooks build it with phantominator, and its perturbed variants: every parameter plus N(0, 1)/20.
/// </summary>
public static class SheppLogan
{
    /// <summary>The 2D ellipses: grey, semi-axis a (horizontal), semi-axis b, centre x, centre y, angle (rad).</summary>
    public static double[][] Parameters2D() =>
    [
        [1.0, 0.69, 0.92, 0, 0, 0],
        [-0.8, 0.6624, 0.874, 0, -0.0184, 0],
        [-0.2, 0.11, 0.31, 0.22, 0, Radians(-18)],
        [-0.2, 0.16, 0.41, -0.22, 0, Radians(18)],
        [0.1, 0.21, 0.25, 0, 0.35, 0],
        [0.1, 0.046, 0.046, 0, 0.1, 0],
        [0.1, 0.046, 0.046, 0, -0.1, 0],
        [0.1, 0.046, 0.023, -0.08, -0.605, 0],
        [0.1, 0.023, 0.023, 0, -0.605, 0],
        [0.1, 0.023, 0.046, 0.06, -0.605, 0],
    ];

    /// <summary>The 3D ellipsoids: grey, semi-axes a, b, c, centre x, y, z, angle in the xy-plane (rad).</summary>
    public static double[][] Parameters3D() =>
    [
        [1.0, 0.69, 0.92, 0.9, 0, 0, 0, 0],
        [-0.8, 0.6624, 0.874, 0.88, 0, 0, 0, 0],
        [-0.2, 0.41, 0.16, 0.21, -0.22, 0, -0.25, 3 * Math.PI / 5],
        [-0.2, 0.31, 0.11, 0.22, 0.22, 0, -0.25, 2 * Math.PI / 5],
        [0.1, 0.21, 0.25, 0.5, 0, 0.35, -0.25, 0],
        [0.1, 0.046, 0.046, 0.046, 0, 0.1, -0.25, 0],
        [0.1, 0.046, 0.023, 0.02, -0.08, -0.65, -0.25, 0],
        [0.1, 0.046, 0.023, 0.02, 0.06, -0.65, -0.25, Math.PI / 2],
        [0.1, 0.056, 0.04, 0.1, 0.06, -0.105, 0.625, Math.PI / 2],
        [0.1, 0.056, 0.056, 0.1, 0, 0.1, 0.625, 0],
    ];

    /// <summary>The parameters with N(0, 1)/20 added to every entry (the paper's notebooks), drawn from <paramref name="seed"/>.</summary>
    public static double[][] Perturb(double[][] parameters, int seed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var random = new Random(seed);
        return parameters.Select(row => row.Select(v => v + random.NextNormal() / 20).ToArray()).ToArray();
    }

    /// <summary>
    /// Rasterises 2D ellipses at <paramref name="size"/>² points: row i at y = linspace(−1, 1)[i], column j at x = linspace(−1, 1)[j]
    /// (phantominator's grid), the greys of the ellipses containing the point summed, then clipped to [0, 1].
    /// </summary>
    public static float[] Rasterize2D(double[][] ellipses, int size)
    {
        ArgumentNullException.ThrowIfNull(ellipses);
        var image = new double[size * size];
        foreach (double[] e in ellipses)
        {
            (double sin, double cos) = Math.SinCos(e[5]);
            for (int i = 0; i < size; i++)
            {
                double y = Linspace(i, size, -1, 1) - e[4];
                for (int j = 0; j < size; j++)
                {
                    double x = Linspace(j, size, -1, 1) - e[3];
                    double u = (x * cos + y * sin) / e[1], v = (x * sin - y * cos) / e[2];
                    if (u * u + v * v <= 1)
                    {
                        image[i * size + j] += e[0];
                    }
                }
            }
        }

        return image.Select(v => (float)Math.Clamp(v, 0, 1)).ToArray();
    }

    /// <summary>
    /// Rasterises 3D ellipsoids at <paramref name="size"/>³ points, index [i, j, k] = y, x, z with y, x = linspace(−1, 1) and
    /// z = linspace(−¼, ¼) (the paper's zlims: the phantom's middle slab), greys summed, then clipped to [0, 1].
    /// </summary>
    public static float[] Rasterize3D(double[][] ellipsoids, int size)
    {
        ArgumentNullException.ThrowIfNull(ellipsoids);
        var volume = new double[size * size * size];
        foreach (double[] e in ellipsoids)
        {
            (double sin, double cos) = Math.SinCos(e[7]);
            for (int i = 0; i < size; i++)
            {
                double y = Linspace(i, size, -1, 1) - e[5];
                for (int j = 0; j < size; j++)
                {
                    double x = Linspace(j, size, -1, 1) - e[4];
                    double u = (x * cos + y * sin) / e[1], v = (x * sin - y * cos) / e[2];
                    double planar = u * u + v * v;
                    if (planar > 1)
                    {
                        continue;
                    }

                    for (int k = 0; k < size; k++)
                    {
                        double w = (Linspace(k, size, -0.25, 0.25) - e[6]) / e[3];
                        if (planar + w * w <= 1)
                        {
                            volume[(i * size + j) * size + k] += e[0];
                        }
                    }
                }
            }
        }

        return volume.Select(v => (float)Math.Clamp(v, 0, 1)).ToArray();
    }

    private static double Linspace(int index, int count, double low, double high) =>
        count == 1 ? low : low + (high - low) * index / (count - 1);

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
