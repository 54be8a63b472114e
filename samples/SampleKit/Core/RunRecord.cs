using System.Text.Json;
using System.Text.Json.Serialization;

namespace SampleKit;

/// <summary>One point of a run's curve: the loss and the score after <paramref name="Step"/> updates.</summary>
public sealed record CurvePoint(int Step, double Loss, double Metric);

/// <summary>
/// The outcome of one run of an experiment's grid (one item, one mapping, one seed): what a run file holds and what
/// <c>merge</c> reads back. Every sample writes the same shape, so one merge serves them all.
/// </summary>
public sealed record RunRecord
{
    /// <summary>The value of <see cref="Kind"/> that marks a run file (other JSON in a folder is skipped by merge).</summary>
    public const string RunKind = "fouriergen-run";

    /// <summary>Always <see cref="RunKind"/>.</summary>
    public string Kind { get; init; } = RunKind;

    /// <summary>The sample that wrote it, e.g. "Tomography2D".</summary>
    public required string Sample { get; init; }

    /// <summary>The item the run fitted: a phantom, a volume, a mesh.</summary>
    public required string Item { get; init; }

    /// <summary>The mapping token, e.g. "gauss:4".</summary>
    public required string Mapping { get; init; }

    /// <summary>The seed of the network (its parameters and random frequencies).</summary>
    public int Seed { get; init; }

    /// <summary>Training steps.</summary>
    public int Steps { get; init; }

    /// <summary>Wall-clock time of the training and its evaluations, s.</summary>
    public double Seconds { get; init; }

    /// <summary>The final scores by name (e.g. "psnr", "iouBoundary"); the first is the experiment's headline score.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>The headline score against step.</summary>
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];

    /// <summary>The run's settings (size, learning rate, protocol, …) as text, so that runs of different settings are told apart.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Run label "item mapping" (with the seed when it is not 0).</summary>
    [JsonIgnore]
    public string Label => RunLabel(Item, Mapping, Seed);

    /// <summary>The label of a run: "item mapping", with " seed s" when s ≠ 0.</summary>
    public static string RunLabel(string item, string mapping, int seed) => seed == 0 ? $"{item} {mapping}" : $"{item} {mapping} seed {seed}";

    /// <summary>The JSON text of a run file.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SampleJson.Options);

    /// <summary>Reads a run file's text.</summary>
    /// <exception cref="JsonException">Not a run record.</exception>
    public static RunRecord FromJson(string json) =>
        JsonSerializer.Deserialize<RunRecord>(json, SampleJson.Options) ?? throw new JsonException("the file holds null.");
}

/// <summary>The JSON conventions of every sample file: camelCase names, indented, NaN and ∞ allowed.</summary>
public static class SampleJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
