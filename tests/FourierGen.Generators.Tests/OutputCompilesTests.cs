using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FourierGen.Generators.Tests;

/// <summary>Every mapping kind and every place a network can be declared: the generator is silent and its output compiles without warnings.</summary>
public sealed class OutputCompilesTests
{
    /// <summary>Declarations by name: mapping kinds × sizes (multiple of 8 or not, below 8) × inputs × where the type lives.</summary>
    public static TheoryData<string, string> Declarations => new()
    {
        { "no mapping", Namespaced("[FourierNetwork(2, 3)]") },
        { "no mapping, 1 input, no hidden layers", Namespaced("[FourierNetwork(1, 1, Hidden = [])]") },
        { "basic, 1 input", Namespaced("[FourierNetwork(1, 1)]\n[BasicFeatures]") },
        { "basic, 3 inputs, normalized", Namespaced("[FourierNetwork(3, 2)]\n[BasicFeatures(Normalize = true)]") },
        { "positional, 2 inputs, m = 2·8", Namespaced("[FourierNetwork(2, 3)]\n[PositionalEncoding(8, 6f)]") },
        { "positional, 3 inputs, m = 3·5", Namespaced("[FourierNetwork(3, 1)]\n[PositionalEncoding(frequencies: 5, scale: 4.5f, Normalize = true)]") },
        { "gaussian, m = 256", Namespaced("[FourierNetwork(2, 3, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid)]\n[GaussianFeatures(size: 256, scale: 10f, Seed = 0)]") },
        { "gaussian, m = 13", Namespaced("[FourierNetwork(2, 3)]\n[GaussianFeatures(13, 1f, Seed = -7)]") },
        { "gaussian, m = 5 (scalar path)", Namespaced("[FourierNetwork(1, 1)]\n[GaussianFeatures(5, 1f)]") },
        { "gaussian, m = 1", Namespaced("[FourierNetwork(3, 1)]\n[GaussianFeatures(1, 0.5f, Normalize = true)]") },
        { "random gaussian", Namespaced("[FourierNetwork(2, 1)]\n[RandomFeatures(FrequencyDistribution.Gaussian, 16, 10f)]") },
        { "random uniform", Namespaced("[FourierNetwork(3, 1)]\n[RandomFeatures(FrequencyDistribution.Uniform, 24, 3f, Seed = 5)]") },
        { "random uniform-log", Namespaced("[FourierNetwork(1, 2)]\n[RandomFeatures(FrequencyDistribution.UniformLog, 9, 64f, Normalize = true)]") },
        { "random laplace", Namespaced("[FourierNetwork(2, 2)]\n[RandomFeatures(FrequencyDistribution.Laplace, 31, 2.5f)]") },
        { "power law, finite exponent", Namespaced("[FourierNetwork(1, 1)]\n[PowerLawFeatures(size: 32, exponent: 1.5f)]") },
        { "power law, exponent 0, 2 inputs", Namespaced("[FourierNetwork(2, 1)]\n[PowerLawFeatures(7, 0f, Normalize = true)]") },
        { "power law, infinite exponent", Namespaced("[FourierNetwork(3, 1)]\n[PowerLawFeatures(4, float.PositiveInfinity)]") },
        { "explicit, no amplitudes", Namespaced("[FourierNetwork(2, 1)]\n[FourierFeatures([1f, 0f, 0f, 1f, 2.5f, -3f])]") },
        { "explicit, amplitudes, normalized", Namespaced("[FourierNetwork(1, 1)]\n[FourierFeatures([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f], [1f, 0.5f, 0.25f, 0.125f, 1f, 1f, 1f, 1f, 0.1f], Normalize = true)]") },
        { "explicit, array creation syntax", Namespaced("[FourierNetwork(2, 1)]\n[FourierFeatures(new float[] { 1f, 2f }, new[] { 3f })]") },
        {
            "all network options",
            Namespaced("""
                [FourierNetwork(inputs: 2, outputs: 4, Hidden = [32, 17], Activation = Activation.Identity, OutputActivation = Activation.Tanh,
                    Parameterization = Parameterization.Ntk, WeightStd = 1.4, BiasStd = 0.05, Bias = false, Initialization = Initialization.JaxStax)]
                [GaussianFeatures(16, 10f)]
                """)
        },
        { "global namespace", Global("[FourierNetwork(2, 3)]\n[GaussianFeatures(16, 10f)]") },
        { "global namespace, no mapping", Global("[FourierNetwork(2, 3)]") },
        {
            "nested in partial classes",
            """
            using FourierGen;

            namespace Demo.Nested
            {
                public static partial class Outer
                {
                    internal partial class Middle
                    {
                        [FourierNetwork(2, 1, Hidden = [8])]
                        [GaussianFeatures(12, 10f)]
                        public partial class Net;
                    }
                }
            }
            """
        },
        {
            "nested in partial record and struct",
            """
            using FourierGen;

            namespace Demo;

            public partial record Outer
            {
                public partial struct Middle
                {
                    [FourierNetwork(2, 1, Hidden = [8])]
                    [BasicFeatures]
                    public sealed partial class Net;
                }
            }
            """
        },
        { "record", Namespaced("[FourierNetwork(2, 3, Hidden = [8])]\n[GaussianFeatures(8, 10f)]", "public partial record Net;") },
        { "struct", Namespaced("[FourierNetwork(2, 3, Hidden = [8])]\n[GaussianFeatures(8, 10f)]", "public partial struct Net;") },
        { "record struct", Namespaced("[FourierNetwork(1, 1, Hidden = [8])]", "public partial record struct Net;") },
        { "sealed internal class with a body", Namespaced("[FourierNetwork(2, 3)]\n[BasicFeatures]", "internal sealed partial class Net { public int Extra => InputSize + 1; }") },
        { "fully qualified attribute names", "[global::FourierGen.FourierNetworkAttribute(2, 3)]\n[global::FourierGen.GaussianFeatures(8, 1f)]\npublic partial class Net;" },
        { "readonly struct", Namespaced("[FourierNetwork(2, 1, Hidden = [8])]\n[GaussianFeatures(8, 1f)]", "public readonly partial struct Net;") },
        {
            "nested in static, ref struct, readonly struct and interface types",
            """
            using FourierGen;

            namespace Demo;

            public static partial class A { [FourierNetwork(1, 1, Hidden = [8])] public partial class Net; }
            public ref partial struct B { [FourierNetwork(1, 1, Hidden = [8])] public partial class Net; }
            public readonly partial struct C { [FourierNetwork(1, 1, Hidden = [8])] public partial class Net; }
            public partial interface ID { [FourierNetwork(1, 1, Hidden = [8])] public partial class Net; }
            """
        },
        { "mapping attribute on another partial declaration", Namespaced("[FourierNetwork(2, 1, Hidden = [8])]", "public partial class Net;\n\n[GaussianFeatures(16, 10f)]\npartial class Net;") },
        { "enum given as a constant 0", Namespaced("[FourierNetwork(1, 1, Hidden = [8], Activation = 0)]") },
        { "extreme seed and scale", Namespaced("[FourierNetwork(1, 1, Hidden = [8])]\n[GaussianFeatures(8, float.Epsilon, Seed = int.MinValue)]") },
        { "largest positional scale (FG0031 from 128)", Namespaced("[FourierNetwork(1, 1, Hidden = [8])]\n[PositionalEncoding(8, 127.99999f)]") },
        { "negative exponent", Namespaced("[FourierNetwork(1, 1, Hidden = [8])]\n[PowerLawFeatures(8, -2f)]") },
        { "max inputs, max frequencies", Namespaced($"[FourierNetwork({NetworkLimits.MaxInputs}, 1, Hidden = [8])]\n[PositionalEncoding({NetworkLimits.MaxFrequencies / NetworkLimits.MaxInputs}, 8f)]") },
        { "large: m = 1024 (loop path)", Namespaced("[FourierNetwork(2, 3)]\n[GaussianFeatures(1024, 10f)]") },
        { "large: m = 1027 (loop path and tail)", Namespaced("[FourierNetwork(3, 3)]\n[GaussianFeatures(1027, 10f)]") },
        { "m = 512 (unrolled)", Namespaced("[FourierNetwork(2, 3)]\n[GaussianFeatures(512, 10f)]") },
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void OutputCompilesWithoutWarnings(string name, string source)
    {
        GeneratorRun run = GeneratorHarness.RunClean(source);
        Assert.All(run.GeneratedSources, s => Assert.Contains("IFourierNetwork<", s.SourceText.ToString()));
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void TwoNetworksInOneCompilationGetDistinctFiles()
    {
        GeneratorRun run = GeneratorHarness.Run(
            Namespaced("[FourierNetwork(2, 3)]\n[GaussianFeatures(16, 10f)]", "public partial class A;"),
            """
            namespace Other
            {
                [FourierGen.FourierNetwork(1, 1)]
                [FourierGen.BasicFeatures]
                public partial class A;

                public partial class Holder
                {
                    [FourierGen.FourierNetwork(1, 1)]
                    public partial class A;
                }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputWarningsAndErrors);
        Assert.Equal(
            ["Demo.A", "Other.A", "Other.Holder.A"],
            run.GeneratedTypeNames);
    }

    /// <summary>
    /// The feature encoder is one runtime implementation (for every vector width), so nothing is emitted per frequency or
    /// per vector block: m = 8, 512, 1024 and 1027 give files of the same length, without any vector code.
    /// </summary>
    [Fact]
    public void LargeMappingsStaySmall()
    {
        string[] sources = new[] { 8, 512, 1024, 1027 }
            .Select(m => GeneratorHarness.RunClean(Namespaced($"[FourierNetwork(2, 3)]\n[GaussianFeatures({m}, 10f)]")).SingleSource)
            .ToArray();

        Assert.All(sources, source => Assert.Equal(LineCount(sources[0]), LineCount(source)));
        Assert.All(sources, source => Assert.DoesNotContain("Vector", source));
        Assert.Contains("FrequencyCount = 1027;", sources[3]);
    }

    /// <summary>
    /// The generated part holds only what depends on the declaration (constants, forwarding members, the plan): the
    /// paper's image network fits in 120 lines of at most 140 characters besides its documentation comments (every public
    /// member carries its docs, mostly one <c>inheritdoc</c> line each), and so does every member line of any network.
    /// </summary>
    [Fact]
    public void ThePaperNetworksFileIsThin()
    {
        string paper = GeneratorHarness.RunClean(Namespaced(
            "[FourierNetwork(2, 3, OutputActivation = Activation.Sigmoid)]\n[GaussianFeatures(256, 10f)]", "public partial class GaussianImageNet;")).SingleSource;
        string[] lines = paper.Split('\n');
        int code = lines.Count(line => !line.TrimStart().StartsWith("///", StringComparison.Ordinal));
        Assert.True(code <= 120, $"{code} lines besides documentation comments");
        Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= 140, line));
        Assert.Contains($"GeneratedCode(\"FourierGen.Generators\", \"{typeof(FourierNetworkGenerator).Assembly.GetName().Version}\")", paper);
    }

    internal static string Namespaced(string attributes, string declaration = "public partial class Net;") =>
        $$"""
        using FourierGen;

        namespace Demo;

        {{attributes}}
        {{declaration}}
        """;

    private static string Global(string attributes) =>
        $$"""
        using FourierGen;

        {{attributes}}
        public partial class Net;
        """;

    private static int LineCount(string text) => text.Split('\n').Length;
}
