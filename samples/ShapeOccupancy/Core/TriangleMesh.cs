using System.Globalization;
using SampleKit;

namespace ShapeOccupancy;

/// <summary>
/// A closed triangle mesh: vertices (x, y, z per vertex) and triangles (three vertex indices each). Loaded from OBJ,
/// checked to be closed (every edge shared by exactly two triangles), then placed in the unit cube as the paper does.
/// </summary>
public sealed class TriangleMesh
{
    /// <summary>Wraps vertices and triangles (checked: indices in range, the surface closed).</summary>
    /// <exception cref="InputFileException">An index is out of range or the surface is not closed.</exception>
    public TriangleMesh(double[] vertices, int[] triangles, string name = "mesh")
    {
        ArgumentNullException.ThrowIfNull(vertices);
        ArgumentNullException.ThrowIfNull(triangles);
        if (vertices.Length % 3 != 0 || triangles.Length % 3 != 0 || triangles.Length == 0)
        {
            throw new InputFileException($"{name}: a mesh needs vertices (3 coordinates each) and at least one triangle.");
        }

        int vertexCount = vertices.Length / 3;
        if (triangles.FirstOrDefault(i => i < 0 || i >= vertexCount, -1) is var bad && bad != -1)
        {
            throw new InputFileException($"{name}: a face refers to vertex {bad + 1}, but there are {vertexCount} vertices.");
        }

        if (vertices.Any(v => !double.IsFinite(v)))
        {
            throw new InputFileException($"{name}: a vertex coordinate is not a finite number.");
        }

        Vertices = vertices;
        Triangles = triangles;
        Name = name;
        CheckClosed();
    }

    /// <summary>x, y, z of each vertex.</summary>
    public double[] Vertices { get; }

    /// <summary>Three vertex indices per triangle.</summary>
    public int[] Triangles { get; }

    /// <summary>The mesh's name (its file name).</summary>
    public string Name { get; }

    /// <summary>Vertices.</summary>
    public int VertexCount => Vertices.Length / 3;

    /// <summary>Triangles.</summary>
    public int TriangleCount => Triangles.Length / 3;

    /// <summary>
    /// Loads an OBJ file: <c>v x y z</c> and <c>f i j k …</c> lines (1-based or negative indices, <c>i/t/n</c> forms; polygons
    /// are fanned into triangles); other statements (normals, texture coordinates, groups, materials) are ignored.
    /// </summary>
    /// <exception cref="InputFileException">Missing, unreadable, malformed, or not a closed surface; the message is one line.</exception>
    public static TriangleMesh LoadObj(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InputFileException($"cannot read mesh '{path}': {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}", e);
        }

        var vertices = new List<double>();
        var triangles = new List<int>();
        for (int number = 1; number <= lines.Length; number++)
        {
            string line = lines[number - 1];
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            string[] parts = (hash >= 0 ? line[..hash] : line).Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts[0] == "v")
            {
                if (parts.Length < 4)
                {
                    throw Malformed(path, number, "a vertex needs x, y and z");
                }

                for (int c = 1; c <= 3; c++)
                {
                    if (!double.TryParse(parts[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                    {
                        throw Malformed(path, number, $"'{parts[c]}' is not a number");
                    }

                    vertices.Add(value);
                }
            }
            else if (parts[0] == "f")
            {
                if (parts.Length < 4)
                {
                    throw Malformed(path, number, "a face needs at least three vertices");
                }

                int count = vertices.Count / 3;
                var face = new int[parts.Length - 1];
                for (int k = 0; k < face.Length; k++)
                {
                    string reference = parts[k + 1].Split('/')[0];
                    if (!int.TryParse(reference, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int index) || index == 0)
                    {
                        throw Malformed(path, number, $"'{parts[k + 1]}' is not a vertex index");
                    }

                    face[k] = index > 0 ? index - 1 : count + index; // negative: relative to the vertices read so far
                    if (face[k] < 0 || face[k] >= count)
                    {
                        throw Malformed(path, number, $"vertex {index} does not exist (there are {count} so far)");
                    }
                }

                for (int k = 1; k + 1 < face.Length; k++)
                {
                    triangles.AddRange([face[0], face[k], face[k + 1]]);
                }
            }
        }

        if (triangles.Count == 0)
        {
            throw new InputFileException($"mesh '{path}' has no faces: an OBJ with 'v' and 'f' lines is expected.");
        }

        return new TriangleMesh(vertices.ToArray(), triangles.ToArray(), Path.GetFileName(path));
    }

    /// <summary>
    /// The paper's placement (its notebook's <c>recenter_mesh</c>): the vertex mean moved to the origin, scaled by the largest
    /// |coordinate| into [−1, 1]³, then mapped to [0, 1]³ — the vertex mean lands at (½, ½, ½).
    /// </summary>
    public TriangleMesh NormalizedToUnitCube()
    {
        var v = (double[])Vertices.Clone();
        for (int axis = 0; axis < 3; axis++)
        {
            double mean = 0;
            for (int i = axis; i < v.Length; i += 3)
            {
                mean += v[i];
            }

            mean /= VertexCount;
            for (int i = axis; i < v.Length; i += 3)
            {
                v[i] -= mean;
            }
        }

        double largest = v.Max(Math.Abs);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = 0.5 * (v[i] / largest + 1);
        }

        return new TriangleMesh(v, Triangles, Name);
    }

    /// <summary>The smallest and largest coordinate per axis.</summary>
    public (double[] Min, double[] Max) Bounds()
    {
        double[] min = [double.MaxValue, double.MaxValue, double.MaxValue], max = [double.MinValue, double.MinValue, double.MinValue];
        for (int i = 0; i < Vertices.Length; i++)
        {
            min[i % 3] = Math.Min(min[i % 3], Vertices[i]);
            max[i % 3] = Math.Max(max[i % 3], Vertices[i]);
        }

        return (min, max);
    }

    private void CheckClosed()
    {
        // Closed: every undirected edge borders an even number of triangles (two on a manifold); a boundary edge borders one.
        // That is exactly what ray parity needs: a ray leaving through any edge crosses the surface consistently.
        var edges = new Dictionary<long, int>();
        for (int t = 0; t < TriangleCount; t++)
        {
            for (int e = 0; e < 3; e++)
            {
                int a = Triangles[3 * t + e], b = Triangles[3 * t + (e + 1) % 3];
                long key = ((long)Math.Min(a, b) << 32) | (uint)Math.Max(a, b);
                edges[key] = edges.GetValueOrDefault(key) + 1;
            }
        }

        int open = edges.Values.Count(c => c % 2 == 1);
        if (open > 0)
        {
            throw new InputFileException($"{Name} is not closed: {open} edge(s) border an odd number of triangles (inside and outside are undefined for an open surface).");
        }
    }

    private static InputFileException Malformed(string path, int line, string what) => new($"mesh '{path}', line {line}: {what}.");
}
