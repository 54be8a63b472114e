using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FourierGen.Generators.Tests;

/// <summary>
/// One or more declarations per diagnostic id: the generator reports exactly that diagnostic, with the
/// descriptor's severity, at the offending attribute argument (or element, or attribute, or type name),
/// marked in the source as <c>/*&lt;*/...&gt;*/</c>.
/// </summary>
public sealed class DiagnosticTests
{
    private static readonly string Layers33 = string.Join(", ", Enumerable.Repeat("1", NetworkLimits.MaxHiddenLayers + 1));

    public static TheoryData<string, string> Cases => new()
    {
        // FG0001: not partial, or nested in a type that is not.
        { "FG0001", Net("[FourierNetwork(2, 3)]", "public class /*<*/Net/*>*/;") },
        { "FG0001", Net("[FourierNetwork(2, 3)]", "public sealed record /*<*/Net/*>*/;") },
        {
            "FG0001",
            """
            using FourierGen;

            namespace Demo;

            public class Outer
            {
                [FourierNetwork(2, 3)]
                public partial class /*<*/Net/*>*/;
            }
            """
        },

        // FG0002 / FG0003: inputs and outputs, positional and named, below 1 and above the limit.
        { "FG0002", Net("[FourierNetwork(/*<*/0/*>*/, 3)]") },
        { "FG0002", Net("[FourierNetwork(outputs: 3, inputs: /*<*/-1/*>*/)]") },
        { "FG0002", Net($"[FourierNetwork(/*<*/{NetworkLimits.MaxInputs + 1}/*>*/, 3)]") },
        { "FG0003", Net("[FourierNetwork(2, /*<*/0/*>*/)]") },
        { "FG0003", Net($"[FourierNetwork(inputs: 2, outputs: /*<*/{NetworkLimits.MaxOutputs + 1}/*>*/)]") },

        // FG0004: the offending element of Hidden, in every array syntax.
        { "FG0004", Net("[FourierNetwork(2, 3, Hidden = [256, /*<*/0/*>*/])]") },
        { "FG0004", Net($"[FourierNetwork(2, 3, Hidden = [/*<*/{NetworkLimits.MaxHiddenWidth + 1}/*>*/, 8])]") },
        { "FG0004", Net("[FourierNetwork(2, 3, Hidden = new[] { 8, 8, /*<*/-4/*>*/ })]") },
        { "FG0004", Net("[FourierNetwork(2, 3, Hidden = new int[] { /*<*/0/*>*/ })]") },

        // FG0005: the whole Hidden argument.
        { "FG0005", Net($"[FourierNetwork(2, 3, Hidden = /*<*/[{Layers33}]/*>*/)]") },

        // FG0006: the second mapping attribute, in separate lists or in one.
        { "FG0006", Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 10f)]\n[/*<*/BasicFeatures/*>*/]") },
        { "FG0006", Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 10f), /*<*/PositionalEncoding(4, 2f)/*>*/]") },

        // FG0007: scale 0, negative, NaN, ±∞, for every mapping with a scale.
        { "FG0007", Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, /*<*/0f/*>*/)]") },
        { "FG0007", Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, /*<*/-1f/*>*/)]") },
        { "FG0007", Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(size: 8, scale: /*<*/float.NaN/*>*/)]") },
        { "FG0007", Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, /*<*/float.PositiveInfinity/*>*/)]") },
        { "FG0007", Net("[FourierNetwork(2, 3)]\n[RandomFeatures(FrequencyDistribution.Laplace, 8, /*<*/float.NegativeInfinity/*>*/)]") },
        { "FG0007", Net("[FourierNetwork(2, 3)]\n[PositionalEncoding(8, /*<*/0f/*>*/)]") },

        // FG0008
        { "FG0008", Net("[FourierNetwork(2, 3)]\n[PositionalEncoding(/*<*/1/*>*/, 4f)]") },
        { "FG0008", Net("[FourierNetwork(2, 3)]\n[PositionalEncoding(scale: 4f, frequencies: /*<*/0/*>*/)]") },

        // FG0009: the frequencies argument.
        { "FG0009", Net("[FourierNetwork(2, 3)]\n[FourierFeatures(/*<*/[1f, 2f, 3f]/*>*/)]") },
        { "FG0009", Net("[FourierNetwork(3, 3)]\n[FourierFeatures(/*<*/new float[] { 1f, 2f }/*>*/, [1f])]") },
        { "FG0009", Net("[FourierNetwork(1, 3)]\n[FourierFeatures(/*<*/[]/*>*/)]") },

        // FG0010: the amplitudes argument.
        { "FG0010", Net("[FourierNetwork(1, 3)]\n[FourierFeatures([1f, 2f], /*<*/[1f, 2f, 3f]/*>*/)]") },
        { "FG0010", Net("[FourierNetwork(2, 3)]\n[FourierFeatures([1f, 2f, 3f, 4f], /*<*/[1f]/*>*/)]") },

        // FG0011 (a warning; code is still generated): the Activation argument.
        { "FG0011", Net("[FourierNetwork(2, 3, Activation = /*<*/Activation.Tanh/*>*/)]\n[GaussianFeatures(8, 10f)]") },
        { "FG0011", Net("[FourierNetwork(2, 3, Hidden = [8], Activation = /*<*/Activation.Sigmoid/*>*/)]") },

        // FG0012: the size argument (for positional and power-law features the count is per axis).
        { "FG0012", Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(/*<*/0/*>*/, 10f)]") },
        { "FG0012", Net($"[FourierNetwork(2, 3)]\n[RandomFeatures(FrequencyDistribution.Uniform, /*<*/{NetworkLimits.MaxFrequencies + 1}/*>*/, 10f)]") },
        { "FG0012", Net($"[FourierNetwork(2, 3)]\n[PositionalEncoding(/*<*/{NetworkLimits.MaxFrequencies / 2 + 1}/*>*/, 10f)]") },
        { "FG0012", Net("[FourierNetwork(2, 3)]\n[PowerLawFeatures(/*<*/-3/*>*/, 1f)]") },

        // FG0013
        { "FG0013", Net("[FourierNetwork(2, 3, WeightStd = /*<*/-1.0/*>*/)]") },
        { "FG0013", Net("[FourierNetwork(2, 3, WeightStd = /*<*/-2/*>*/)]") },
        { "FG0013", Net("[FourierNetwork(2, 3, BiasStd = /*<*/double.NaN/*>*/)]") },
        { "FG0013", Net("[FourierNetwork(2, 3, WeightStd = /*<*/double.PositiveInfinity/*>*/)]") },

        // FG0014: every enum-typed argument.
        { "FG0014", Net("[FourierNetwork(2, 3, Activation = /*<*/(Activation)42/*>*/)]") },
        { "FG0014", Net("[FourierNetwork(2, 3, OutputActivation = /*<*/(Activation)(-1)/*>*/)]") },
        { "FG0014", Net("[FourierNetwork(2, 3, Parameterization = /*<*/(Parameterization)2/*>*/)]") },
        { "FG0014", Net("[FourierNetwork(2, 3, Initialization = /*<*/(Initialization)3/*>*/)]") },
        { "FG0014", Net("[FourierNetwork(2, 3)]\n[RandomFeatures(/*<*/(FrequencyDistribution)4/*>*/, 8, 1f)]") },

        // FG0015
        { "FG0015", Net("[FourierNetwork(2, 3)]\n[PowerLawFeatures(8, /*<*/float.NaN/*>*/)]") },
        { "FG0015", Net("[FourierNetwork(2, 3)]\n[PowerLawFeatures(exponent: /*<*/0f / 0f/*>*/, size: 8)]") },

        // FG0016: generic, or nested in a generic type.
        { "FG0016", Net("[FourierNetwork(2, 3)]", "public partial class /*<*/Net/*>*/<T>;") },
        {
            "FG0016",
            """
            using FourierGen;

            namespace Demo;

            public partial class Outer<T>
            {
                [FourierNetwork(2, 3)]
                public partial class /*<*/Net/*>*/;
            }
            """
        },

        // FG0017: the offending element.
        { "FG0017", Net("[FourierNetwork(1, 3)]\n[FourierFeatures([1f, /*<*/float.NaN/*>*/])]") },
        { "FG0017", Net("[FourierNetwork(1, 3)]\n[FourierFeatures([1f, 2f], [1f, /*<*/float.PositiveInfinity/*>*/])]") },
        { "FG0017", Net("[FourierNetwork(1, 3)]\n[FourierFeatures(new[] { /*<*/1f / 0f/*>*/ })]") },

        // FG0018
        { "FG0018", Net("[FourierNetwork(2, 3)]", "public static partial class /*<*/Net/*>*/;") },

        // FG0019: the parameter list, on whichever part declares it.
        { "FG0019", Net("[FourierNetwork(2, 3)]", "public partial record Net/*<*/(string Name)/*>*/;") },
        { "FG0019", Net("[FourierNetwork(2, 3)]", "public partial class Net/*<*/(int x)/*>*/ { public int X => x; }") },
        { "FG0019", Net("[FourierNetwork(2, 3)]", "public partial struct Net;\n\npartial struct Net/*<*/(int X)/*>*/ { public int Y => X; }") },

        // FG0020: the Hidden argument; 9 layers of 16384 are each within the limits, 2.4e9 parameters together.
        { "FG0020", Net($"[FourierNetwork(2, 1, Hidden = /*<*/[{string.Join(", ", Enumerable.Repeat(NetworkLimits.MaxHiddenWidth, 9))}]/*>*/)]") },

        // FG0021 / FG0022: the type's name.
        { "FG0021", Net("[FourierNetwork(2, 3)]", "public ref partial struct /*<*/Net/*>*/;") },
        { "FG0021", Net("[FourierNetwork(2, 3)]", "public readonly ref partial struct /*<*/Net/*>*/;") },
        { "FG0022", Net("[FourierNetwork(2, 3)]", "file partial class /*<*/Net/*>*/;") },
        {
            "FG0022",
            """
            using FourierGen;

            namespace Demo;

            file partial class Outer
            {
                [FourierNetwork(2, 3)]
                public partial class /*<*/Net/*>*/;
            }
            """
        },

        // FG0023: the Weights argument names a file that is not an AdditionalFiles item (see BakingTests for FG0024–FG0026).
        { "FG0023", Net("[FourierNetwork(2, 3, Weights = /*<*/\"missing.fgw\"/*>*/)]") },
        { "FG0023", Net("[FourierNetwork(2, 3, Weights = /*<*/\" \"/*>*/)]") },

        // FG0027: the type's name.
        { "FG0027", Net("[FourierNetwork(2, 3)]", "public abstract partial class /*<*/Net/*>*/;") },

        // FG0028: the user's member named like a generated one (at the member), the type named like one, an inherited member (at the type).
        { "FG0028", Net("[FourierNetwork(2, 3)]", "public partial class Net { public int /*<*/Seed/*>*/; }") },
        { "FG0028", Net("[FourierNetwork(2, 3)]", "public partial class Net { public void /*<*/Save/*>*/(string path) { } }") },
        { "FG0028", Net("[FourierNetwork(2, 3)]", "public partial class Net { private static int /*<*/InputSize/*>*/ => 3; }") },
        { "FG0028", Net("[FourierNetwork(2, 3)]", "public partial class /*<*/Predict/*>*/;") },
        { "FG0028", Net("[FourierNetwork(2, 3)]", "public partial class /*<*/Net/*>*/ : Base;\n\npublic class Base { public void Encode() { } }") },
        { "FG0028", Net("[FourierNetwork(2, 3, Weights = \"a.fgw\")]", "public partial class Net { public static int /*<*/Baked/*>*/; }") },

        // FG0029: the type's name.
        { "FG0029", Net("[FourierNetwork(2, 3)]", "public partial class /*<*/Net/*>*/ : Base { public Net(string s) : base(1) { } }\n\npublic class Base { public Base(int x) { } }") },

        // FG0030: the Hidden argument.
        { "FG0030", Net("[FourierNetwork(2, 3, Hidden = /*<*/null/*>*/)]") },

        // FG0031: the scale or exponent.
        { "FG0031", Net("[FourierNetwork(2, 3)]\n[PositionalEncoding(8, /*<*/128f/*>*/)]") },
        { "FG0031", Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, /*<*/1e38f/*>*/)]") },
        { "FG0031", Net("[FourierNetwork(2, 3)]\n[RandomFeatures(FrequencyDistribution.Laplace, 8, /*<*/1e37f/*>*/)]") },
        { "FG0031", Net("[FourierNetwork(2, 3)]\n[PowerLawFeatures(64, /*<*/-22f/*>*/)]") },
        { "FG0031", Net("[FourierNetwork(2, 3)]\n[PowerLawFeatures(1, /*<*/float.NegativeInfinity/*>*/)]") },

        // FG0032: WeightStd (or BiasStd when only it is given).
        { "FG0032", Net("[FourierNetwork(2, 3, WeightStd = /*<*/1e10/*>*/)]") },
        { "FG0032", Net("[FourierNetwork(2, 3, BiasStd = /*<*/1e10/*>*/)]") },
        { "FG0032", Net("[FourierNetwork(2, 3, Hidden = [64, 64, 64, 64, 64, 64, 64, 64], WeightStd = /*<*/100/*>*/)]") },
        { "FG0032", Net($"[FourierNetwork(2, 3, WeightStd = /*<*/{double.MaxValue.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}/*>*/)]") },

        // FG0036: a constructor of the user's that does not chain to the generated one (at its name).
        { "FG0036", Net("[FourierNetwork(2, 3)]", "public partial class Net { public /*<*/Net/*>*/(string name) { } }") },

        // FG0034 / FG0035: the type's name.
        { "FG0034", Net("[FourierNetwork(2, 3)]", $"public partial class /*<*/{new string('N', 1000)}/*>*/;") },
        {
            "FG0035",
            """
            using FourierGen;

            class System { }

            namespace Demo
            {
                [FourierNetwork(2, 3)]
                public partial class /*<*/Net/*>*/;
            }
            """
        },

        // FG0033: the amplitudes argument.
        { "FG0033", Net("[FourierNetwork(1, 3)]\n[FourierFeatures([1f, 2f], /*<*/[0f, 0f]/*>*/, Normalize = true)]") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsTheDiagnosticAtTheOffendingArgument(string id, string source)
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(id);
        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(descriptor.DefaultSeverity, diagnostic.Severity);
        AssertLocation(source, Markup.Span(source), diagnostic.Location);
        Assert.DoesNotContain("{", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)); // every placeholder was filled

        // The user's code itself is valid C#: the generator's diagnostic is the only complaint.
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));

        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
        {
            // An error stops generation: the type gets stubs (members that throw), or nothing where no partial can go.
            Assert.All(run.GeneratedSources, s => Assert.True(GeneratorRun.IsStub(s.SourceText.ToString()), s.SourceText.ToString()));
        }
        else
        {
            Assert.Single(run.GeneratedSources); // a warning does not
            Assert.Empty(run.OutputWarningsAndErrors);
        }
    }

    /// <summary>Every descriptor except FG9999 (see <see cref="InternalErrorTests"/>) has at least one case above or in <see cref="BakingTests"/>.</summary>
    [Fact]
    public void EveryDescriptorHasACase()
    {
        var covered = Cases.Select(row => (string)row[0]).Concat(BakingTests.CoveredIds).ToHashSet();
        var missing = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => id != "FG9999" && !covered.Contains(id)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void MessagesNameTheValues()
    {
        Assert.Equal(
            "The network's inputs must be between 1 and 64, not 0; declare a positive input dimension",
            Message(Net("[FourierNetwork(0, 3)]")));
        Assert.Equal(
            "Hidden layer 2 has width 0; every hidden width must be between 1 and 16384",
            Message(Net("[FourierNetwork(2, 3, Hidden = [256, 0])]")));
        Assert.Equal(
            "'Net' already has the mapping [GaussianFeatures]; a network takes at most one mapping attribute, so remove [BasicFeatures]",
            Message(Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 10f)]\n[BasicFeatures]")));
        Assert.Equal(
            "The frequency scale is NaN; it must be finite and greater than 0",
            Message(Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, float.NaN)]")));
        Assert.Equal(
            "Activation is 42, which is not a defined Activation value",
            Message(Net("[FourierNetwork(2, 3, Activation = (Activation)42)]")));
        Assert.Equal(
            "FourierFeatures amplitudes[1] is Infinity; every frequency and amplitude must be finite",
            Message(Net("[FourierNetwork(1, 3)]\n[FourierFeatures([1f, 2f], [1f, float.PositiveInfinity])]")));
        Assert.Equal(
            "The hidden activation Tanh has no closed-form NNGP/NTK, so Nngp/Ntk members are not generated; use Activation.Relu for analytic kernels",
            Message(Net("[FourierNetwork(2, 3, Activation = Activation.Tanh)]")));
    }

    /// <summary>Several problems in one declaration are all reported, each at its own argument.</summary>
    [Fact]
    public void ReportsEveryProblemOfADeclaration()
    {
        string source = Net("[FourierNetwork(0, 0, Hidden = [0], WeightStd = -1)]\n[GaussianFeatures(0, 0f)]");
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Equal(
            ["FG0002", "FG0003", "FG0004", "FG0013", "FG0007", "FG0012"],
            run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(GeneratorHarness.SourcePath, d.Location.GetLineSpan().Path));
        Assert.Equal(run.GeneratorDiagnostics.Length, run.GeneratorDiagnostics.Select(d => d.Location.SourceSpan).Distinct().Count());
        Assert.True(GeneratorRun.IsStub(run.SingleSource));
    }

    /// <summary>
    /// At FG0020's bound (2^28): hidden widths 16384 and 16379 on raw 2-D inputs have 268,435,447 parameters, 9 below it,
    /// and compile; one more unit in the second layer (16380) is 16,377 over it.
    /// </summary>
    [Fact]
    public void ParameterCountAtTheBound()
    {
        static long Count(long w1, long w2) => (2 * w1 + w1) + (w1 * w2 + w2) + (w2 + 1);
        Assert.Equal(NetworkLimits.MaxParameters - 9, Count(16384, 16379));
        GeneratorRun run = GeneratorHarness.RunClean(Net("[FourierNetwork(2, 1, Hidden = [16384, 16379])]"));
        Assert.Contains($"public const int ParameterCount = {Count(16384, 16379)};", run.SingleSource);

        Assert.Equal(NetworkLimits.MaxParameters + 16_377, Count(16384, 16380));
        Assert.Equal(["FG0020"], GeneratorHarness.Run(Net("[FourierNetwork(2, 1, Hidden = [16384, 16380])]")).GeneratorDiagnostics.Select(d => d.Id));
    }

    /// <summary>Invalid inputs are FG0002 alone, not also a "multiple of 0 inputs" FG0009 for explicit frequencies.</summary>
    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void InvalidInputsDoNotCascadeIntoFrequencyShape(string inputs)
    {
        GeneratorRun run = GeneratorHarness.Run(Net($"[FourierNetwork({inputs}, 3)]\n[FourierFeatures([1f, 2f], [1f, 1f])]"));
        Assert.Equal(["FG0002"], run.GeneratorDiagnostics.Select(d => d.Id));
    }

    /// <summary>A declaration that does not bind (a compiler error) gets no generator diagnostic on top.</summary>
    [Fact]
    public void CompilerErrorsInTheAttributeAreNotRepeated()
    {
        GeneratorRun run = GeneratorHarness.Run(Net("[FourierNetwork(2, \"three\")]\n[GaussianFeatures(8, 10f)]"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.GeneratedSources);
        Assert.Contains(run.OutputDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    internal static void AssertLocation(string source, TextSpan expected, Location location)
    {
        FileLinePositionSpan lineSpan = location.GetLineSpan();
        Assert.Equal(GeneratorHarness.SourcePath, lineSpan.Path);
        Assert.True(expected == location.SourceSpan,
            $"Expected the span of '{source[expected.Start..expected.End]}' {expected}, got '{Text(source, location.SourceSpan)}' {location.SourceSpan}");

        // The line/column span must describe the same text (the IDE draws the squiggle from it).
        SourceText text = SourceText.From(source);
        Assert.Equal(text.Lines.GetLinePositionSpan(expected), lineSpan.Span);
    }

    private static string Text(string source, TextSpan span) =>
        span.End <= source.Length ? source[span.Start..span.End] : "<out of range>";

    private static string Message(string source) =>
        Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    internal static string Net(string attributes, string declaration = "public partial class Net;") =>
        OutputCompilesTests.Namespaced(attributes, declaration);
}
