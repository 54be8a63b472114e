using SampleKit;

namespace ShapeOccupancy;

/// <summary>
/// The points of the paper's occupancy experiment: uniform in the mesh's bounding box widened by 10⁻³ (training batches
/// and the "uniform" test set), and random surface points plus N(0, 0.01²) noise (the "boundary" test set).
/// </summary>
public sealed class ShapeSampler
{
    /// <summary>How far the box reaches past the mesh on every side (the notebook's corners).</summary>
    public const double BoxMargin = 1e-3;

    /// <summary>The boundary set's noise, per coordinate.</summary>
    public const double SurfaceNoise = 0.01;

    private readonly TriangleMesh _mesh;

    /// <summary>Samples around <paramref name="mesh"/> (already in the unit cube).</summary>
    public ShapeSampler(TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        _mesh = mesh;
        (double[] min, double[] max) = mesh.Bounds();
        Low = min.Select(v => v - BoxMargin).ToArray();
        High = max.Select(v => v + BoxMargin).ToArray();
    }

    /// <summary>The box's lower corner.</summary>
    public IReadOnlyList<double> Low { get; }

    /// <summary>The box's upper corner.</summary>
    public IReadOnlyList<double> High { get; }

    /// <summary>Fills <paramref name="points"/> (x, y, z per point) uniformly in the box.</summary>
    public void Uniform(Random random, Span<float> points)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < points.Length; i++)
        {
            int axis = i % 3;
            points[i] = (float)(Low[axis] + random.NextDouble() * (High[axis] - Low[axis]));
        }
    }

    /// <summary>
    /// Fills <paramref name="points"/> with surface points plus N(0, 0.01²) noise: a triangle chosen uniformly by index (as
    /// the notebook does, not by area), a uniform point on it (√u barycentrics), then the noise.
    /// </summary>
    public void NearSurface(Random random, Span<float> points)
    {
        ArgumentNullException.ThrowIfNull(random);
        double[] v = _mesh.Vertices;
        int[] t = _mesh.Triangles;
        for (int i = 0; i < points.Length / 3; i++)
        {
            int face = random.Next(_mesh.TriangleCount);
            double root = Math.Sqrt(random.NextDouble());
            double w0 = 1 - root, w1 = random.NextDouble() * root, w2 = 1 - w0 - w1;
            for (int axis = 0; axis < 3; axis++)
            {
                double surface = w0 * v[3 * t[3 * face] + axis] + w1 * v[3 * t[3 * face + 1] + axis] + w2 * v[3 * t[3 * face + 2] + axis];
                points[3 * i + axis] = (float)(surface + SurfaceNoise * random.NextNormal());
            }
        }
    }
}
