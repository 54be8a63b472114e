using FourierGen.CompilerServices;

namespace FourierGen.Generators.Model;

/// <summary>
/// The planned network: sizes, the layer plan (offsets, scales, activations, kernel steps), the mapping and the
/// weight-file fingerprint. The single source of what the emitter writes and the runtime reads; nothing else
/// derives a width, an offset or a scale. A declaration with errors plans to a stub (<see cref="IsStub"/>).
/// </summary>
internal sealed record NetworkPlan(
    TypeSpec Type,
    bool IsStub,
    int InputSize,
    int FrequencyCount,
    int FeatureSize,
    int OutputSize,
    int ParameterCount,
    MappingSpec Mapping,
    Initialization Initialization,
    EquatableArray<LayerPlan> Layers,
    string Fingerprint,
    bool HasAnalyticKernel,
    string? Weights)
{
    /// <summary>Whether the network has a feature mapping (and so a stationary kernel).</summary>
    public bool HasMapping => Mapping.Kind != MappingKind.None;
}
