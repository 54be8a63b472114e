namespace FourierGen.Generators.Model;

/// <summary>What the parser found for one declaration: the model (null when an error stops generation) and its diagnostics.</summary>
internal sealed record ParseResult(NetworkSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
