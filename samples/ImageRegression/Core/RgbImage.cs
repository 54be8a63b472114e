using StbImageSharp;

namespace ImageRegression;

/// <summary>Thrown when an image file is missing or cannot be decoded; the message is one line for the user.</summary>
public sealed class ImageLoadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An RGB image with values in [0, 1], row-major, 3 floats per pixel (r, g, b).</summary>
public sealed class RgbImage
{
    /// <summary>Wraps <paramref name="pixels"/> (height × width × 3, row-major, values in [0, 1]).</summary>
    public RgbImage(int width, int height, float[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"pixels must hold {width}×{height}×3 values, not {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>r, g, b of each pixel, row by row.</summary>
    public float[] Pixels { get; }

    /// <summary>
    /// Loads a PNG or JPEG (or any format stb_image reads). Grayscale becomes three equal channels; an alpha channel
    /// is composited over white (transparent pixels' colours are often arbitrary). 8-bit values map to v/255.
    /// </summary>
    /// <exception cref="ImageLoadException">The file is missing, unreadable or not an image.</exception>
    public static RgbImage Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            string reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            throw new ImageLoadException($"cannot read image '{path}': {reason}", e);
        }

        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlueAlpha);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException or OverflowException)
        {
            throw new ImageLoadException($"cannot decode image '{path}': not a PNG or JPEG stb_image can read ({e.Message})", e);
        }

        if (image is null || image.Width <= 0 || image.Height <= 0 || image.Data is null)
        {
            throw new ImageLoadException($"cannot decode image '{path}': not a PNG or JPEG stb_image can read");
        }

        var pixels = new float[image.Width * image.Height * 3];
        byte[] rgba = image.Data;
        for (int p = 0; p < image.Width * image.Height; p++)
        {
            float alpha = rgba[4 * p + 3] / 255f;
            for (int c = 0; c < 3; c++)
            {
                pixels[3 * p + c] = alpha * (rgba[4 * p + c] / 255f) + (1 - alpha);
            }
        }

        return new RgbImage(image.Width, image.Height, pixels);
    }

    /// <summary>The largest centred square: side min(width, height), offset by half the excess on each axis.</summary>
    public RgbImage CenterCropSquare()
    {
        int side = Math.Min(Width, Height);
        int left = (Width - side) / 2, top = (Height - side) / 2;
        var crop = new float[side * side * 3];
        for (int y = 0; y < side; y++)
        {
            Pixels.AsSpan(((top + y) * Width + left) * 3, side * 3).CopyTo(crop.AsSpan(y * side * 3));
        }

        return new RgbImage(side, side, crop);
    }

    /// <summary>
    /// Resamples to <paramref name="width"/> × <paramref name="height"/>: area averaging (each target pixel the mean of
    /// the source area it covers) when shrinking an axis, bilinear interpolation between pixel centres when enlarging it.
    /// </summary>
    public RgbImage Resize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == Width && height == Height)
        {
            return new RgbImage(Width, Height, (float[])Pixels.Clone());
        }

        // Separable: columns first (Height rows of Width → width), then rows.
        (int[] xIndex, float[] xWeight, int xTaps) = Weights(Width, width);
        (int[] yIndex, float[] yWeight, int yTaps) = Weights(Height, height);
        var horizontal = new float[Height * width * 3];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float r = 0, g = 0, b = 0;
                for (int t = 0; t < xTaps; t++)
                {
                    float w = xWeight[x * xTaps + t];
                    int s = (y * Width + xIndex[x * xTaps + t]) * 3;
                    r += w * Pixels[s];
                    g += w * Pixels[s + 1];
                    b += w * Pixels[s + 2];
                }

                int d = (y * width + x) * 3;
                (horizontal[d], horizontal[d + 1], horizontal[d + 2]) = (r, g, b);
            }
        }

        var result = new float[height * width * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float r = 0, g = 0, b = 0;
                for (int t = 0; t < yTaps; t++)
                {
                    float w = yWeight[y * yTaps + t];
                    int s = (yIndex[y * yTaps + t] * width + x) * 3;
                    r += w * horizontal[s];
                    g += w * horizontal[s + 1];
                    b += w * horizontal[s + 2];
                }

                int d = (y * width + x) * 3;
                result[d] = Math.Clamp(r, 0f, 1f);
                result[d + 1] = Math.Clamp(g, 0f, 1f);
                result[d + 2] = Math.Clamp(b, 0f, 1f);
            }
        }

        return new RgbImage(width, height, result);
    }

    /// <summary>The centre square crop resized to <paramref name="size"/> × <paramref name="size"/>: the experiment's input.</summary>
    public RgbImage CropAndResize(int size) => CenterCropSquare().Resize(size, size);

    /// <summary>Per target pixel, the source indices and weights (a fixed number of taps, unused taps weigh 0).</summary>
    private static (int[] Index, float[] Weight, int Taps) Weights(int source, int target)
    {
        if (target > source)
        {
            // Bilinear between pixel centres: target centre (i + ½)·source/target − ½ in source pixels.
            var index = new int[target * 2];
            var weight = new float[target * 2];
            for (int i = 0; i < target; i++)
            {
                double position = Math.Clamp((i + 0.5) * source / target - 0.5, 0, source - 1);
                int left = (int)Math.Floor(position);
                int right = Math.Min(left + 1, source - 1);
                double fraction = position - left;
                (index[2 * i], index[2 * i + 1]) = (left, right);
                (weight[2 * i], weight[2 * i + 1]) = ((float)(1 - fraction), (float)fraction);
            }

            return (index, weight, 2);
        }

        // Area averaging: target pixel i covers source [i·s/t, (i+1)·s/t).
        double scale = (double)source / target;
        int taps = (int)Math.Ceiling(scale) + 1;
        var areaIndex = new int[target * taps];
        var areaWeight = new float[target * taps];
        for (int i = 0; i < target; i++)
        {
            double start = i * scale, end = (i + 1) * scale;
            int first = (int)Math.Floor(start);
            for (int t = 0; t < taps; t++)
            {
                int s = Math.Min(first + t, source - 1);
                double overlap = Math.Max(0, Math.Min(end, first + t + 1) - Math.Max(start, first + t));
                areaIndex[i * taps + t] = s;
                areaWeight[i * taps + t] = (float)(overlap / scale);
            }
        }

        return (areaIndex, areaWeight, taps);
    }
}
