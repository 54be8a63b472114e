using System.Globalization;
using SampleKit.Pictures;

namespace ShapeOccupancy.Output;

/// <summary>surfaces-SHAPE.png (the learned surfaces beside the ground truth) and slices-SHAPE.png (the z = ½ slice of each occupancy).</summary>
public static class OccupancySheets
{
    /// <summary>Writes both sheets for every shape that has runs; returns the paths.</summary>
    public static IReadOnlyList<string> SaveAll(OccupancyResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        var paths = new List<string>();
        OccupancyOptions options = result.Options;
        int g = options.RenderGrid, s = OccupancyExperiment.SliceSize;
        for (int index = 0; index < options.Items.Count; index++)
        {
            OccupancyRunOutcome[] runs = result.Runs.Where(r => r.Run.Item == index).ToArray();
            if (runs.Length == 0)
            {
                continue;
            }

            ShapeItem item = options.Items[index];
            string subtitle = $"rendered from each occupancy on a {g}³ grid (the ground truth's exact labels on the same grid); IoU on {options.TestPoints:N0} boundary / uniform test points";
            var surfaces = new List<Tile> { new(SurfaceRenderer.Render(result.TruthFields[index], g), ["ground truth", $"{item.Mesh.TriangleCount:N0} triangles, exact labels"]) };
            var slices = new List<Tile> { new(Raster.Gray(s, s, result.TruthSlices[index]), ["ground truth", "inside = white"]) };
            foreach (OccupancyRunOutcome run in runs)
            {
                string name = run.Record.Mapping + (run.Record.Seed == 0 ? "" : $" seed {run.Record.Seed}");
                string boundary = $"boundary IoU {Format(run.Record.Metrics["iouBoundary"])}", uniform = $"uniform IoU {Format(run.Record.Metrics["iouUniform"])}";
                surfaces.Add(new Tile(SurfaceRenderer.Render(run.RenderField, g), [name, boundary, uniform]));
                slices.Add(new Tile(Raster.Gray(s, s, run.Slice), [name, boundary, uniform]));
            }

            string surfacePath = Path.Combine(directory, $"surfaces-{item.Name}.png");
            TileSheet.Save(surfacePath, $"{item.Name}: the surfaces {{logit = 0}} learned in {options.Steps} steps of {options.Batch:N0} points", subtitle, surfaces, columns: 5);
            string slicePath = Path.Combine(directory, $"slices-{item.Name}.png");
            TileSheet.Save(slicePath, $"{item.Name}: occupancy probability on the slice z = ½ after {options.Steps} steps", "white = inside (probability 1), black = outside", slices, columns: 5);
            paths.Add(surfacePath);
            paths.Add(slicePath);
        }

        return paths;
    }

    private static string Format(double iou) => iou.ToString("F4", CultureInfo.InvariantCulture);
}
