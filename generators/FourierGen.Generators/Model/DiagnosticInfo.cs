using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FourierGen.Generators.Model;

/// <summary>
/// A diagnostic held as values: the descriptor id, where (the syntax tree and span, so that the reported location
/// is in source and <c>#pragma warning disable</c> applies) and the message arguments. It travels on the
/// diagnostics output only; the source output never sees it.
/// </summary>
internal sealed record DiagnosticInfo(string DescriptorId, DiagnosticLocation? Location, EquatableArray<string> MessageArguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params object?[] messageArguments) =>
        Create(descriptor, DiagnosticLocation.From(location), messageArguments);

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, DiagnosticLocation? location, params object?[] messageArguments) =>
        new(descriptor.Id, location, Arguments(messageArguments));

    /// <summary>Message arguments as invariant-culture strings.</summary>
    public static EquatableArray<string> Arguments(params object?[] messageArguments) =>
        System.Linq.Enumerable.Select(messageArguments, a => System.Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "")
            .ToEquatableArray();

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(DiagnosticDescriptors.ById(DescriptorId), Location?.ToLocation(), MessageArguments.ToObjects());
}

/// <summary>A place in source: a syntax tree (compared by reference: a new tree is a new place) and a span in it.</summary>
internal sealed record DiagnosticLocation(SyntaxTree Tree, TextSpan Span)
{
    public static DiagnosticLocation? From(Location? location) =>
        location?.SourceTree is { } tree ? new DiagnosticLocation(tree, location.SourceSpan) : null;

    public Location ToLocation() => Location.Create(Tree, Span);
}
