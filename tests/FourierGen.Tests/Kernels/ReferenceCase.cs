using Xunit;
using System.Text.Json;
using FourierGen.Features;
using FourierGen.Kernels;

namespace FourierGen.Tests.Kernels;

/// <summary>One case of Data/ntk-cases.json (neural-tangents, float64).</summary>
internal sealed class ReferenceCase
{
    public required string Name { get; init; }
    public required int Inputs { get; init; }
    public required int[] Hidden { get; init; }
    public required Parameterization Parameterization { get; init; }
    public required double WeightStd { get; init; }
    public required double? BiasStd { get; init; }
    public FeatureMap? Map { get; init; }
    public required float[] X1 { get; init; }
    public required float[] X2 { get; init; }
    public required double[] Nngp { get; init; }
    public required double[] Ntk { get; init; }

    public int N1 => X1.Length / Inputs;
    public int N2 => X2.Length / Inputs;
    public int FeatureSize => Map is null ? Inputs : 2 * Map.FrequencyCount;

    public LayerStep[] Steps => LayerStep.Network(Parameterization, FeatureSize, Hidden, Activation.Relu,
        WeightStd, BiasStd ?? 0, bias: BiasStd is not null);

    public override string ToString() => Name;

    public static IReadOnlyList<ReferenceCase> All { get; } = Load();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (ReferenceCase c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static ReferenceCase Get(string name) => All.Single(c => c.Name == name);

    private static List<ReferenceCase> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", "ntk-cases.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new List<ReferenceCase>();
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            int inputs = c.GetProperty("inputs").GetInt32();
            FeatureMap? map = null;
            JsonElement mapping = c.GetProperty("mapping");
            if (mapping.ValueKind != JsonValueKind.Null)
            {
                float[] b = Flatten(mapping.GetProperty("B")).Select(v => (float)v).ToArray();
                float[] a = mapping.GetProperty("a").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
                map = FeatureMap.Explicit(inputs, b, a, mapping.GetProperty("normalize").GetBoolean(), null, default);
            }

            JsonElement bias = c.GetProperty("biasStd");
            cases.Add(new ReferenceCase
            {
                Name = c.GetProperty("name").GetString()!,
                Inputs = inputs,
                Hidden = c.GetProperty("hidden").EnumerateArray().Select(h => h.GetInt32()).ToArray(),
                Parameterization = c.GetProperty("parameterization").GetString() == "ntk" ? Parameterization.Ntk : Parameterization.Standard,
                WeightStd = c.GetProperty("weightStd").GetDouble(),
                BiasStd = bias.ValueKind == JsonValueKind.Null ? null : bias.GetDouble(),
                Map = map,
                X1 = Flatten(c.GetProperty("x1")).Select(v => (float)v).ToArray(),
                X2 = Flatten(c.GetProperty("x2")).Select(v => (float)v).ToArray(),
                Nngp = Flatten(c.GetProperty("nngp")).ToArray(),
                Ntk = Flatten(c.GetProperty("ntk")).ToArray(),
            });
        }

        return cases;
    }

    private static IEnumerable<double> Flatten(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flatten) : [e.GetDouble()];
}
