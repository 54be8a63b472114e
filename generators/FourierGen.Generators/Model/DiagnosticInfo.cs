using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FourierGen.Generators.Model;

/// <summary>
/// A diagnostic held as plain values (descriptor id, file, span, message arguments), so the
/// parse result stays equatable; it becomes a <see cref="Diagnostic"/> only when reported.
/// </summary>
internal sealed record DiagnosticInfo(string DescriptorId, LocationInfo? Location, EquatableArray<string> MessageArguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params object?[] messageArguments) =>
        Create(descriptor, LocationInfo.From(location), messageArguments);

    /// <summary>For a location already held as plain values (a Location made from one is no longer "in source").</summary>
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object?[] messageArguments) =>
        new(descriptor.Id, location,
            System.Linq.Enumerable.Select(messageArguments, a => System.Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "")
                .ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(DiagnosticDescriptors.ById(DescriptorId), Location?.ToLocation(), MessageArguments.ToArray<object>());
}

/// <summary>A source location without a reference to the syntax tree.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location is null || !location.IsInSource
            ? null
            : new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}

internal static class EquatableArrayExtensions
{
    public static TOut[] ToArray<TOut>(this EquatableArray<string> items)
    {
        var result = new TOut[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            result[i] = (TOut)(object)items[i];
        }

        return result;
    }
}
