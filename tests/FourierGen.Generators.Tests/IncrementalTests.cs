using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FourierGen.Generators.Tests;

/// <summary>
/// The pipeline caches: edits that do not touch a declaration leave its tracked steps Cached or Unchanged
/// and emit nothing new; editing the declaration does produce Modified output.
/// </summary>
public sealed class IncrementalTests
{
    private const string Network = """
        using FourierGen;

        namespace Demo;

        [FourierNetwork(2, 3, Hidden = [64, 64])]
        [GaussianFeatures(16, 10f)]
        public partial class Net;

        [FourierNetwork(1, 1, Hidden = [8])]
        [FourierFeatures([1f, 2f, 3f])]
        public partial class Explicit;
        """;

    private const string Other = """
        namespace Demo;

        public class Other
        {
            public int M() => 1;
        }
        """;

    private static readonly string[] TrackedNames = [FourierNetworkGenerator.TrackingNames.Parse, FourierNetworkGenerator.TrackingNames.Networks];

    [Fact]
    public void UnrelatedMethodBodyEditIsCached()
    {
        (GeneratorRun first, CSharpCompilation compilation) = RunFirst();
        SyntaxTree other = compilation.SyntaxTrees.Single(t => t.FilePath != GeneratorHarness.SourcePath);
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(other,
            CSharpSyntaxTree.ParseText(Other.Replace("=> 1;", "=> 2 + 40;"), GeneratorHarness.ParseOptions, other.FilePath));

        AssertNothingNew(first, GeneratorHarness.Run(first.Driver, edited));
    }

    [Fact]
    public void NewUnrelatedFileIsCached()
    {
        (GeneratorRun first, CSharpCompilation compilation) = RunFirst();
        CSharpCompilation edited = compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Demo; public static class Extra { public static int N => 3; }", GeneratorHarness.ParseOptions, "/src/Extra.cs"));

        AssertNothingNew(first, GeneratorHarness.Run(first.Driver, edited));
    }

    /// <summary>Edits in the declaring file itself, after the networks and before them (which moves every span: the models hold none).</summary>
    [Theory]
    [InlineData("", "\npublic class Unrelated { }\n")]
    [InlineData("// A comment that moves every declaration down a line.\n", "")]
    public void EditInTheDeclaringFileOutsideTheAttributesIsCached(string before, string after)
    {
        (GeneratorRun first, CSharpCompilation compilation) = RunFirst();
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.SourcePath);
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(before + Network + after, GeneratorHarness.ParseOptions, tree.FilePath));

        AssertNothingNew(first, GeneratorHarness.Run(first.Driver, edited));
    }

    [Fact]
    public void ChangingAHiddenWidthIsModified()
    {
        (GeneratorRun first, CSharpCompilation compilation) = RunFirst();
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.SourcePath);
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(Network.Replace("Hidden = [64, 64]", "Hidden = [64, 65]"), GeneratorHarness.ParseOptions, tree.FilePath));

        GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);
        Assert.Empty(second.GeneratorDiagnostics);
        Assert.Empty(second.OutputWarningsAndErrors);
        foreach (string name in TrackedNames)
        {
            IncrementalStepRunReason[] reasons = Reasons(second, name);
            Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        }

        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(second));
        Assert.Contains("widths 32 → 64 → 65 → 3", second.SourceFor("Demo.Net"));

        // The other network in the same file is untouched.
        Assert.Equal(first.SourceFor("Demo.Explicit"), second.SourceFor("Demo.Explicit"));
    }

    [Fact]
    public void ChangingAMappingArgumentIsModified()
    {
        (GeneratorRun first, CSharpCompilation compilation) = RunFirst();
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.SourcePath);
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(Network.Replace("[1f, 2f, 3f]", "[1f, 2f, 4f]"), GeneratorHarness.ParseOptions, tree.FilePath));

        GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second, FourierNetworkGenerator.TrackingNames.Networks));
        Assert.Contains("[1f, 2f, 4f]", second.SourceFor("Demo.Explicit"));
    }

    /// <summary>
    /// A declaration with a warning (FG0011) keeps its diagnostic on the diagnostics output only: an edit that moves it
    /// re-reports it at its new place, and every step of the source path stays Cached/Unchanged — nothing is re-planned
    /// or re-emitted. (The Parse step itself re-runs on any edit of its file and changes here, because the diagnostic moved.)
    /// </summary>
    [Theory]
    [InlineData("// A comment that moves the declaration and its warning down a line.\n", "")]
    [InlineData("", "\npublic class Unrelated { }\n")]
    public void EditElsewhereInAFileWithAWarningKeepsTheSourceCached(string before, string after)
    {
        const string source = """
            using FourierGen;

            namespace Demo;

            [FourierNetwork(2, 3, Hidden = [16], Activation = /*<*/Activation.Tanh/*>*/)]
            [GaussianFeatures(16, 10f)]
            public partial class Net;
            """;
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        Assert.Equal("FG0011", Assert.Single(first.GeneratorDiagnostics).Id);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        string edited = before + source + after;
        GeneratorRun second = GeneratorHarness.Run(first.Driver, compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(edited, GeneratorHarness.ParseOptions, tree.FilePath)));

        AssertSourcePathCached(first, second);
        Diagnostic warning = Assert.Single(second.GeneratorDiagnostics);
        Assert.Equal("FG0011", warning.Id);
        DiagnosticTests.AssertLocation(edited, Markup.Span(edited), warning.Location);
        Assert.True(warning.Location.IsInSource, "the warning's location must be in source (a syntax tree), so #pragma applies");
    }

    /// <summary>Every step that leads to the source, and the source output itself, did not run again; the text is the same.</summary>
    internal static void AssertSourcePathCached(GeneratorRun first, GeneratorRun second)
    {
        foreach (string name in new[] { FourierNetworkGenerator.TrackingNames.Declaration, FourierNetworkGenerator.TrackingNames.Plan, FourierNetworkGenerator.TrackingNames.Networks })
        {
            IncrementalStepRunReason[] reasons = second.StepReasons(name);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}"));
        }

        IncrementalStepRunReason[] output = second.OutputReasons(source: true);
        Assert.NotEmpty(output);
        Assert.All(output, reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.Equal(
            first.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            second.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    private static (GeneratorRun Run, CSharpCompilation Compilation) RunFirst()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Network, Other);
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        Assert.Empty(first.GeneratorDiagnostics);
        Assert.Empty(first.OutputWarningsAndErrors);
        Assert.Equal(2, first.GeneratedSources.Length);
        foreach (string name in TrackedNames)
        {
            Assert.All(Reasons(first, name), reason => Assert.Equal(IncrementalStepRunReason.New, reason));
        }

        return (first, compilation);
    }

    private static void AssertNothingNew(GeneratorRun first, GeneratorRun second)
    {
        foreach (string name in TrackedNames)
        {
            IncrementalStepRunReason[] reasons = Reasons(second, name);
            Assert.Equal(2, reasons.Length); // one output per network
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}"));
        }

        // The source-output step did not run again: nothing was emitted anew.
        IncrementalStepRunReason[] output = OutputReasons(second);
        Assert.NotEmpty(output);
        Assert.All(output, reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.Equal(
            first.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            second.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
        Assert.Empty(second.GeneratorDiagnostics);
        Assert.Empty(second.OutputWarningsAndErrors);
    }

    /// <summary>The run reasons of every output of the step named <paramref name="name"/>; the step must exist.</summary>
    private static IncrementalStepRunReason[] Reasons(GeneratorRun run, string name)
    {
        GeneratorRunResult result = Assert.Single(run.RunResult.Results);
        Assert.True(result.TrackedSteps.TryGetValue(name, out var steps), $"No tracked step named {name}; steps: {string.Join(", ", result.TrackedSteps.Keys)}");
        return steps.SelectMany(step => step.Outputs).Select(o => o.Reason).ToArray();
    }

    private static IncrementalStepRunReason[] OutputReasons(GeneratorRun run) =>
        Assert.Single(run.RunResult.Results).TrackedOutputSteps
            .SelectMany(pair => pair.Value)
            .SelectMany(step => step.Outputs)
            .Select(o => o.Reason)
            .ToArray();

}
