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

        IncrementalValueProvider<ImmutableArray<WeightFileInput>> weightFiles = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(Baking.Extension, StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) => Baking.Read(text, cancellationToken))
            .Collect();

        // Each declaration with the weights it bakes (if any). Declarations without Weights resolve to the same
        // value whatever the files hold, so their output stays cached when a weight file changes.
        IncrementalValuesProvider<BakedNetwork> networks = results
            .Combine(weightFiles)
            .Select(static (pair, cancellationToken) => SafeResolve(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Networks);

        context.RegisterSourceOutput(networks, static (output, network) =>
        {
            foreach (DiagnosticInfo diagnostic in network.Parse.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (network.WeightsError is { } weightsError)
            {
                // Like every other error: report it and generate nothing, rather than a type without its Baked.
                output.ReportDiagnostic(weightsError.ToDiagnostic());
                return;
            }

            if (network.Parse.Spec is { } spec)
            {
                SafeEmit(output, spec, network);
            }
        });
    }

    private static BakedNetwork SafeResolve(ParseResult parse, ImmutableArray<WeightFileInput> files, CancellationToken cancellationToken)
    {
        try
        {
            return Baking.Resolve(parse, files, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, parse.WeightsLocation,
                parse.Spec?.Type.Name ?? "network", Describe(exception));
            return new BakedNetwork(parse, EquatableArray<float>.Empty, EquatableArray<float>.Empty, EquatableArray<float>.Empty, false, diagnostic);
        }
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

    private static void SafeEmit(SourceProductionContext output, NetworkSpec spec, BakedNetwork baked)
    {
        try
        {
            output.AddSource(spec.Type.HintName(), Emitter.Emit(spec, baked, output.CancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, null, spec.Type.Name, Describe(exception)));
        }
    }

    private static string Describe(Exception exception) => exception.GetType().Name + ": " + exception.Message;
}
