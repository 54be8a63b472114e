using System.Globalization;
using SampleKit;
using SampleKit.Pictures;

namespace Mri3D.Output;

/// <summary>slices-ITEM.png: three orthogonal central slices of the phantom and of every run's reconstruction, and the k-space mask.</summary>
public static class SliceSheet
{
    /// <summary>Writes one sheet per item that has runs into <paramref name="directory"/>; returns the paths.</summary>
    public static IReadOnlyList<string> SaveAll(MriExperimentResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        var paths = new List<string>();
        int n = result.Options.Size;
        for (int index = 0; index < result.Options.Items.Count; index++)
        {
            FieldItem item = result.Options.Items[index];
            FieldRunOutcome[] runs = result.Runs.Where(r => r.Run.Item == index).ToArray();
            if (runs.Length == 0)
            {
                continue;
            }

            var tiles = new List<Tile>
            {
                new(Slices(item.Truth, n), ["ground truth", "slices y, x, z through the centre"]),
                new(Slices(Centred(result.Mask, n), n), ["k-space mask", $"{KSpaceMask.Coverage(result.Mask):P1} measured (centred view)"]),
            };
            foreach (FieldRunOutcome run in runs)
            {
                tiles.Add(new Tile(Slices(run.Field, n),
                    [run.Record.Mapping + (run.Record.Seed == 0 ? "" : $" seed {run.Record.Seed}"),
                     $"PSNR {run.Record.Metrics["psnr"].ToString("F2", CultureInfo.InvariantCulture)} dB"]));
            }

            string path = Path.Combine(directory, $"slices-{item.Name}.png");
            TileSheet.Save(path, $"{item.Name}: {n}³ volume reconstructed from its masked 3-D spectrum after {result.Options.Steps} Adam steps",
                "each network is queried on every voxel and trained through ½·mean|M·F₃f − M·F₃g|² and the adjoint FFT; PSNR over the whole volume",
                tiles, columns: 2, minCell: 384);
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>The three central slices side by side: [i = n/2, :, :], [:, j = n/2, :], [:, :, k = n/2].</summary>
    public static Raster Slices(ReadOnlySpan<float> volume, int n)
    {
        var values = new float[n * 3 * n];
        int c = n / 2;
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                values[a * 3 * n + b] = volume[(c * n + a) * n + b];
                values[a * 3 * n + n + b] = volume[(a * n + c) * n + b];
                values[a * 3 * n + 2 * n + b] = volume[(a * n + b) * n + c];
            }
        }

        return Raster.Gray(3 * n, n, values);
    }

    // The mask with the zero frequency moved back to the centre for display: mask[i] = centred[(i − ⌊n/2⌋) mod n].
    private static float[] Centred(bool[] mask, int n)
    {
        var centred = new float[mask.Length];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < n; k++)
                {
                    centred[(i * n + j) * n + k] = mask[(Unshift(i, n) * n + Unshift(j, n)) * n + Unshift(k, n)] ? 1 : 0;
                }
            }
        }

        return centred;
    }

    private static int Unshift(int m, int n) => (m + n / 2) % n;
}
