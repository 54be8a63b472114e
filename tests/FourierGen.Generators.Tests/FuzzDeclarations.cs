using CsCheck;

namespace FourierGen.Generators.Tests;

/// <summary>One random declaration: the user's source and, for the run-time probe, the network type's full name.</summary>
internal sealed record FuzzDeclaration(string Source, string TypeName)
{
    public override string ToString() => Source;
}

/// <summary>
/// CsCheck generators of [FourierNetwork] declarations that stress the generator: attribute arguments in and out of range
/// (scales that overflow, extreme standard deviations, null arrays), names that collide with generated members or capture
/// them (contextual keywords, runtime type names), every partial kind, base classes, nesting, weight-file names with line
/// breaks. Each piece is a string of C#; the declaration is their concatenation.
/// </summary>
internal static class FuzzDeclarations
{
    /// <summary>The first value three times in four, else one of the others: most of a declaration is ordinary, so the unusual parts are tested one or two at a time.</summary>
    private static Gen<string> Usually(string usual, params string[] unusual) =>
        Gen.Frequency([(3 * unusual.Length, usual), .. unusual.Select(u => (1, u))]);

    private static readonly Gen<string> Namespace = Usually("Demo", "", "Fuzz.@class", "FourierGen.Features", "FourierGen.Generated", "FourierGen");

    private static readonly Gen<string> Name = Usually(
        "Net", "Seed", "Predict", "Trainer", "Plan", "NetworkCore", "Activation", "@class", "var", "record", "_", "nuint", "partial",
        "Ünïcödé", "Save", "Baked", new string('N', 1000), new string('L', 500));

    private static readonly Gen<string> Kind = Usually(
        "partial class", "sealed partial class", "partial struct", "readonly partial struct", "partial record",
        "partial record struct", "abstract partial class", "static partial class", "ref partial struct", "class", "partial interface");

    private static readonly Gen<string> Outer = Usually("", "public partial class Outer", "public partial struct Outer", "public static partial class Outer", "public class Outer");

    private static readonly Gen<string> Base = Usually("", "BaseOk", "BaseArg", "BaseNet", "BaseSeed", "BaseOptional");

    private const string Bases = """
        public class BaseOk { public int Unrelated => 1; }
        public class BaseArg { public BaseArg(int x) { } }
        public class BaseSeed { public int Seed => 2; }
        public class BaseOptional { protected BaseOptional(int x = 1) { } }
        [global::FourierGen.FourierNetwork(1, 1, Hidden = [4])]
        public partial class BaseNet;
        """;

    private static readonly Gen<string> Member = Gen.OneOf(
        "public int Seed;", "private int W0;", "private int B1 => 1;", "private void EncodeRows() { }", "private static int[] LayerWidths = [];",
        "private float[] _parameters = [];", "public void Save(string path) { }", "private int __core;", "public int Predict => 1;",
        "private int Layout;", "private static int FromWeights() => 0;", "public static int InputSize = 1;", "public class Trainer { }",
        "public int Ntk => 1;", "public int Baked => 1;", "public {0}(string s) : this(3) { }", "public {0}(int a, float? b, System.ReadOnlySpan<float> c, System.ReadOnlySpan<float> d) : this() { }",
        "public override string ToString() => \"x\";", "private int core;", "public int Fingerprint => 1;");

    private static readonly Gen<string> ScopeType = Gen.OneOf(
        "class var { }", "class _ { }", "class nuint { }", "class dynamic { }", "class Plan { }", "class NetworkLayout { }", "class NetworkCore { }",
        "class ReadOnlySpan<T> { }", "class Span<T> { }", "class System { }", "class global { }", "class FourierGen { }",
        "namespace FourierGen.Generated { class NetworkLayout { } class MappingPlan { } }", "namespace FourierGen.Activation { class X { } }",
        "namespace FourierGen.Features { class Y { } }", "class Activation { }", "class Task { }", "class Math { }");

    private static readonly Gen<string> Network = Gen.Select(
        Usually("2", "-1", "0", "1", "3", "64", "65"),
        Usually("1", "0", "2", "3", "4097"),
        Usually("", "", "", ", Hidden = null", ", Hidden = []", ", Hidden = [8]", ", Hidden = [16, 16]", ", Hidden = [0]", ", Hidden = [4, 4, 4, 4]", ", Hidden = new[] { 8 }"),
        Usually("", "", "", ", Activation = Activation.Tanh", ", Activation = Activation.Sigmoid", ", Activation = Activation.Identity", ", Activation = (Activation)42"),
        Usually("", "", "", ", OutputActivation = Activation.Tanh", ", OutputActivation = Activation.Sigmoid", ", OutputActivation = Activation.Relu"),
        Usually("", "", ", Parameterization = Parameterization.Ntk", ", Initialization = Initialization.JaxStax", ", Initialization = Initialization.PyTorch"),
        Usually("", "", "", ", WeightStd = 0", ", WeightStd = 1.4", ", WeightStd = 100", ", WeightStd = 1e10", ", WeightStd = -1", ", WeightStd = double.NaN",
            ", WeightStd = double.MaxValue", ", WeightStd = 1e-300", ", BiasStd = 0.05", ", BiasStd = 1e10", ", BiasStd = double.MaxValue", ", Bias = false"),
        Usually("", "", "", "", "", ", Weights = \"missing.fgw\"", ", Weights = \"a\\nb.fgw\"", ", Weights = \"a\\u2028b\\u0085.fgw\"", ", Weights = \"</summary>&.fgw\"", ", Weights = \"\""),
        (inputs, outputs, hidden, activation, output, parameterization, std, weights) =>
            $"[global::FourierGen.FourierNetwork({inputs}, {outputs}{hidden}{activation}{output}{parameterization}{std}{weights})]");

    private static readonly Gen<string> Scale = Usually("10f", "0f", "1f", "127.9f", "128f", "1e30f", "3e37f", "float.MaxValue", "float.NaN", "-1f", "float.Epsilon");

    private static readonly Gen<string> Size = Usually("16", "0", "1", "5", "17000");

    private static readonly Gen<string> Normalize = Usually("", "", ", Normalize = true");

    private static readonly Gen<string> Mapping = Gen.OneOf<string>(
        Gen.Const(""),
        Gen.Const(""),
        Normalize.Select(n => $"[BasicFeatures({n.TrimStart(',', ' ')})]"),
        Gen.Select(Usually("8", "0", "1", "2", "5"), Scale, Normalize, (k, s, n) => $"[PositionalEncoding({k}, {s}{n})]"),
        Gen.Select(Size, Scale, Usually("", ", Seed = -7", ", Seed = int.MinValue"), Normalize, (m, s, seed, n) => $"[GaussianFeatures({m}, {s}{seed}{n})]"),
        Gen.Select(Usually("Gaussian", "Uniform", "UniformLog", "Laplace"), Size, Scale, Normalize,
            (d, m, s, n) => $"[RandomFeatures(FrequencyDistribution.{d}, {m}, {s}{n})]"),
        Gen.Select(Size, Usually("1.5f", "-30f", "-2f", "0f", "float.PositiveInfinity", "float.NegativeInfinity", "float.NaN", "1e10f"), Normalize,
            (m, p, n) => $"[PowerLawFeatures({m}, {p}{n})]"),
        Gen.Select(Usually("[1f, 2f]", "[1f, 0f, 0f, 1f]", "[]", "[float.NaN]", "[3.4e38f, 1f]", "new float[] { 0.5f, 2f }"),
            Usually("", ", [0f, 0f]", ", [1f]", ", [1f, 1f]", ", [3.4e38f, 3.4e38f]"), Normalize,
            (b, a, n) => $"[FourierFeatures({b}{a}{n})]"));

    /// <summary>A whole compilation unit: scope types, the (possibly nested) network, its base classes and an occasional CS0261 twin.</summary>
    public static readonly Gen<FuzzDeclaration> Declaration = Gen.Select(
        Gen.Select(Namespace, Name, Kind, Outer, Base),
        Gen.Select(Network, Mapping, Gen.Frequency((3, Gen.Const(Array.Empty<string>())), (1, Member.Array[1, 2])), Gen.Frequency((3, Gen.Const(Array.Empty<string>())), (1, ScopeType.Array[1, 2])), Gen.Int[0, 19]),
        (type, body) =>
        {
            (string ns, string name, string kind, string outer, string baseName) = type;
            (string network, string mapping, string[] members, string[] scope, int twin) = body;
            string display = name.TrimStart('@');
            string baseList = baseName.Length > 0 ? " : global::" + baseName : "";
            string memberText = string.Join("\n    ", members.Select(m => m.Replace("{0}", name)));
            string declaration = $"{network}\n{mapping}\npublic {kind} {name}{baseList}\n{{\n    {memberText}\n}}\n";
            if (twin == 0)
            {
                declaration += $"\n{network}\npublic partial struct {name} {{ }}\n";
            }

            string nested = outer.Length > 0 ? $"{outer}\n{{\n{declaration}}}\n" : declaration;
            string body2 = ns.Length > 0 ? $"namespace {ns}\n{{\n{nested}}}\n" : nested;
            string source = "#pragma warning disable CS8981, CS0169, CS0414, CS0649, CS0108, CS0114\nusing FourierGen;\n\n" + body2 +
                (baseName.Length > 0 ? "\n" + Bases + "\n" : "") + string.Join("\n", scope) + "\n";
            string typeName = "global::" + string.Join(".", new[] { ns, outer.Length > 0 ? "Outer" : "" }.Where(p => p.Length > 0).Append(name));
            return new FuzzDeclaration(source, typeName);
        });
}
