using System;
using System.Collections.Immutable;
using System.Threading;
using FourierGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FourierGen.Generators;

/// <summary>
/// Completes every <c>[FourierNetwork]</c> partial type with its sizes, layer plan and members.
/// Pipeline: attribute → <see cref="Parser"/> (<see cref="NetworkSpec"/> + diagnostics) → <see cref="Planner"/>
/// (<see cref="NetworkPlan"/>) → <see cref="Baking"/> (weight files) → <see cref="Emitter"/>. Two outputs, as
/// System.Text.Json's generator has: the source from location-free models only, so moving code in a file never
/// re-emits it; the diagnostics, with their syntax-tree locations, from their own.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class FourierNetworkGenerator : IIncrementalGenerator
{
    internal const string FourierNetworkAttributeName = "FourierGen.FourierNetworkAttribute";

    /// <summary>Names of the tracked pipeline steps, for caching tests.</summary>
    internal static class TrackingNames
    {
        /// <summary>The attribute's transform: the declaration and its diagnostics (re-run whenever its file changes).</summary>
        public const string Parse = nameof(Parse);

        /// <summary>The location-free declaration alone: unchanged by edits that do not change what is declared.</summary>
        public const string Declaration = nameof(Declaration);

        /// <summary>The planned network.</summary>
        public const string Plan = nameof(Plan);

        /// <summary>The plan with its baked weights: what the source output emits.</summary>
        public const string Networks = nameof(Networks);
    }

    /// <summary>Test hook: when set, runs inside the parse step so tests can prove that a failure becomes FG9999.</summary>
    internal static Action<NetworkSpec>? OnParsedForTesting { get; set; }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParsedDeclaration> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                FourierNetworkAttributeName,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (context, cancellationToken) => SafeParse(context, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValueProvider<ImmutableArray<WeightFileInput>> weightFiles = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(Baking.Extension, StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) => Baking.Read(text, cancellationToken))
            .Collect();

        // The source path: models without locations or diagnostics. Declarations without Weights resolve to the
        // same value whatever the files hold, so their output stays cached when a weight file changes.
        IncrementalValuesProvider<NetworkSource> networks = parsed
            .Where(static declaration => declaration.Spec is not null)
            .Select(static (declaration, _) => declaration.Spec!)
            .WithTrackingName(TrackingNames.Declaration)
            .Select(static (spec, _) => SafePlan(spec))
            .WithTrackingName(TrackingNames.Plan)
            .Combine(weightFiles)
            .Select(static (pair, cancellationToken) => SafeResolve(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Networks);

        context.RegisterSourceOutput(networks, static (output, network) => SafeEmit(output, network));

        // The diagnostics path: each declaration's own, and the problems found after parsing (a weight file's, an
        // internal error's), reported at the place the parse recorded for them.
        IncrementalValueProvider<ImmutableArray<NetworkSource>> problems = networks
            .Where(static network => network.Problem is not null)
            .Collect();
        context.RegisterSourceOutput(parsed.Combine(problems), static (output, pair) => ReportDiagnostics(output, pair.Left, pair.Right));
    }

    private static void ReportDiagnostics(SourceProductionContext output, ParsedDeclaration declaration, ImmutableArray<NetworkSource> problems)
    {
        foreach (DiagnosticInfo diagnostic in declaration.Diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        foreach (NetworkSource network in problems)
        {
            if (declaration.Spec is { } spec && network.Plan.Type == spec.Type && network.Problem is { } problem)
            {
                // Only the Weights argument's place is kept (keeping the type's would make every declaration's parse
                // change with every edit of its file); an internal error elsewhere has no place, as one in emitting has none.
                DiagnosticLocation? location = problem.AtWeights ? declaration.WeightsLocation : null;
                output.ReportDiagnostic(new DiagnosticInfo(problem.DescriptorId, location, problem.MessageArguments).ToDiagnostic());
            }
        }
    }

    private static ParsedDeclaration SafeParse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            ParsedDeclaration result = Parser.Parse(context, cancellationToken);
            if (result.Spec is not null)
            {
                OnParsedForTesting?.Invoke(result.Spec);
            }

            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // At the type's name, like FG0001/FG0016/FG0018: the whole declaration (attributes and body) is too wide a squiggle.
            Location location = context.TargetNode is TypeDeclarationSyntax type ? type.Identifier.GetLocation() : context.TargetNode.GetLocation();
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, context.TargetSymbol.Name, Describe(exception));
            return new ParsedDeclaration(null, ImmutableArray.Create(diagnostic).ToEquatableArray(), null);
        }
    }

    private static NetworkSource SafePlan(NetworkSpec spec)
    {
        try
        {
            return new NetworkSource(Planner.Plan(spec), null, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return InternalError(Planner.Plan(spec with { HasErrors = true }), exception, atWeights: false);
        }
    }

    private static NetworkSource SafeResolve(NetworkSource planned, ImmutableArray<WeightFileInput> files, CancellationToken cancellationToken)
    {
        if (planned.Problem is not null)
        {
            return planned;
        }

        try
        {
            return Baking.Resolve(planned.Plan, files, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return InternalError(planned.Plan, exception, atWeights: true);
        }
    }

    private static NetworkSource InternalError(NetworkPlan plan, Exception exception, bool atWeights) =>
        new(plan, null, new PlanProblem(DiagnosticDescriptors.InternalError.Id, DiagnosticInfo.Arguments(plan.Type.DisplayName, Describe(exception)), atWeights));

    private static void SafeEmit(SourceProductionContext output, NetworkSource network)
    {
        try
        {
            output.AddSource(network.Plan.Type.HintName(), Emitter.Emit(network, output.CancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, null, network.Plan.Type.DisplayName, Describe(exception)));
        }
    }

    private static string Describe(Exception exception) => exception.GetType().Name + ": " + exception.Message;
}
