namespace FourierGen.Generators.Model;

/// <summary>
/// What the parser found for one [FourierNetwork] declaration: the location-free model (null when nothing can be
/// generated into the type) and, for the diagnostics output only, the diagnostics and where a weight file's
/// diagnostics go. A declaration with neither compares equal across edits of its file: its step stays Unchanged.
/// </summary>
internal sealed record ParsedDeclaration(
    NetworkSpec? Spec,
    EquatableArray<DiagnosticInfo> Diagnostics,
    DiagnosticLocation? WeightsLocation);
