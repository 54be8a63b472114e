using System.Text.Json;

namespace FourierGen.Tests.Support;

/// <summary>Reference files copied from shared/reference into Data/ (a fresh clone needs nothing outside the repo).</summary>
internal static class TestData
{
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "Data", fileName);

    public static JsonDocument Load(string fileName) => JsonDocument.Parse(File.ReadAllText(PathOf(fileName)));

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => e.GetSingle()).ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>A JSON matrix (array of rows) flattened row-major.</summary>
    public static float[] FloatRows(JsonElement matrix) => matrix.EnumerateArray().SelectMany(row => Floats(row)).ToArray();

    public static double[] DoubleRows(JsonElement matrix) => matrix.EnumerateArray().SelectMany(row => Doubles(row)).ToArray();
}
