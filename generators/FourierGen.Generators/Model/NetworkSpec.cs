namespace FourierGen.Generators.Model;

/// <summary>
/// One declaration as written: plain values only (no symbols, syntax or locations), so equal declarations
/// give equal models and the pipeline caches. <see cref="HasErrors"/> declarations become stubs.
/// </summary>
internal sealed record NetworkSpec(
    TypeSpec Type,
    int Inputs,
    int Outputs,
    EquatableArray<int> Hidden,
    Activation HiddenActivation,
    Activation OutputActivation,
    Parameterization Parameterization,
    double WeightStd,
    double BiasStd,
    bool Bias,
    Initialization Initialization,
    MappingSpec Mapping,
    string? Weights,
    bool HasErrors)
{
    /// <summary>Whether the declared hidden activation has a closed-form kernel.</summary>
    public bool HasAnalyticKernel => HiddenActivation is Activation.Relu or Activation.Identity || Hidden.Count == 0;
}
