using System;
using System.Collections.Immutable;
using System.Threading;
using FourierGen.Generators.Model;
using Microsoft.CodeAnalysis;

namespace FourierGen.Generators;

/// <summary>
/// Completes every <c>[FourierNetwork]</c> partial type with its feature mapping, MLP and kernels.
/// Pipeline: attribute → <see cref="Parser"/> (equatable <see cref="NetworkSpec"/> + diagnostics) → <see cref="Emitter"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class FourierNetworkGenerator : IIncrementalGenerator
{
    internal const string FourierNetworkAttributeName = "FourierGen.FourierNetworkAttribute";

    /// <summary>Names of the tracked pipeline steps, for caching tests.</summary>
    internal static class TrackingNames
    {
        public const string Parse = nameof(Parse);
        public const string Networks = nameof(Networks);
    }

    /// <summary>Test hook: when set, runs inside the parse step so tests can prove that a failure becomes FG9999.</summary>
    internal static Action<NetworkSpec>? OnParsedForTesting { get; set; }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                FourierNetworkAttributeName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                transform: static (context, cancellationToken) => SafeParse(context, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        // A step of its own: WithTrackingName on the same provider would only rename the Parse node (no Parse step left to track).
        IncrementalValuesProvider<ParseResult> networks = results
            .Select(static (result, _) => result)
            .WithTrackingName(TrackingNames.Networks);

        context.RegisterSourceOutput(networks, static (output, result) =>
        {
            foreach (DiagnosticInfo diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (result.Spec is { } spec)
            {
                SafeEmit(output, spec);
            }
        });
    }

    private static ParseResult SafeParse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            ParseResult result = Parser.Parse(context, cancellationToken);
            if (result.Spec is not null)
            {
                OnParsedForTesting?.Invoke(result.Spec);
            }

            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // At the type's name, like FG0001/FG0016/FG0018: the whole declaration (attributes and body) is too wide a squiggle.
            Location location = context.TargetNode is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax type
                ? type.Identifier.GetLocation()
                : context.TargetNode.GetLocation();
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, context.TargetSymbol.Name, Describe(exception));
            return new ParseResult(null, ImmutableArray.Create(diagnostic).ToEquatableArray());
        }
    }

    private static void SafeEmit(SourceProductionContext output, NetworkSpec spec)
    {
        try
        {
            output.AddSource(spec.Type.HintName(), Emitter.Emit(spec, output.CancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, null, spec.Type.Name, Describe(exception)));
        }
    }

    private static string Describe(Exception exception) => exception.GetType().Name + ": " + exception.Message;
}
