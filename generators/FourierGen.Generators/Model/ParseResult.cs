namespace FourierGen.Generators.Model;

/// <summary>
/// What the parser found for one declaration: the model (null when an error stops generation), its
/// diagnostics, and where the Weights argument was written (for baking diagnostics reported later).
/// </summary>
internal sealed record ParseResult(NetworkSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, LocationInfo? WeightsLocation = null);
