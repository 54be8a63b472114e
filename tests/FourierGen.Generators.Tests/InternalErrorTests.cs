using Microsoft.CodeAnalysis;

namespace FourierGen.Generators.Tests;

/// <summary>
/// <see cref="FourierNetworkGenerator.OnParsedForTesting"/> is static: while a test here sets it, no other
/// generator test may run, so this class has a collection of its own that xunit runs after the others, alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GeneratorHookCollection
{
    public const string Name = "Generator test hook (not parallel)";
}

/// <summary>FG9999: an exception inside the generator becomes a diagnostic; the generator itself does not fail.</summary>
[Collection(GeneratorHookCollection.Name)]
public sealed class InternalErrorTests
{
    [Fact]
    public void ExceptionWhileParsingIsReportedAsFG9999()
    {
        string source = DiagnosticTests.Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 10f)]", "public partial class /*<*/Net/*>*/;");
        GeneratorRun run;
        FourierNetworkGenerator.OnParsedForTesting = spec => throw new InvalidOperationException($"test failure for {spec.Type.Name}");
        try
        {
            run = GeneratorHarness.Run(source);
        }
        finally
        {
            FourierNetworkGenerator.OnParsedForTesting = null;
        }

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("FG9999", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "FourierGen could not generate 'Net': InvalidOperationException: test failure for Net. This is a bug in FourierGen; please report it with the declaration.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        DiagnosticTests.AssertLocation(source, Markup.Span(source), diagnostic.Location);
        Assert.Empty(run.GeneratedSources);

        // The generator did not crash: no CS8784/CS8785 ("generator failed") anywhere, no exception recorded.
        Assert.Null(Assert.Single(run.RunResult.Results).Exception);
        string[] generatorFailures = ["CS8784", "CS8785"];
        Assert.DoesNotContain(run.RunResult.Diagnostics, d => generatorFailures.Contains(d.Id));
        Assert.DoesNotContain(run.OutputDiagnostics, d => generatorFailures.Contains(d.Id));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => generatorFailures.Contains(d.Id));
    }

    [Fact]
    public void OneFailingNetworkDoesNotStopTheOthers()
    {
        string source = DiagnosticTests.Net(
            "[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 10f)]",
            "public partial class Broken;\n\n[FourierNetwork(1, 1)]\npublic partial class Fine;");
        GeneratorRun run;
        FourierNetworkGenerator.OnParsedForTesting = spec =>
        {
            if (spec.Type.Name == "Broken")
            {
                throw new NotSupportedException("only Broken fails");
            }
        };
        try
        {
            run = GeneratorHarness.Run(source);
        }
        finally
        {
            FourierNetworkGenerator.OnParsedForTesting = null;
        }

        Assert.Equal("FG9999", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Equal("Demo.Fine", GeneratorRun.TypeNameOf(Assert.Single(run.GeneratedSources).HintName));
    }

    [Fact]
    public void TheHookIsResetAfterTheTests()
    {
        Assert.Null(FourierNetworkGenerator.OnParsedForTesting);
        GeneratorHarness.RunClean(DiagnosticTests.Net("[FourierNetwork(2, 3)]"));
    }
}
