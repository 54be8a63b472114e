namespace ShapeOccupancy;

/// <summary>
/// Exact inside/outside labels for a closed mesh by ray parity: a point is inside when a ray from it along +x crosses the
/// surface an odd number of times.
/// </summary>
/// <remarks>
/// <para>Exact: every decision is the sign of a determinant evaluated exactly (<see cref="ExactPredicates"/>), and the
/// degenerate cases — the ray through an edge or a vertex, or the point on the surface — are resolved by simulation of
/// simplicity: the point is treated as moved by (−δ, ε, ε²) with 0 &lt; δ, ε infinitesimal. Every triangle sees the same
/// perturbed point, so an edge shared by two triangles is crossed by exactly one of them and the parity is right for every
/// point off the surface, however close to it; points exactly on the surface are labelled consistently.</para>
/// <para>Fast: rays along x only need the triangles whose projection onto the (y, z) plane contains the point, so the
/// triangles are binned once into a uniform grid over that plane (a triangle in every cell its projected bounding box
/// touches); a query reads one cell's list and skips triangles wholly behind the point.</para>
/// </remarks>
public sealed class InsideTest
{
    private readonly double[] _vertices;
    private readonly int[] _triangles;
    private readonly double[] _maxX;
    private readonly int[] _cellStart, _cellTriangles;
    private readonly int _cells;
    private readonly double _y0, _z0, _yScale, _zScale;

    /// <summary>Bins the triangles of a closed mesh.</summary>
    public InsideTest(TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        _vertices = mesh.Vertices;
        _triangles = mesh.Triangles;
        int count = mesh.TriangleCount;
        (double[] min, double[] max) = mesh.Bounds();
        _cells = Math.Clamp((int)Math.Ceiling(Math.Sqrt(count)), 4, 512);
        (_y0, _z0) = (min[1], min[2]);
        _yScale = _cells / Math.Max(max[1] - min[1], 1e-300);
        _zScale = _cells / Math.Max(max[2] - min[2], 1e-300);

        _maxX = new double[count];
        var ranges = new (int Y0, int Y1, int Z0, int Z1)[count];
        var counts = new int[_cells * _cells + 1];
        for (int t = 0; t < count; t++)
        {
            double yMin = double.MaxValue, yMax = double.MinValue, zMin = double.MaxValue, zMax = double.MinValue, xMax = double.MinValue;
            for (int k = 0; k < 3; k++)
            {
                int v = 3 * _triangles[3 * t + k];
                xMax = Math.Max(xMax, _vertices[v]);
                (yMin, yMax) = (Math.Min(yMin, _vertices[v + 1]), Math.Max(yMax, _vertices[v + 1]));
                (zMin, zMax) = (Math.Min(zMin, _vertices[v + 2]), Math.Max(zMax, _vertices[v + 2]));
            }

            _maxX[t] = xMax;
            ranges[t] = (CellY(yMin), CellY(yMax), CellZ(zMin), CellZ(zMax));
            for (int cy = ranges[t].Y0; cy <= ranges[t].Y1; cy++)
            {
                for (int cz = ranges[t].Z0; cz <= ranges[t].Z1; cz++)
                {
                    counts[cy * _cells + cz + 1]++;
                }
            }
        }

        for (int c = 0; c < _cells * _cells; c++)
        {
            counts[c + 1] += counts[c];
        }

        _cellStart = counts;
        _cellTriangles = new int[counts[^1]];
        var fill = (int[])counts.Clone();
        for (int t = 0; t < count; t++)
        {
            for (int cy = ranges[t].Y0; cy <= ranges[t].Y1; cy++)
            {
                for (int cz = ranges[t].Z0; cz <= ranges[t].Z1; cz++)
                {
                    _cellTriangles[fill[cy * _cells + cz]++] = t;
                }
            }
        }
    }

    /// <summary>Whether (x, y, z) is inside the mesh.</summary>
    public bool Contains(double x, double y, double z)
    {
        // Cells are a candidate filter: floor is monotonic, so a triangle whose projected box holds the point is in its cell.
        double fy = (y - _y0) * _yScale, fz = (z - _z0) * _zScale;
        if (!(fy >= 0 && fy <= _cells && fz >= 0 && fz <= _cells))
        {
            return false; // beside the mesh's (y, z) extent: the ray meets nothing
        }

        int cell = Math.Min((int)fy, _cells - 1) * _cells + Math.Min((int)fz, _cells - 1);
        Span<double> p = [x, y, z];
        bool inside = false;
        for (int k = _cellStart[cell]; k < _cellStart[cell + 1]; k++)
        {
            int t = _cellTriangles[k];
            if (_maxX[t] < x)
            {
                continue; // wholly behind the point
            }

            if (Crosses(t, p))
            {
                inside = !inside;
            }
        }

        return inside;
    }

    /// <summary>Labels every point of <paramref name="points"/> (x, y, z per point; floats, as the network sees them): 1 inside, 0 outside.</summary>
    public void Label(ReadOnlySpan<float> points, Span<float> labels)
    {
        if (points.Length != 3 * labels.Length)
        {
            throw new ArgumentException($"points must hold 3 values per label: {3 * labels.Length}, not {points.Length}.", nameof(points));
        }

        float[] copy = points.ToArray();
        int count = labels.Length;
        float[] result = new float[count];
        // Points are independent: label them in parallel chunks.
        Parallel.For(0, (count + 4095) / 4096, chunk =>
        {
            int end = Math.Min(count, (chunk + 1) * 4096);
            for (int i = chunk * 4096; i < end; i++)
            {
                result[i] = Contains(copy[3 * i], copy[3 * i + 1], copy[3 * i + 2]) ? 1f : 0f;
            }
        });
        result.CopyTo(labels);
    }

    // Does the ray from the perturbed point along +x cross triangle t?
    private bool Crosses(int t, ReadOnlySpan<double> p)
    {
        ReadOnlySpan<double> a = _vertices.AsSpan(3 * _triangles[3 * t], 3);
        ReadOnlySpan<double> b = _vertices.AsSpan(3 * _triangles[3 * t + 1], 3);
        ReadOnlySpan<double> c = _vertices.AsSpan(3 * _triangles[3 * t + 2], 3);
        int s1 = Side(a, b, p);
        if (s1 == 0)
        {
            return false;
        }

        int s2 = Side(b, c, p);
        if (s2 != s1)
        {
            return false;
        }

        int s3 = Side(c, a, p);
        if (s3 != s1)
        {
            return false;
        }

        // The projection holds the point; its sign s1 is that of the triangle's normal's x-component n_x. The crossing is
        // at x = p.x − det[b−a; c−a; p−a]/n_x: ahead when det·n_x < 0; det = 0 (p on the plane) is ahead of p − δ·x̂.
        int det = ExactPredicates.Orient3D(a, b, c, p);
        return det * s1 <= 0;
    }

    // The side of edge e→f on which the point (perturbed by (ε, ε²) in y, z) projects: never 0 unless e and f project to one point.
    private static int Side(ReadOnlySpan<double> e, ReadOnlySpan<double> f, ReadOnlySpan<double> p)
    {
        int sign = ExactPredicates.Orient2D(e[1], e[2], f[1], f[2], p[1], p[2]);
        if (sign != 0)
        {
            return sign;
        }

        // (f.y − e.y)(p.z + ε² − e.z) − (f.z − e.z)(p.y + ε − e.y) = 0 − (f.z − e.z)·ε + (f.y − e.y)·ε².
        return f[2] != e[2] ? (f[2] > e[2] ? -1 : 1) : Math.Sign(f[1] - e[1]);
    }

    private int CellY(double y) => Math.Clamp((int)((y - _y0) * _yScale), 0, _cells - 1);

    private int CellZ(double z) => Math.Clamp((int)((z - _z0) * _zScale), 0, _cells - 1);
}
