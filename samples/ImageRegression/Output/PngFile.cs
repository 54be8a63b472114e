using SkiaSharp;

namespace ImageRegression.Output;

/// <summary>Writes a drawn surface as a PNG, compressed as hard as zlib goes (the pictures are small enough to keep).</summary>
internal static class PngFile
{
    public static void Save(SKSurface surface, string path)
    {
        using SKImage snapshot = surface.Snapshot();
        using SKPixmap pixmap = snapshot.PeekPixels();
        using SKData png = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 9))
            ?? throw new IOException($"PNG encoding failed for {path}.");
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }
}
