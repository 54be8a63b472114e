namespace FourierGen.Generators.Model;

/// <summary>The bytes of one .fgw AdditionalFiles item (or why they could not be read), by path.</summary>
internal sealed record WeightFileInput(string Path, EquatableArray<byte> Bytes, string? ReadError);

/// <summary>
/// A parsed declaration with its baked weights resolved: what the emitter needs. The weights are the
/// file's values (its content, not its path), so an edit to the file re-emits and nothing else does.
/// </summary>
internal sealed record BakedNetwork(
    ParseResult Parse,
    EquatableArray<float> Frequencies,
    EquatableArray<float> Amplitudes,
    EquatableArray<float> Parameters,
    bool HasWeights,
    DiagnosticInfo? WeightsError);
