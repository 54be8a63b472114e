using SampleKit;
using ShapeOccupancy;
using Xunit.Abstractions;

namespace FourierGen.Tests.Samples;

/// <summary>
/// samples/ShapeOccupancy: the exact inside test against brute-force winding numbers next to the surface and on rays through
/// edges and vertices, mesh loading and its errors, the experiment end to end on a few steps, and the CLI.
/// </summary>
public class OccupancySampleTests(ITestOutputHelper output)
{
    /// <summary>The bunny the sample bundles, copied beside the test binaries.</summary>
    internal static string BundledMesh => Path.Combine(AppContext.BaseDirectory, "meshes", "bunny.obj");

    [Fact]
    public void LabelsAgreeWithBruteForceWindingNumbersWithin1e4OfTheSurface()
    {
        TriangleMesh mesh = TriangleMesh.LoadObj(BundledMesh).NormalizedToUnitCube();
        var inside = new InsideTest(mesh);
        var random = new Random(8);
        int checkedPoints = 0, insideCount = 0;
        for (int n = 0; n < 600; n++)
        {
            // A random point of a random triangle, moved off it along its normal by 1e-7 … 1e-4, to either side.
            int t = random.Next(mesh.TriangleCount);
            double[][] v = Enumerable.Range(0, 3).Select(k => mesh.Vertices.AsSpan(3 * mesh.Triangles[3 * t + k], 3).ToArray()).ToArray();
            double r1 = Math.Sqrt(random.NextDouble()), r2 = random.NextDouble();
            double[] normal = Normalize(Cross(Minus(v[1], v[0]), Minus(v[2], v[0])));
            double offset = Math.Pow(10, -7 + 3 * random.NextDouble()) * (random.Next(2) == 0 ? -1 : 1);
            double[] p = Enumerable.Range(0, 3).Select(a => (1 - r1) * v[0][a] + r1 * (1 - r2) * v[1][a] + r1 * r2 * v[2][a] + offset * normal[a]).ToArray();
            double winding = WindingNumber(mesh, p);
            Assert.True(Math.Abs(Math.Abs(winding) - Math.Round(Math.Abs(winding))) < 1e-6, $"winding number {winding} is not an integer at {string.Join(", ", p)}");
            bool expected = Math.Abs(winding) > 0.5;
            Assert.True(expected == inside.Contains(p[0], p[1], p[2]), $"point {string.Join(", ", p)} at {offset:E1} from triangle {t}: winding {winding:F6}, parity says {!expected}");
            checkedPoints++;
            insideCount += expected ? 1 : 0;
        }

        output.WriteLine($"{checkedPoints} points within 1e-4 of the surface, {insideCount} inside: all agree with the winding numbers");
        Assert.InRange(insideCount, 200, 400); // both sides are tested
    }

    [Fact]
    public void UniformPointsAgreeWithBruteForceWindingNumbers()
    {
        TriangleMesh mesh = TriangleMesh.LoadObj(BundledMesh).NormalizedToUnitCube();
        var inside = new InsideTest(mesh);
        var random = new Random(9);
        for (int n = 0; n < 300; n++)
        {
            double[] p = [random.NextDouble(), random.NextDouble(), random.NextDouble()];
            Assert.Equal(Math.Abs(WindingNumber(mesh, p)) > 0.5, inside.Contains(p[0], p[1], p[2]));
        }
    }

    [Fact]
    public void RaysThroughSharedEdgesAndVerticesCountOnce()
    {
        // A unit cube split into triangles along face diagonals, and an octahedron: rays along +x from points with (y, z)
        // exactly on a diagonal, an edge or a vertex's projection.
        var cube = new TriangleMesh(
            [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1],
            [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 3, 7, 6, 3, 6, 2, 0, 4, 7, 0, 7, 3, 1, 2, 6, 1, 6, 5]);
        var test = new InsideTest(cube);
        foreach (double t in new[] { 0.25, 0.5, 0.75, 1.0 / 3 })
        {
            Assert.True(test.Contains(0.5, t, t), $"(0.5, {t}, {t}) is inside the cube");
            Assert.True(test.Contains(0.5, t, 1 - t));
            Assert.False(test.Contains(-0.5, t, t), $"(−0.5, {t}, {t}) is outside: its ray crosses two faces through their diagonals");
            Assert.False(test.Contains(1.5, t, t));
            Assert.True(test.Contains(0.5, t, 0.5));
        }

        var octahedron = new TriangleMesh(
            [1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1],
            [0, 2, 4, 2, 1, 4, 1, 3, 4, 3, 0, 4, 2, 0, 5, 1, 2, 5, 3, 1, 5, 0, 3, 5]);
        var diamond = new InsideTest(octahedron);
        Assert.True(diamond.Contains(0, 0, 0), "the centre: the ray leaves through the vertex (1, 0, 0)");
        Assert.True(diamond.Contains(-0.99, 0, 0));
        Assert.False(diamond.Contains(-1.5, 0, 0), "the ray enters and leaves through the two x vertices");
        Assert.False(diamond.Contains(2, 0, 0));
        Assert.True(diamond.Contains(0.2, 0.3, 0), "on the projection of an edge");
        Assert.False(diamond.Contains(-2, 0.3, 0));
        Assert.True(diamond.Contains(0.1, 0, 0.5));
        Assert.False(diamond.Contains(0.6, 0, 0.5));
    }

    [Fact]
    public void MeshErrorsAreOneLine()
    {
        string folder = Directory.CreateTempSubdirectory("fg-mesh-").FullName;
        try
        {
            string open = Path.Combine(folder, "open.obj"), malformed = Path.Combine(folder, "bad.obj"), index = Path.Combine(folder, "index.obj"), empty = Path.Combine(folder, "empty.obj");
            File.WriteAllText(open, "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 2 3\nf 1 2 4\nf 1 3 4\n");
            File.WriteAllText(malformed, "v 0 0 zero\n");
            File.WriteAllText(index, "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n");
            File.WriteAllText(empty, "# nothing\nv 0 0 0\n");
            Assert.Contains("not closed: 3 edge(s)", Assert.Throws<InputFileException>(() => TriangleMesh.LoadObj(open)).Message);
            Assert.Contains("line 1", Assert.Throws<InputFileException>(() => TriangleMesh.LoadObj(malformed)).Message);
            Assert.Contains("vertex 9 does not exist", Assert.Throws<InputFileException>(() => TriangleMesh.LoadObj(index)).Message);
            Assert.Contains("no faces", Assert.Throws<InputFileException>(() => TriangleMesh.LoadObj(empty)).Message);
            Assert.Contains("no such file", Assert.Throws<InputFileException>(() => TriangleMesh.LoadObj(Path.Combine(folder, "missing.obj"))).Message);

            // Quads, v/t/n references and negative indices load (a closed tetrahedron, the last face written relatively).
            string tetra = Path.Combine(folder, "tetra.obj");
            File.WriteAllText(tetra, "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nvn 0 0 1\nf 1//1 3//1 2//1\nf 1 2 4\nf 1 4 3\nf -3 -2 -1\n");
            TriangleMesh mesh = TriangleMesh.LoadObj(tetra).NormalizedToUnitCube();
            Assert.Equal(4, mesh.TriangleCount);
            Assert.True(new InsideTest(mesh).Contains(0.45, 0.45, 0.45));
            SampleProcess.AssertOneLineError("ShapeOccupancy", $"--mesh \"{open}\" --steps 1");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void NormalizationPutsTheVertexMeanAtTheCentreOfTheUnitCube()
    {
        TriangleMesh mesh = TriangleMesh.LoadObj(BundledMesh).NormalizedToUnitCube();
        (double[] min, double[] max) = mesh.Bounds();
        Assert.All(min, v => Assert.InRange(v, 0, 1));
        Assert.All(max, v => Assert.InRange(v, 0, 1));
        Assert.True(min.Min() < 1e-12 || max.Max() > 1 - 1e-12, "the largest |coordinate| touches a face");
        for (int axis = 0; axis < 3; axis++)
        {
            Assert.Equal(0.5, Enumerable.Range(0, mesh.VertexCount).Average(i => mesh.Vertices[3 * i + axis]), 12);
        }
    }

    [Fact]
    public void EveryMappingTrainsEndToEndForAFewSteps()
    {
        var reports = new List<RunProgress>();
        var options = new OccupancyOptions
        {
            Items = [OccupancyExperiment.LoadShape(BundledMesh)],
            Steps = 3,
            Batch = 256,
            TestPoints = 1024,
            RenderGrid = 12,
            Threads = 2,
            CurvePoints = 2,
        };

        OccupancyResult result = OccupancyExperiment.Run(options, new ListProgress<RunProgress>(reports));

        Assert.Equal(["none", "basic", "posenc:6", "gauss:12"], result.Runs.Select(r => r.Record.Mapping));
        foreach (OccupancyRunOutcome run in result.Runs)
        {
            output.WriteLine($"{run.Record.Mapping}: IoU boundary {run.Record.Metrics["iouBoundary"]:F4}, uniform {run.Record.Metrics["iouUniform"]:F4}, loss {run.Record.Metrics["loss"]:F4}");
            Assert.InRange(run.Record.Metrics["iouBoundary"], 0, 1);
            Assert.InRange(run.Record.Metrics["iouUniform"], 0, 1);
            Assert.InRange(run.Record.Metrics["loss"], 0.05, 5); // binary cross-entropy of a barely trained network
            Assert.Equal(12 * 12 * 12, run.RenderField.Length);
            Assert.All(run.Slice, v => Assert.InRange(v, 0f, 1f));
            Assert.Equal([0, 2, 3], run.Record.Curve.Select(p => p.Step));
        }

        Assert.Equal(4, reports.Count(p => p.Phase == RunPhase.Done));
        string folder = Directory.CreateTempSubdirectory("fg-occ-").FullName;
        try
        {
            IReadOnlyList<string> sheets = ShapeOccupancy.Output.OccupancySheets.SaveAll(result, folder);
            Assert.Equal(2, sheets.Count);
            Assert.All(sheets, SampleProcess.AssertPng);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void IouCountsTheIntersectionOverTheUnion()
    {
        Assert.Equal(1.0 / 3, OccupancyExperiment.Iou([1, 1, -1, -1], [1, 0, 1, 0]), 12);
        Assert.Equal(1, OccupancyExperiment.Iou([-1, -2], [0, 0]));
    }

    [Theory]
    [InlineData("--mesh /nonexistent/dragon.obj")]
    [InlineData("--mappings gridopt")]
    [InlineData("--batch 0")]
    [InlineData("--render-grid 1000")]
    [InlineData("--shard 9/3")]
    public void TheCliRejectsBadInputWithOneLine(string arguments) => SampleProcess.AssertOneLineError("ShapeOccupancy", arguments);

    [Fact]
    public void TheCliDocumentsEveryOptionAndMerge() =>
        SampleProcess.AssertHelpNames("ShapeOccupancy", "--mesh", "--steps", "--batch", "--test-points", "--mappings", "--seeds", "--lr", "--protocol", "--threads", "--render-grid", "--out", "--shard", "--checkpoint-every", "merge");

    /// <summary>The generalised winding number Σ Ω_t(p)/4π, each triangle's solid angle by Van Oosterom and Strackee's formula.</summary>
    private static double WindingNumber(TriangleMesh mesh, double[] p)
    {
        double sum = 0;
        for (int t = 0; t < mesh.TriangleCount; t++)
        {
            double[] a = Minus(mesh.Vertices.AsSpan(3 * mesh.Triangles[3 * t], 3).ToArray(), p);
            double[] b = Minus(mesh.Vertices.AsSpan(3 * mesh.Triangles[3 * t + 1], 3).ToArray(), p);
            double[] c = Minus(mesh.Vertices.AsSpan(3 * mesh.Triangles[3 * t + 2], 3).ToArray(), p);
            double la = Length(a), lb = Length(b), lc = Length(c);
            double numerator = Dot(a, Cross(b, c));
            double denominator = la * lb * lc + Dot(a, b) * lc + Dot(b, c) * la + Dot(c, a) * lb;
            sum += 2 * Math.Atan2(numerator, denominator);
        }

        return sum / (4 * Math.PI);
    }

    private static double[] Minus(double[] a, double[] b) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

    private static double[] Cross(double[] a, double[] b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

    private static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

    private static double Length(double[] a) => Math.Sqrt(Dot(a, a));

    private static double[] Normalize(double[] a) => [a[0] / Length(a), a[1] / Length(a), a[2] / Length(a)];
}
