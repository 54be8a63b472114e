using StbImageSharp;

namespace SampleKit;

/// <summary>Thrown when an input file is missing or cannot be decoded; the message is one line for the user.</summary>
public sealed class InputFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Grayscale images as square fields in [0, 1]: loading any image file, and the paper's area resize.</summary>
public static class GrayImage
{
    /// <summary>
    /// Loads a PNG or JPEG (anything stb_image reads) as gray values in [0, 1] (colour becomes its luma; alpha is composited over
    /// black, the empty background of a scan), centre-crops it to a square and resizes it to <paramref name="size"/>².
    /// </summary>
    /// <exception cref="InputFileException">Missing, unreadable or not an image.</exception>
    public static float[] LoadSquare(string path, int size)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InputFileException($"cannot read image '{path}': {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}", e);
        }

        ImageResult? image;
        try
        {
            image = ImageResult.FromMemory(bytes, ColorComponents.GreyAlpha);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException or OverflowException)
        {
            throw new InputFileException($"cannot decode image '{path}': not a PNG or JPEG stb_image can read", e);
        }

        if (image is null || image.Width <= 0 || image.Height <= 0 || image.Data is null)
        {
            throw new InputFileException($"cannot decode image '{path}': not a PNG or JPEG stb_image can read");
        }

        int side = Math.Min(image.Width, image.Height);
        int left = (image.Width - side) / 2, top = (image.Height - side) / 2;
        var square = new float[side * side];
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                int p = (top + y) * image.Width + left + x;
                square[y * side + x] = image.Data[2 * p] / 255f * (image.Data[2 * p + 1] / 255f);
            }
        }

        return Resize(square, side, size);
    }

    /// <summary>
    /// The paper's resize (its notebooks' area resize): each target pixel is the overlap-weighted mean of the source pixels
    /// its interval covers, per axis — block means when shrinking, piecewise-constant copies when enlarging.
    /// </summary>
    public static float[] Resize(float[] square, int side, int size)
    {
        ArgumentNullException.ThrowIfNull(square);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (square.Length != side * side)
        {
            throw new ArgumentException($"the image must hold {side}² values.", nameof(square));
        }

        (int[] first, double[][] weights) = OverlapWeights(side, size);
        var rows = new double[side * size];
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double sum = 0;
                for (int k = 0; k < weights[x].Length; k++)
                {
                    sum += weights[x][k] * square[y * side + first[x] + k];
                }

                rows[y * size + x] = sum;
            }
        }

        var result = new float[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double sum = 0;
                for (int k = 0; k < weights[y].Length; k++)
                {
                    sum += weights[y][k] * rows[(first[y] + k) * size + x];
                }

                result[y * size + x] = (float)Math.Clamp(sum, 0, 1);
            }
        }

        return result;
    }

    /// <summary>Per target pixel, the first source pixel it overlaps and the overlap weights from there (summing to 1).</summary>
    private static (int[] First, double[][] Weights) OverlapWeights(int source, int target)
    {
        var first = new int[target];
        var weights = new double[target][];
        for (int t = 0; t < target; t++)
        {
            double low = (double)t * source / target, high = (double)(t + 1) * source / target;
            first[t] = (int)Math.Floor(low);
            int last = Math.Min(source, (int)Math.Ceiling(high));
            weights[t] = new double[last - first[t]];
            for (int s = first[t]; s < last; s++)
            {
                weights[t][s - first[t]] = (Math.Min(high, s + 1) - Math.Max(low, s)) / (high - low);
            }
        }

        return (first, weights);
    }
}
