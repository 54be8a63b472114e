using System.Globalization;
using SampleKit.Pictures;
using SkiaSharp;

namespace ImageRegression.Output;

/// <summary>reconstructions.png: the ground truth and every mapping's prediction of the full image, side by side and labelled.</summary>
public static class ReconstructionSheet
{
    private const int MinTile = 256;
    private const int MaxColumns = 5;
    private const int Margin = 16;
    private const int TitleHeight = 56;
    private const float LabelSize = 15;

    /// <summary>Draws the sheet and writes it as PNG.</summary>
    public static void Save(ExperimentRun run, string path)
    {
        ArgumentNullException.ThrowIfNull(run);
        ExperimentResult result = run.Result;
        int n = run.GroundTruth.Width;
        int zoom = Math.Max(1, (MinTile + n - 1) / n); // integer nearest-neighbour zoom, so pixels stay sharp
        int tile = n * zoom;
        int tiles = 1 + run.Reconstructions.Count;
        int rows = (tiles + MaxColumns - 1) / MaxColumns; // balanced rows of at most five tiles
        int columns = (tiles + rows - 1) / rows;
        bool ntk = result.Results.Any(r => r.NtkTestPsnr is not null);
        int labelHeight = (int)(LabelSize * 1.45f * (ntk ? 3 : 2)) + 10;
        int width = Margin + columns * (tile + Margin);
        int height = TitleHeight + rows * (tile + labelHeight + Margin);

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var regular = new SKFont(ScottPlot.Fonts.GetTypeface(ScottPlot.Fonts.Sans, bold: false, italic: false), LabelSize);
        using var bold = new SKFont(ScottPlot.Fonts.GetTypeface(ScottPlot.Fonts.Sans, bold: true, italic: false), LabelSize);
        using var titleFont = new SKFont(ScottPlot.Fonts.GetTypeface(ScottPlot.Fonts.Sans, bold: true, italic: false), 19);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(80, 80, 80), IsAntialias = true };

        string protocol = result.Protocol == "paper" ? "train on pixels [::2, ::2], test on [1::2, 1::2]" : "train on pixels [::2, ::2], test on every pixel";
        canvas.DrawText($"{Path.GetFileName(result.Image)}, {n}×{n}: each network's prediction of every pixel after {result.Steps} full-batch Adam steps",
            Margin, 26, titleFont, ink);
        canvas.DrawText($"{protocol}; PSNR in dB", Margin, 47, regular, grey);

        for (int t = 0; t < tiles; t++)
        {
            int x = Margin + t % columns * (tile + Margin);
            int y = TitleHeight + t / columns * (tile + labelHeight + Margin);
            RgbImage image = t == 0 ? run.GroundTruth : run.Reconstructions[t - 1];
            using (SKBitmap bitmap = ToBitmap(image))
            {
                using var sampled = SKImage.FromBitmap(bitmap);
                canvas.DrawImage(sampled, new SKRect(x, y, x + tile, y + tile), new SKSamplingOptions(SKFilterMode.Nearest));
            }

            float line = y + tile + LabelSize * 1.35f;
            if (t == 0)
            {
                canvas.DrawText("ground truth", x, line, bold, ink);
                canvas.DrawText($"{result.TrainPoints:N0} train / {result.TestPoints:N0} test pixels", x, line + LabelSize * 1.45f, regular, grey);
                continue;
            }

            MappingResult r = result.Results[t - 1];
            canvas.DrawText(MappingSpec.Parse(r.Mapping).DisplayName, x, line, bold, ink);
            canvas.DrawText($"test {Format(r.TestPsnr)}   train {Format(r.TrainPsnr)}", x, line + LabelSize * 1.45f, regular, ink);
            if (r.NtkTestPsnr is double ntkPsnr)
            {
                canvas.DrawText($"NTK regression: test {Format(ntkPsnr)}", x, line + 2 * LabelSize * 1.45f, regular, grey);
            }
        }

        PngFile.Save(surface, path);
    }

    private static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var bytes = new byte[image.Width * image.Height * 4];
        for (int p = 0; p < image.Width * image.Height; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                bytes[4 * p + c] = (byte)Math.Round(Math.Clamp(image.Pixels[3 * p + c], 0f, 1f) * 255f);
            }

            bytes[4 * p + 3] = 255;
        }

        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        return bitmap;
    }

    private static string Format(double psnr) => psnr.ToString("0.00", CultureInfo.InvariantCulture);
}
