using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FourierGen.Generators.Tests;

/// <summary>Unusual but legal (or already compiler-rejected) declarations: the generator neither crashes nor emits broken code.</summary>
public sealed class EdgeDeclarationTests
{
    /// <summary>[FourierNetwork] on two partial declarations is the compiler's CS0579; the generator must not add the same file twice (which throws inside the driver).</summary>
    [Fact]
    public void AttributeOnTwoPartialDeclarationsDoesNotCrashTheGenerator()
    {
        GeneratorRun run = GeneratorHarness.Run(
            DiagnosticTests.Net("[FourierNetwork(2, 3)]", "public partial class Net;\n\n[FourierNetwork(2, 3)]\npartial class Net;"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal("Demo.Net", GeneratorRun.TypeNameOf(Assert.Single(run.GeneratedSources).HintName));
        Assert.Equal(["CS0579"], run.OutputWarningsAndErrors.Select(d => d.Id));
    }

    [Fact]
    public void AttributeOnPartialDeclarationsInTwoFilesDoesNotCrashTheGenerator()
    {
        GeneratorRun run = GeneratorHarness.Run(
            DiagnosticTests.Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 10f)]"),
            "namespace Demo;\n\n[FourierGen.FourierNetwork(1, 1)]\npartial class Net;");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("InputSize = 2;", Assert.Single(run.GeneratedSources).SourceText.ToString());
        Assert.Equal(["CS0579"], run.OutputWarningsAndErrors.Select(d => d.Id));
    }

    /// <summary>Keywords used as names (<c>@class</c>) must be escaped in the generated code and left out of the hint name.</summary>
    [Fact]
    public void KeywordNamesAreEscaped()
    {
        GeneratorRun run = GeneratorHarness.RunClean("""
            using FourierGen;

            namespace @class.@event;

            [FourierNetwork(2, 1)]
            [GaussianFeatures(8, 1f)]
            public partial class @float;

            public partial class @int
            {
                [FourierNetwork(1, 1)]
                public partial struct @struct;
            }
            """);
        Assert.Equal(
            ["class.event.float", "class.event.int.struct"],
            run.GeneratedTypeNames);
    }

    /// <summary>The attribute is not valid on interfaces (CS0592); the generator adds nothing, in particular no errors in generated code.</summary>
    [Fact]
    public void InterfaceIsLeftToTheCompiler()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]", "public partial interface INet;"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.GeneratedSources);
        Assert.Equal(["CS0592"], run.OutputWarningsAndErrors.Select(d => d.Id));
    }

    /// <summary>A mapping attribute alone declares no network: nothing is generated (and nothing reported).</summary>
    [Fact]
    public void MappingWithoutNetworkGeneratesNothing()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[GaussianFeatures(8, 10f)]"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    /// <summary>FG0011 can be silenced the way docs/diagnostics.md says: NoWarn / a global severity (compilation options).</summary>
    [Fact]
    public void KernelWarningCanBeSuppressedByNoWarn()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(DiagnosticTests.Net("[FourierNetwork(2, 3, Activation = Activation.Tanh)]"));
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            compilation.Options.SpecificDiagnosticOptions.SetItem("FG0011", ReportDiagnostic.Suppress)));
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.GeneratedSources);
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    /// <summary>
    /// FG0011 can be silenced with #pragma around the declaration: diagnostics keep their syntax-tree locations, and the
    /// compiler applies a file's pragmas to a diagnostic only when its location is in that tree. Outside the pragma's
    /// range the same warning is still reported.
    /// </summary>
    [Fact]
    public void KernelWarningCanBeSuppressedByPragma()
    {
        string source = DiagnosticTests.Net("""
            #pragma warning disable FG0011 // tanh on purpose
            [FourierNetwork(2, 3, Activation = Activation.Tanh)]
            public partial class Quiet;
            #pragma warning restore FG0011

            [FourierNetwork(2, 3, Activation = /*<*/Activation.Tanh/*>*/)]
            """);
        GeneratorRun run = GeneratorHarness.Run(source);

        // The compiler keeps a pragma-suppressed diagnostic in the list, marked suppressed (a build does not show it).
        Assert.Equal(["FG0011", "FG0011"], run.GeneratorDiagnostics.Select(d => d.Id));
        Diagnostic quiet = Assert.Single(run.GeneratorDiagnostics, d => d.IsSuppressed);
        Assert.True(quiet.Location.SourceSpan.End < source.IndexOf("#pragma warning restore", StringComparison.Ordinal));
        Diagnostic reported = Assert.Single(run.GeneratorDiagnostics, d => !d.IsSuppressed);
        DiagnosticTests.AssertLocation(source, Markup.Span(source), reported.Location);
        Assert.Equal(2, run.GeneratedSources.Length);
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    /// <summary>
    /// Roslyn compares hint names ignoring case, so Demo.Net and Demo.NET would both claim one file and the whole
    /// generator would fail; the hash of the exact spelling in every hint name keeps them apart.
    /// </summary>
    [Fact]
    public void TypeNamesDifferingOnlyInCaseBothGenerate()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 1)]", "public partial class Net;\n\n[FourierNetwork(2, 1)]\npublic partial class NET;"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(["Demo.NET", "Demo.Net"], run.GeneratedTypeNames);
        Assert.Equal(2, run.GeneratedSources.Select(s => s.HintName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    /// <summary>
    /// Every type-name length from 1 to 48 characters, in a namespace: each length moves the members' signatures across the
    /// line limit, where a signature just shorter than the limit once made the line breaker search past its end (FG9999).
    /// </summary>
    [Fact]
    public void EveryTypeNameLengthGeneratesCleanly()
    {
        for (int length = 1; length <= 48; length++)
        {
            string name = "N" + new string('x', length - 1);
            GeneratorHarness.RunClean($"using FourierGen;\nnamespace Outer.Inner\n{{\n[FourierNetwork(2, 3, Hidden = [8])]\n[GaussianFeatures(4, 1f)]\npublic partial class {name};\n}}");
        }
    }
}
