using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using RealtimeInference;

// Renders the baked network's learned image at 4× its training resolution with one Predict call per pixel,
// single-threaded and on all cores, and reports nanoseconds per pixel.
// Usage: RealtimeInference [--out PATH] [--size PIXELS] [--repeat N]
string output = "realtime.png";
int size = 4 * TrainedSize.Pixels;
int repeat = 5;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--size" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int s) && s is > 0 and <= 16384:
            size = s;
            i++;
            break;
        case "--repeat" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int r) && r is > 0 and <= 1000:
            repeat = r;
            i++;
            break;
        default:
            Console.Error.WriteLine($"error: unknown or invalid argument '{args[i]}'. Usage: RealtimeInference [--out PATH] [--size 1..16384] [--repeat 1..1000]");
            return 2;
    }
}

LearnedImage net = LearnedImage.Baked;
float[] rgb = new float[size * size * 3];
Console.WriteLine($"{(RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "Native AOT")}, kernels at {FourierGen.Hardware.VectorWidth}: rendering {size}×{size} ({size / TrainedSize.Pixels}× the {TrainedSize.Pixels}×{TrainedSize.Pixels} training grid), " +
                  $"{LearnedImage.ParameterCount:N0} baked parameters, {repeat} timed passes each.");

double serial = Best(repeat, () => Render(net, size, rgb, parallel: false));
double parallel = Best(repeat, () => Render(net, size, rgb, parallel: true));
double pixels = (double)size * size;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"one-sample Predict per pixel: {serial * 1e9 / pixels:F1} ns/pixel single-threaded, {parallel * 1e9 / pixels:F1} ns/pixel on {Environment.ProcessorCount} threads"));

long before = GC.GetAllocatedBytesForCurrentThread();
Span<float> probe = stackalloc float[3];
for (int i = 0; i < 1000; i++)
{
    net.Predict([0.5f, 0.5f], probe);
}

Console.WriteLine($"allocated per Predict: {(GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0:F1} bytes");

byte[] bytes = new byte[rgb.Length];
for (int i = 0; i < rgb.Length; i++)
{
    bytes[i] = (byte)Math.Clamp(MathF.Round(rgb[i] * 255f), 0f, 255f);
}

PngWriter.Write(output, size, size, bytes);
Console.WriteLine($"wrote {Path.GetFullPath(output)}");
return 0;

static void Render(LearnedImage net, int size, float[] rgb, bool parallel)
{
    if (parallel)
    {
        Parallel.For(0, size, y => RenderRow(net, size, rgb, y));
    }
    else
    {
        for (int y = 0; y < size; y++)
        {
            RenderRow(net, size, rgb, y);
        }
    }
}

static void RenderRow(LearnedImage net, int size, float[] rgb, int y)
{
    // Training pixel i sat at coordinate i / N (its centre); a render pixel's centre in those coordinates is
    // (u + ½)/size − ½/N.
    const float HalfPixel = 0.5f / TrainedSize.Pixels;
    Span<float> point = stackalloc float[2];
    point[1] = (y + 0.5f) / size - HalfPixel;
    for (int x = 0; x < size; x++)
    {
        point[0] = (x + 0.5f) / size - HalfPixel;
        net.Predict(point, rgb.AsSpan((y * size + x) * 3, 3));
    }
}

static double Best(int repeat, Action action)
{
    action(); // warm up (and, under the JIT, tier up)
    double best = double.MaxValue;
    for (int i = 0; i < repeat; i++)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    return best;
}

/// <summary>The image side the baked network was trained on: coordinates are pixel / 128 (see README.md).</summary>
internal static class TrainedSize
{
    public const int Pixels = 128;
}
