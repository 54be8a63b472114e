using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using RealtimeInference;

// Renders the baked network's learned image at 4× its training resolution with one Predict call per pixel,
// single-threaded and on all cores, and reports nanoseconds per pixel. `--help` lists the options.
var outOption = new Option<string>("--out") { Description = "The PNG to write.", HelpName = "PATH", DefaultValueFactory = _ => "realtime.png" };
Option<int> sizeOption = Count("--size", "Side of the rendered square, in pixels.", 4 * TrainedSize.Pixels, 16384);
Option<int> repeatOption = Count("--repeat", "Timed passes of each kind (the fastest is reported).", 5, 1000);
var root = new RootCommand("Renders the network baked into this binary (LearnedImage) one Predict call per pixel and reports ns per pixel.")
{
    outOption, sizeOption, repeatOption,
};
ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"error: {parsed.Errors[0].Message} (--help lists the options)");
    return 2;
}

if (parsed.Action is not null)
{
    return parsed.Invoke(); // --help or --version (the root command itself has no action: the program below is it)
}

string output = parsed.GetValue(outOption)!;
int size = parsed.GetValue(sizeOption);
int repeat = parsed.GetValue(repeatOption);

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

// A whole number from 1 to max, with a one-line error that names the option (never a .NET type).
static Option<int> Count(string name, string description, int defaultValue, int max) => new(name)
{
    Description = $"{description} 1 to {max}.",
    HelpName = "N",
    DefaultValueFactory = _ => defaultValue,
    CustomParser = result =>
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1 && value <= max)
        {
            return value;
        }

        result.AddError($"{name} must be a whole number from 1 to {max}, not '{text}'.");
        return defaultValue;
    },
};

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
