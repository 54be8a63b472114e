extern alias Runtime;

using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using WeightFile = Runtime::FourierGen.Weights.WeightFile;

namespace FourierGen.Generators.Tests;

/// <summary>[FourierNetwork(Weights = "...")]: baking a weight file listed as an AdditionalFiles item.</summary>
public sealed class BakingTests : IDisposable
{
    private const string Declaration = "[FourierNetwork(2, 1, Hidden = [8], Weights = /*<*/\"weights/net.fgw\"/*>*/)]\n[GaussianFeatures(8, 10f)]";
    private readonly string _directory = Directory.CreateTempSubdirectory("fouriergen-baking-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void BakesTheFileAsConstantData()
    {
        string path = WriteValidFile(parameterValue: 0.1f);
        GeneratorRun run = Run(Source(Declaration), path);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputWarningsAndErrors);
        string generated = run.SingleSource;
        Assert.Contains("public static Net Baked { get; }", generated);
        // The file's values, not the declaration's: every parameter 0.1f and B = 0.5 everywhere, in the declared counts.
        float[] parameters = BakedValues(generated, "BakedParameters");
        Assert.Equal((16 * 8) + 8 + (8 * 1) + 1, parameters.Length); // 16 features → 8 → 1: W and b per layer
        Assert.All(parameters, p => Assert.Equal(0.1f, p));
        float[] frequencies = BakedValues(generated, "BakedFrequencies");
        Assert.Equal(8 * 2, frequencies.Length);
        Assert.All(frequencies, b => Assert.Equal(0.5f, b));
    }

    [Fact]
    public void MissingFileIsFG0024Unreadable()
    {
        AssertDiagnostic("FG0024", Run(Source(Declaration), Path.Combine(_directory, "weights", "net.fgw")), "could not be read");
    }

    [Fact]
    public void CorruptFileIsFG0025()
    {
        string path = WriteValidFile(parameterValue: 0.1f);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        AssertDiagnostic("FG0025", Run(Source(Declaration), path), "checksum");
    }

    [Fact]
    public void TruncatedFileIsFG0025()
    {
        string path = WriteValidFile(parameterValue: 0.1f);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..40]);
        AssertDiagnostic("FG0025", Run(Source(Declaration), path), "Truncated");
    }

    /// <summary>
    /// A damaged count field (d, m or P) disagrees with the declaration like another declaration's file would, but the
    /// fingerprint it still carries fixes every count: FG0025 (corrupt), not FG0026 (issue 18).
    /// </summary>
    [Theory]
    [InlineData(8)] // inputs
    [InlineData(12)] // frequencies
    [InlineData(16)] // parameters
    public void DamagedCountFieldIsFG0025(int offset)
    {
        string path = WriteValidFile(parameterValue: 0.1f);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        AssertDiagnostic("FG0025", Run(Source(Declaration), path), "the count fields say");
    }

    [Fact]
    public void FileOfAnotherDeclarationIsFG0026()
    {
        string path = WriteValidFile(parameterValue: 0.1f);
        // The same file, baked into a declaration with another hidden width.
        string other = Declaration.Replace("Hidden = [8]", "Hidden = [9]");
        AssertDiagnostic("FG0026", Run(Source(other), path), "hidden");
    }

    [Fact]
    public void UnrelatedEditsAreCachedAndAChangedFileIsReemitted()
    {
        string path = WriteValidFile(parameterValue: 0.1f);
        string source = Source(Declaration);
        var text = new DiskText(path);
        GeneratorDriver driver = CreateDriver(text);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        driver = driver.RunGenerators(compilation);

        // An unrelated edit: everything cached.
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", GeneratorHarness.ParseOptions)));
        AssertSteps(driver, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);

        // The file's content changes (a new AdditionalText, as the IDE and every build create): re-emitted.
        WriteValidFile(parameterValue: 0.2f);
        driver = driver.ReplaceAdditionalText(text, new DiskText(path));
        driver = driver.RunGenerators(compilation);
        AssertSteps(driver, IncrementalStepRunReason.Modified);
        Assert.All(BakedValues(driver.GetRunResult().Results[0].GeneratedSources[0].SourceText.ToString(), "BakedParameters"), p => Assert.Equal(0.2f, p));
    }

    /// <summary>
    /// A baked declaration's Weights argument has a place in source (for FG0023–FG0026); an edit elsewhere in its file
    /// moves it, yet the file is not validated again and nothing is re-emitted: the source path holds no location.
    /// </summary>
    [Fact]
    public void EditElsewhereInTheFileKeepsTheBakedSourceCached()
    {
        string path = WriteValidFile(parameterValue: 0.1f);
        string source = Source(Declaration);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        GeneratorRun first = GeneratorHarness.Run(CreateDriver(new DiskText(path)), compilation);
        Assert.Empty(first.GeneratorDiagnostics);
        Assert.Contains("Baked", first.SingleSource);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        GeneratorRun second = GeneratorHarness.Run(first.Driver, compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText("// Moves the Weights argument down a line.\n" + source, GeneratorHarness.ParseOptions, tree.FilePath)));

        IncrementalTests.AssertSourcePathCached(first, second);
        Assert.Empty(second.GeneratorDiagnostics);
        Assert.Empty(second.OutputWarningsAndErrors);
    }

    private static void AssertSteps(GeneratorDriver driver, params IncrementalStepRunReason[] allowed)
    {
        GeneratorRunResult result = driver.GetRunResult().Results[0];
        ImmutableArray<IncrementalGeneratorRunStep> steps = result.TrackedSteps[FourierNetworkGenerator.TrackingNames.Networks];
        Assert.All(steps.SelectMany(s => s.Outputs), output => Assert.Contains(output.Reason, allowed));
    }

    private static void AssertDiagnostic(string id, GeneratorRun run, string messagePart)
    {
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(messagePart, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase);
        // At the Weights argument, like FG0023.
        Assert.Equal(Markup.Span(Source(Declaration)), diagnostic.Location.SourceSpan);

        // The type still has its members, as stubs: the FG error is the only error.
        Assert.True(GeneratorRun.IsStub(run.SingleSource), run.SingleSource);
        Assert.DoesNotContain(run.OutputDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>A valid file for <see cref="Declaration"/>: its fingerprint is the generated Fingerprint constant's value.</summary>
    private string WriteValidFile(float parameterValue)
    {
        GeneratorRun run = GeneratorHarness.RunClean(Source(Declaration.Replace(", Weights = /*<*/\"weights/net.fgw\"/*>*/", "")));
        string unbaked = run.SingleSource;
        string fingerprint = (string)run.OutputCompilation.GetTypeByMetadataName("Demo.Net")!.GetMembers("Fingerprint")
            .OfType<IFieldSymbol>().Single().ConstantValue!;
        int parameters = int.Parse(Regex.Match(unbaked, "public const int ParameterCount = (\\d+);").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        string path = Path.Combine(_directory, "weights", "net.fgw");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WeightFile.Save(path, fingerprint, 2, Enumerable.Repeat(0.5f, 16).ToArray(), Enumerable.Repeat(1f, 8).ToArray(),
            Enumerable.Repeat(parameterValue, parameters).ToArray());
        return path;
    }

    /// <summary>The values of a baked array as the generated source holds them (base-64 lines of little-endian float32 in a UTF-8 raw literal).</summary>
    private static float[] BakedValues(string generated, string property)
    {
        Match literal = Regex.Match(generated, $@"ReadOnlySpan<byte> {property} =>\s*""""""(?<text>[A-Za-z0-9+/=\s]*)""""""u8;");
        Assert.True(literal.Success, $"no {property} literal");
        byte[] bytes = Convert.FromBase64String(Regex.Replace(literal.Groups["text"].Value, @"\s", ""));
        float[] values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }

    /// <summary>The diagnostics these tests cover (they need files on disk, which DiagnosticTests' table does not have).</summary>
    internal static readonly string[] CoveredIds = ["FG0024", "FG0025", "FG0026"];

    private static string Source(string attributes) => DiagnosticTests.Net(attributes);

    private static GeneratorDriver CreateDriver(AdditionalText text) => CSharpGeneratorDriver.Create(
            [new FourierNetworkGenerator().AsSourceGenerator()],
            additionalTexts: [text],
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static GeneratorRun Run(string source, string additionalFilePath) =>
        GeneratorHarness.Run(CreateDriver(new DiskText(additionalFilePath)), GeneratorHarness.CreateCompilation(source));

    /// <summary>An AdditionalFiles item on disk. Like the compiler's, reading it as text would fail for a binary file; the generator reads its bytes.</summary>
    private sealed class DiskText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Weight files are binary: the generator must not read them as text.");
    }
}
