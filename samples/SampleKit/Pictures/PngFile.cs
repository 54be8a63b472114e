using SkiaSharp;

namespace SampleKit.Pictures;

/// <summary>Writes a drawn surface as a PNG (zlib level 9: the sheets are kept in the repository's docs).</summary>
public static class PngFile
{
    /// <summary>Encodes <paramref name="surface"/> and writes it to <paramref name="path"/>.</summary>
    public static void Save(SKSurface surface, string path)
    {
        ArgumentNullException.ThrowIfNull(surface);
        using SKImage snapshot = surface.Snapshot();
        using SKPixmap pixmap = snapshot.PeekPixels();
        using SKData png = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 9))
            ?? throw new IOException($"PNG encoding failed for {path}.");
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }
}
