using FourierGen.Kernels;

namespace ImageRegression;

/// <summary>Which pixels train and which test.</summary>
public enum Protocol
{
    /// <summary>The paper's: train on pixels [::2, ::2], test on [1::2, 1::2] (held-out pixels between the training ones).</summary>
    Paper,

    /// <summary>The paper's demo notebook: train on [::2, ::2], test on every pixel of the image.</summary>
    Demo,
}

/// <summary>
/// An image as regression data: coordinates (x, y) in [0, 1) — pixel index / size, the paper's
/// <c>linspace(0, 1, size, endpoint=False)</c> — and RGB targets, split by a <see cref="Protocol"/>.
/// </summary>
public sealed class PixelSplit
{
    private PixelSplit(int size, Protocol protocol, float[] allX, float[] allY, float[] trainX, float[] trainY, float[] testX, float[] testY)
    {
        Size = size;
        Protocol = protocol;
        AllX = allX;
        AllY = allY;
        TrainX = trainX;
        TrainY = trainY;
        TestX = testX;
        TestY = testY;
    }

    /// <summary>The image's side in pixels.</summary>
    public int Size { get; }

    /// <summary>Which pixels test.</summary>
    public Protocol Protocol { get; }

    /// <summary>Every pixel's coordinate, row-major (2 floats per pixel): what a reconstruction predicts.</summary>
    public float[] AllX { get; }

    /// <summary>Every pixel's RGB, row-major.</summary>
    public float[] AllY { get; }

    /// <summary>Training coordinates, 2 per point.</summary>
    public float[] TrainX { get; }

    /// <summary>Training RGB, 3 per point.</summary>
    public float[] TrainY { get; }

    /// <summary>Test coordinates, 2 per point.</summary>
    public float[] TestX { get; }

    /// <summary>Test RGB, 3 per point.</summary>
    public float[] TestY { get; }

    /// <summary>Training points.</summary>
    public int TrainCount => TrainX.Length / 2;

    /// <summary>Test points.</summary>
    public int TestCount => TestX.Length / 2;

    /// <summary>The training pixels [::2, ::2] as a regular grid, in the order of <see cref="TrainX"/> (x fastest).</summary>
    public RegularGrid TrainGrid => RegularGrid.EverySecondPixel(Size, 0);

    /// <summary>
    /// The test pixels as regular grids of the training grid's spacing, each with the index in <see cref="TestX"/> of
    /// its points: the paper's [1::2, 1::2] is one grid; the demo protocol's every pixel is four (offsets 0 and 1 on each axis).
    /// </summary>
    public IEnumerable<(RegularGrid Grid, int[] TestIndices)> TestGrids()
    {
        if (Protocol == Protocol.Paper)
        {
            RegularGrid grid = RegularGrid.EverySecondPixel(Size, 1);
            yield return (grid, Enumerable.Range(0, grid.Count).ToArray());
            yield break;
        }

        for (int oy = 0; oy < 2 && oy < Size; oy++)
        {
            for (int ox = 0; ox < 2 && ox < Size; ox++)
            {
                int columns = (Size - ox + 1) / 2, rows = (Size - oy + 1) / 2;
                var grid = new RegularGrid([columns, rows], [(double)ox / Size, (double)oy / Size], [2.0 / Size, 2.0 / Size]);
                var indices = new int[grid.Count];
                for (int j = 0; j < rows; j++)
                {
                    for (int i = 0; i < columns; i++)
                    {
                        indices[j * columns + i] = (2 * j + oy) * Size + 2 * i + ox;
                    }
                }

                yield return (grid, indices);
            }
        }
    }

    /// <summary>Splits a square image.</summary>
    public static PixelSplit Create(RgbImage image, Protocol protocol)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != image.Height)
        {
            throw new ArgumentException($"the image must be square, not {image.Width}×{image.Height}.", nameof(image));
        }

        int n = image.Width;
        var allX = new float[n * n * 2];
        var train = new List<int>();
        var test = new List<int>();
        for (int y = 0; y < n; y++)
        {
            for (int x = 0; x < n; x++)
            {
                int p = y * n + x;
                allX[2 * p] = (float)x / n;
                allX[2 * p + 1] = (float)y / n;
                if (x % 2 == 0 && y % 2 == 0)
                {
                    train.Add(p);
                }

                if (protocol == Protocol.Demo || (x % 2 == 1 && y % 2 == 1))
                {
                    test.Add(p);
                }
            }
        }

        (float[] trainX, float[] trainY) = Gather(train, allX, image.Pixels);
        (float[] testX, float[] testY) = Gather(test, allX, image.Pixels);
        return new PixelSplit(n, protocol, allX, (float[])image.Pixels.Clone(), trainX, trainY, testX, testY);
    }

    private static (float[] X, float[] Y) Gather(List<int> pixels, float[] allX, float[] rgb)
    {
        var x = new float[pixels.Count * 2];
        var y = new float[pixels.Count * 3];
        for (int i = 0; i < pixels.Count; i++)
        {
            int p = pixels[i];
            allX.AsSpan(2 * p, 2).CopyTo(x.AsSpan(2 * i));
            rgb.AsSpan(3 * p, 3).CopyTo(y.AsSpan(3 * i));
        }

        return (x, y);
    }
}
