using System.Runtime.InteropServices;
using SkiaSharp;

namespace SampleKit.Pictures;

/// <summary>An RGB picture with values in [0, 1], row-major, 3 floats per pixel: what a sheet's tile shows.</summary>
public sealed class Raster
{
    /// <summary>Wraps <paramref name="rgb"/> (height × width × 3).</summary>
    public Raster(int width, int height, float[] rgb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"rgb must hold {width}×{height}×3 values, not {rgb.Length}.", nameof(rgb));
        }

        (Width, Height, Rgb) = (width, height, rgb);
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>r, g, b per pixel, row by row.</summary>
    public float[] Rgb { get; }

    /// <summary>A grayscale picture: value v shows as (v − low)/(high − low), clipped.</summary>
    public static Raster Gray(int width, int height, ReadOnlySpan<float> values, float low = 0, float high = 1)
    {
        if (values.Length != checked(width * height))
        {
            throw new ArgumentException($"values must hold {width}×{height} values, not {values.Length}.", nameof(values));
        }

        var rgb = new float[values.Length * 3];
        float scale = high > low ? 1 / (high - low) : 1;
        for (int p = 0; p < values.Length; p++)
        {
            float v = Math.Clamp((values[p] - low) * scale, 0, 1);
            rgb[3 * p] = rgb[3 * p + 1] = rgb[3 * p + 2] = v;
        }

        return new Raster(width, height, rgb);
    }

    /// <summary>An SKBitmap of the picture (8 bits per channel, opaque); the caller disposes it.</summary>
    public SKBitmap ToBitmap()
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var bytes = new byte[Width * Height * 4];
        for (int p = 0; p < Width * Height; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                bytes[4 * p + c] = (byte)Math.Round(Math.Clamp(Rgb[3 * p + c], 0f, 1f) * 255f);
            }

            bytes[4 * p + 3] = 255;
        }

        Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        return bitmap;
    }
}
