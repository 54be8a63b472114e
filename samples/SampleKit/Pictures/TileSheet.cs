using SkiaSharp;

namespace SampleKit.Pictures;

/// <summary>One picture of a sheet with its label lines (the first bold).</summary>
public sealed record Tile(Raster Picture, IReadOnlyList<string> Labels);

/// <summary>
/// A sheet of labelled pictures in rows under a title: the samples' ground truth beside each mapping's result. Every
/// picture is scaled by one integer nearest-neighbour zoom (pixels stay sharp) into cells of the largest picture's size.
/// </summary>
public static class TileSheet
{
    private const int Margin = 16;
    private const int TitleHeight = 56;
    private const float LabelSize = 15;

    /// <summary>Draws the sheet and writes it as a PNG.</summary>
    /// <param name="path">The PNG to write.</param>
    /// <param name="title">The bold first line.</param>
    /// <param name="subtitle">The grey second line.</param>
    /// <param name="tiles">The pictures, in reading order.</param>
    /// <param name="columns">Pictures per row.</param>
    /// <param name="minCell">The zoom makes the largest picture at least this many pixels on its longer side.</param>
    public static void Save(string path, string title, string subtitle, IReadOnlyList<Tile> tiles, int columns, int minCell = 224)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (tiles.Count == 0)
        {
            throw new ArgumentException("a sheet needs at least one tile.", nameof(tiles));
        }

        columns = Math.Clamp(columns, 1, tiles.Count);
        int rows = (tiles.Count + columns - 1) / columns;
        int largestWidth = tiles.Max(t => t.Picture.Width), largestHeight = tiles.Max(t => t.Picture.Height);
        int zoom = Math.Max(1, (minCell + Math.Max(largestWidth, largestHeight) - 1) / Math.Max(largestWidth, largestHeight));
        int cellWidth = largestWidth * zoom, cellHeight = largestHeight * zoom;
        int labelLines = tiles.Max(t => t.Labels.Count);
        int labelHeight = (int)(LabelSize * 1.45f * labelLines) + 10;
        using var regular = new SKFont(ScottPlot.Fonts.GetTypeface(ScottPlot.Fonts.Sans, bold: false, italic: false), LabelSize);
        using var bold = new SKFont(ScottPlot.Fonts.GetTypeface(ScottPlot.Fonts.Sans, bold: true, italic: false), LabelSize);
        using var titleFont = new SKFont(ScottPlot.Fonts.GetTypeface(ScottPlot.Fonts.Sans, bold: true, italic: false), 19);
        float textWidth = Math.Max(titleFont.MeasureText(title), regular.MeasureText(subtitle)); // the sheet is as wide as its title
        int width = Math.Max(Margin + columns * (cellWidth + Margin), (int)Math.Ceiling(textWidth) + 2 * Margin);
        int height = TitleHeight + rows * (cellHeight + labelHeight + Margin);

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(80, 80, 80), IsAntialias = true };
        canvas.DrawText(title, Margin, 26, titleFont, ink);
        canvas.DrawText(subtitle, Margin, 47, regular, grey);

        for (int t = 0; t < tiles.Count; t++)
        {
            int x = Margin + t % columns * (cellWidth + Margin);
            int y = TitleHeight + t / columns * (cellHeight + labelHeight + Margin);
            Raster picture = tiles[t].Picture;
            using (SKBitmap bitmap = picture.ToBitmap())
            {
                using var image = SKImage.FromBitmap(bitmap);
                canvas.DrawImage(image, new SKRect(x, y, x + picture.Width * zoom, y + picture.Height * zoom), new SKSamplingOptions(SKFilterMode.Nearest));
            }

            for (int line = 0; line < tiles[t].Labels.Count; line++)
            {
                canvas.DrawText(tiles[t].Labels[line], x, y + cellHeight + LabelSize * (1.35f + 1.45f * line), line == 0 ? bold : regular, line == 0 ? ink : grey);
            }
        }

        PngFile.Save(surface, path);
    }
}
