using SkiaSharp;

namespace ImageRegression;

/// <summary>
/// The paper's Text dataset, generated: lines of random strings in random fonts, sizes and dark colours on white. One seed
/// gives one image, the same on every machine (the fonts ship in <c>fonts/</c>, the draws come from a seeded
/// <see cref="Random"/>).
/// </summary>
public static class TextImage
{
    /// <summary>The side the text is drawn at before the experiment resizes it (area averaging keeps the strokes' anti-aliasing).</summary>
    public const int DrawSize = 512;

    /// <summary>The bundled font files, in the order a draw picks from.</summary>
    public static readonly IReadOnlyList<string> FontFiles = ["DejaVuSans.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSerif-Italic.ttf"];

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The name of the text image of <paramref name="seed"/> in results and pictures.</summary>
    public static string Name(int seed) => $"text-{seed}";

    /// <summary>
    /// Draws the text image of <paramref name="seed"/> at <see cref="DrawSize"/>²: 6 to 10 lines top to bottom, each a random
    /// string of 4 to 14 letters and digits in one of the bundled fonts, 28 to 96 pixels high, in a random dark colour
    /// (each channel uniform in [0, 0.5)), starting at a random indent.
    /// </summary>
    /// <param name="seed">Which image.</param>
    /// <param name="fontDirectory">The folder holding <see cref="FontFiles"/> (the sample's <c>fonts/</c>, copied next to it on build).</param>
    /// <exception cref="ImageLoadException">A font file is missing or unreadable.</exception>
    public static RgbImage Generate(int seed, string fontDirectory)
    {
        ArgumentNullException.ThrowIfNull(fontDirectory);
        SKTypeface[] faces = FontFiles.Select(f => LoadFace(Path.Combine(fontDirectory, f))).ToArray();
        try
        {
            var random = new Random(seed);
            using var surface = SKSurface.Create(new SKImageInfo(DrawSize, DrawSize, SKColorType.Rgba8888, SKAlphaType.Premul));
            SKCanvas canvas = surface.Canvas;
            canvas.Clear(SKColors.White);
            int lines = random.Next(6, 11);
            float baseline = 0;
            for (int line = 0; line < lines; line++)
            {
                float size = 28 + (float)random.NextDouble() * 68;
                baseline += size * (0.9f + 0.3f * (float)random.NextDouble());
                if (baseline > DrawSize + size * 0.2f)
                {
                    break;
                }

                string text = new(Enumerable.Range(0, random.Next(4, 15)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
                using var font = new SKFont(faces[random.Next(faces.Length)], size) { Edging = SKFontEdging.Antialias };
                var colour = new SKColor((byte)random.Next(128), (byte)random.Next(128), (byte)random.Next(128));
                using var paint = new SKPaint { Color = colour, IsAntialias = true };
                float indent = (float)(random.NextDouble() * 0.3 - 0.05) * DrawSize;
                canvas.DrawText(text, indent, baseline, font, paint);
            }

            return ToRgb(surface);
        }
        finally
        {
            foreach (SKTypeface face in faces)
            {
                face.Dispose();
            }
        }
    }

    private static SKTypeface LoadFace(string path) =>
        File.Exists(path) ? SKTypeface.FromFile(path) ?? throw new ImageLoadException($"cannot read font '{path}': not a TrueType font SkiaSharp can load")
            : throw new ImageLoadException($"cannot read font '{path}': no such file (the text dataset needs the sample's fonts/ folder)");

    private static RgbImage ToRgb(SKSurface surface)
    {
        using SKImage snapshot = surface.Snapshot();
        using SKPixmap pixmap = snapshot.PeekPixels();
        var pixels = new float[DrawSize * DrawSize * 3];
        ReadOnlySpan<byte> bytes = pixmap.GetPixelSpan();
        for (int p = 0; p < DrawSize * DrawSize; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                pixels[3 * p + c] = bytes[4 * p + c] / 255f; // opaque white background: premultiplied equals straight
            }
        }

        return new RgbImage(DrawSize, DrawSize, pixels);
    }
}
