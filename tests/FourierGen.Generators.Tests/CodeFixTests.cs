using System.Collections.Immutable;
using FourierGen.CodeFixers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FourierGen.Generators.Tests;

/// <summary>
/// FG0001's code fix, run as the IDE runs it: the generator reports FG0001 on a document of a workspace, the fix
/// rewrites the document, and the generator then completes the type with nothing to report.
/// </summary>
public sealed class CodeFixTests
{
    [Theory]
    [InlineData("public class Net;", "public partial class Net;")]
    [InlineData("class Net { }", "partial class Net { }")]
    [InlineData("public sealed record Net;", "public sealed partial record Net;")]
    [InlineData("internal readonly struct Net;", "internal readonly partial struct Net;")]
    public void AddsPartial(string declaration, string fixedDeclaration)
    {
        AssertFixed(
            DiagnosticTests.Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 10f)]", declaration),
            DiagnosticTests.Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 10f)]", fixedDeclaration));
    }

    /// <summary>FG0001 asks for every containing type to be partial too: one fix makes all of them so.</summary>
    [Fact]
    public void AddsPartialToTheContainingTypes()
    {
        AssertFixed(
            """
            using FourierGen;

            namespace Demo;

            public static class Outer
            {
                internal class Middle
                {
                    [FourierNetwork(2, 1)]
                    public class Net;
                }
            }
            """,
            """
            using FourierGen;

            namespace Demo;

            public static partial class Outer
            {
                internal partial class Middle
                {
                    [FourierNetwork(2, 1)]
                    public partial class Net;
                }
            }
            """);
    }

    private static void AssertFixed(string source, string expected)
    {
        using var workspace = new AdhocWorkspace();
        Document document = workspace.CurrentSolution
            .AddProject("Demo", "Demo", LanguageNames.CSharp)
            .WithParseOptions(GeneratorHarness.ParseOptions)
            .WithCompilationOptions(GeneratorHarness.CompilationOptions)
            .AddMetadataReferences(GeneratorHarness.References)
            .AddDocument("Network.cs", SourceText.From(source));

        Diagnostic diagnostic = Assert.Single(GeneratorDiagnostics(document));
        Assert.Equal("FG0001", diagnostic.Id);

        var provider = new MakeTypePartialCodeFixProvider();
        Assert.Contains(diagnostic.Id, provider.FixableDiagnosticIds);
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        provider.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        CodeAction fix = Assert.Single(actions);
        Assert.Equal(MakeTypePartialCodeFixProvider.Title, fix.Title);

        ImmutableArray<CodeActionOperation> operations = fix.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult();
        Solution changed = Assert.IsType<ApplyChangesOperation>(Assert.Single(operations)).ChangedSolution;
        Document fixedDocument = changed.GetDocument(document.Id)!;
        Assert.Equal(expected, fixedDocument.GetTextAsync().GetAwaiter().GetResult().ToString());

        // Fixed: the generator reports nothing and its output compiles without a warning.
        Assert.Empty(GeneratorDiagnostics(fixedDocument));
        GeneratorHarness.RunClean(expected);
    }

    private static ImmutableArray<Diagnostic> GeneratorDiagnostics(Document document)
    {
        Compilation compilation = document.Project.GetCompilationAsync().GetAwaiter().GetResult()!;
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out ImmutableArray<Diagnostic> diagnostics);
        return diagnostics;
    }
}
