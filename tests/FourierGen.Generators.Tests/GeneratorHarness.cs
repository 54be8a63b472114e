extern alias Runtime;

using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FourierGen.Generators.Tests;

/// <summary>One generator run: what the generator reported, what it emitted and how the result compiles.</summary>
internal sealed record GeneratorRun(
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<GeneratedSourceResult> GeneratedSources,
    ImmutableArray<Diagnostic> OutputDiagnostics,
    Compilation OutputCompilation,
    GeneratorDriver Driver,
    GeneratorDriverRunResult RunResult)
{
    /// <summary>Compiler warnings and errors of the output compilation (user code plus generated code).</summary>
    public ImmutableArray<Diagnostic> OutputWarningsAndErrors =>
        OutputDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    /// <summary>The single generated file's text.</summary>
    public string SingleSource => Assert.Single(GeneratedSources).SourceText.ToString();

    /// <summary>The dotted names of the types that got a generated file, in ordinal order.</summary>
    public IEnumerable<string> GeneratedTypeNames =>
        GeneratedSources.Select(s => TypeNameOf(s.HintName)).Order(StringComparer.Ordinal);

    /// <summary>The text generated for one type, by its dotted name (e.g. <c>Demo.Net</c>).</summary>
    public string SourceFor(string typeName) =>
        Assert.Single(GeneratedSources, s => TypeNameOf(s.HintName) == typeName).SourceText.ToString();

    /// <summary>The dotted type name of a hint name <c>{type}.{8 hex digits of case hash}.FourierNetwork.g.cs</c>.</summary>
    public static string TypeNameOf(string hintName)
    {
        Match match = Regex.Match(hintName, @"^(?<type>.+)\.[0-9a-f]{8}\.FourierNetwork\.g\.cs$");
        Assert.True(match.Success, $"hint name '{hintName}' is not {{type}}.{{hash}}.FourierNetwork.g.cs");
        return match.Groups["type"].Value;
    }

    /// <summary>The run reasons of every output of the tracked step named <paramref name="name"/>; the step must exist.</summary>
    public IncrementalStepRunReason[] StepReasons(string name)
    {
        GeneratorRunResult result = Assert.Single(RunResult.Results);
        Assert.True(result.TrackedSteps.TryGetValue(name, out var steps), $"No tracked step named {name}; steps: {string.Join(", ", result.TrackedSteps.Keys)}");
        return steps.SelectMany(step => step.Outputs).Select(o => o.Reason).ToArray();
    }

    /// <summary>The run reasons of the source output (the one fed by the Networks step), or of the other (the diagnostics).</summary>
    public IncrementalStepRunReason[] OutputReasons(bool source) =>
        Assert.Single(RunResult.Results).TrackedOutputSteps
            .SelectMany(pair => pair.Value)
            .Where(step => step.Inputs.Any(input => input.Source.Name == FourierNetworkGenerator.TrackingNames.Networks) == source)
            .SelectMany(step => step.Outputs)
            .Select(o => o.Reason)
            .ToArray();

    /// <summary>Whether generated text is the stubs of a declaration with errors (every member throws).</summary>
    public static bool IsStub(string generated) => generated.Contains("NetworkStub.NotGenerated(", StringComparison.Ordinal);

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}

/// <summary>
/// Compiles C# source with <see cref="FourierNetworkGenerator"/> through <see cref="CSharpGeneratorDriver"/>:
/// the one place that knows the parse options, compilation options and references the tests use.
/// </summary>
internal static class GeneratorHarness
{
    public const string SourcePath = "/src/Network.cs";

    /// <summary>Preview: C# 14 (collection expressions in attributes, everything generated code may use).</summary>
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Preview)
        .WithDocumentationMode(DocumentationMode.Diagnose); // malformed XML docs in generated code are warnings too

    /// <summary>Nullable on, every warning wave on, nothing suppressed.</summary>
    public static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            warningLevel: 9999,
            optimizationLevel: OptimizationLevel.Release,
            allowUnsafe: false,
            deterministic: true)
        // Test sources are undocumented public types; generated code documents every public member (PublicDocumentationTests
        // checks it with CS1591 on), and the other documentation warnings (malformed XML, bad cref/param) stay on.
        .WithSpecificDiagnosticOptions([new KeyValuePair<string, ReportDiagnostic>("CS1591", ReportDiagnostic.Suppress)]);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>The runtime's trusted platform assemblies plus FourierGen.dll, as a consuming project would see them.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string runtime = typeof(Runtime::FourierGen.FourierNetworkAttribute).Assembly.Location;
        string[] excluded =
        [
            // The generator links NetworkLimits.cs, so it also defines FourierGen.NetworkLimits; a consumer never references it.
            typeof(FourierNetworkGenerator).Assembly.Location,
            typeof(GeneratorHarness).Assembly.Location,
        ];
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(runtime)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .Where(path => !excluded.Any(e => string.Equals(Path.GetFullPath(e), path, StringComparison.Ordinal)))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString("N"),
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, i == 0 ? SourcePath : $"/src/Other{i}.cs")),
            References,
            CompilationOptions);

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new FourierNetworkGenerator().AsSourceGenerator()],
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true),
            parseOptions: ParseOptions);

    /// <summary>Runs the generator over <paramref name="sources"/> (the first is <see cref="SourcePath"/>).</summary>
    public static GeneratorRun Run(params string[] sources) => Run(CreateDriver(), CreateCompilation(sources));

    /// <summary>Runs (or reruns, keeping its cache) <paramref name="driver"/> over <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        GeneratorRunResult single = Assert.Single(result.Results);
        Assert.Null(single.Exception); // the generator itself must never throw
        return new GeneratorRun(
            generatorDiagnostics,
            single.GeneratedSources,
            output.GetDiagnostics(),
            output,
            driver,
            result);
    }

    /// <summary>
    /// Runs the generator and asserts that it reports nothing and that user code plus generated code
    /// compile without a single warning.
    /// </summary>
    public static GeneratorRun RunClean(string source)
    {
        GeneratorRun run = Run(source);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, "Generator diagnostics:" + Environment.NewLine + GeneratorRun.Describe(run.GeneratorDiagnostics));
        Assert.True(run.OutputWarningsAndErrors.IsEmpty,
            "Output compilation diagnostics:" + Environment.NewLine + GeneratorRun.Describe(run.OutputWarningsAndErrors) +
            Environment.NewLine + string.Join(Environment.NewLine, run.GeneratedSources.Select(s => s.SourceText.ToString())));
        Assert.NotEmpty(run.GeneratedSources);
        return run;
    }
}

/// <summary>
/// Expected spans written into test sources as <c>/*&lt;*/text/*&gt;*/</c>: the markers are ordinary comments,
/// so the source compiles as written and the span is the text between them (syntax spans exclude trivia).
/// </summary>
internal static class Markup
{
    public const string Open = "/*<*/";
    public const string Close = "/*>*/";

    public static TextSpan Span(string source)
    {
        int open = source.IndexOf(Open, StringComparison.Ordinal);
        int close = source.IndexOf(Close, StringComparison.Ordinal);
        Assert.True(open >= 0 && close > open, "The source must mark the expected span with " + Open + "..." + Close);
        Assert.Equal(-1, source.IndexOf(Open, open + 1, StringComparison.Ordinal)); // one span per source
        int start = open + Open.Length;
        return TextSpan.FromBounds(start, close);
    }
}
