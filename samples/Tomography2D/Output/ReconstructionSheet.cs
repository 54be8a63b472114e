using System.Globalization;
using SampleKit;
using SampleKit.Pictures;

namespace Tomography2D.Output;

/// <summary>reconstructions-ITEM.png: the phantom, its 20-projection sinogram and every run's reconstruction of it, labelled.</summary>
public static class ReconstructionSheet
{
    /// <summary>Writes one sheet per item that has runs into <paramref name="directory"/>; returns the paths.</summary>
    public static IReadOnlyList<string> SaveAll(CtExperimentResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        var paths = new List<string>();
        ReconstructionOptions options = result.Options;
        int n = options.Size;
        for (int index = 0; index < options.Items.Count; index++)
        {
            FieldItem item = options.Items[index];
            FieldRunOutcome[] runs = result.Runs.Where(r => r.Run.Item == index).ToArray();
            if (runs.Length == 0)
            {
                continue;
            }

            double[] sinogram = result.Sinograms[index];
            var tiles = new List<Tile>
            {
                new(Raster.Gray(n, n, item.Truth), ["ground truth", $"{n}×{n} pixels"]),
                new(Sinogram(sinogram, ParallelProjection.PaperAngles, n), ["measurements", $"{ParallelProjection.PaperAngles} projections (rows) × {n}"]),
            };
            foreach (FieldRunOutcome run in runs)
            {
                tiles.Add(new Tile(Raster.Gray(n, n, run.Field),
                    [run.Record.Mapping + (run.Record.Seed == 0 ? "" : $" seed {run.Record.Seed}"),
                     $"PSNR {run.Record.Metrics["psnr"].ToString("F2", CultureInfo.InvariantCulture)} dB"]));
            }

            string path = Path.Combine(directory, $"reconstructions-{item.Name}.png");
            TileSheet.Save(path, $"{item.Name}: reconstructions from {ParallelProjection.PaperAngles} parallel projections after {options.Steps} Adam steps",
                "each network is queried on every pixel and trained through the projection loss ½·mean((P f − P gt)²); PSNR against the phantom",
                tiles, columns: Math.Min(tiles.Count, 4));
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>The sinogram as a picture: each projection a band of rows (so 20 projections fill a square tile), scaled to its maximum.</summary>
    private static Raster Sinogram(double[] sinogram, int angles, int n)
    {
        int band = Math.Max(1, n / angles);
        double max = Math.Max(1e-12, sinogram.Max());
        var values = new float[angles * band * n];
        for (int k = 0; k < angles; k++)
        {
            for (int r = 0; r < band; r++)
            {
                for (int j = 0; j < n; j++)
                {
                    values[(k * band + r) * n + j] = (float)(sinogram[k * n + j] / max);
                }
            }
        }

        return Raster.Gray(n, angles * band, values);
    }
}
