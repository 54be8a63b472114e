using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FourierGen.Generators.Tests;

/// <summary>
/// Issue 18's generator findings, one regression test each: declarations that made the generator throw or emit code
/// that does not compile without an FG diagnostic.
/// </summary>
public sealed class ReliabilityTests
{
    /// <summary>CS0261 (partial class + partial struct of one name), both [FourierNetwork]: the generator must not throw, and other networks keep their output.</summary>
    [Fact]
    public void PartialDeclarationsOfDifferentKindsDoNotThrow()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net(
            "[FourierNetwork(2, 3)]",
            "public partial class X;\n\n[FourierNetwork(2, 3)]\npublic partial struct X;\n\n[FourierNetwork(1, 1)]\npublic partial class Other;"));
        Assert.Equal(["Demo.Other"], run.GeneratedTypeNames);
        Assert.Equal(["CS0261"], run.OutputWarningsAndErrors.Select(d => d.Id));
    }

    public static TheoryData<string> CollidingMembers => new()
    {
        "public int Seed;",
        "public void Save(string path) { }",
        "public static int InputSize => 3;",
        "public void Predict(System.ReadOnlySpan<float> input, System.Span<float> output) { }",
        "private int __core;",
        "public int Fingerprint { get; }",
    };

    [Theory]
    [MemberData(nameof(CollidingMembers))]
    public void UserMemberNamedLikeAGeneratedOneIsAnFGError(string member)
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 1f)]", "public partial class Net { " + member + " }"));
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("FG0028", diagnostic.Id);
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    public static TheoryData<string> PrivateNamesOfOldGenerators => new()
    {
        "private int W0; private int B1; private void EncodeRows() { } private static int[] LayerWidths = []; private int _parameters;",
        "private static void FromWeights() { } private int Layout; private int Plan; private int core;",
        "public class Trainer; public class NetworkCore; public class Span<T>; public class ReadOnlySpan<T>; public class Task;",
    };

    [Theory]
    [MemberData(nameof(PrivateNamesOfOldGenerators))]
    public void PrivateUserMembersDoNotCollide(string members)
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 1f)]",
            "public partial class Net\n{\n#pragma warning disable CS0169, CS0414\n    " + members + "\n}"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    public static TheoryData<string> ContextualKeywordTypes => new()
    {
        "class var { }", "class record { }", "class _ { }", "class nuint { }", "class nint { }", "class dynamic { }", "class async { }",
        "class value { }", "class field { }", "class Task { }", "class Plan { }", "class NetworkLayout { }",
        "class Activation { }", "class Span<T> { }", "namespace FourierGen.Features { class Y { } }", "namespace FourierGen.CompilerServices { class Other { } }",
        "namespace FourierGen.Generated { class NetworkLayout { } class MappingPlan { } class Plan { } }",
    };

    [Theory]
    [MemberData(nameof(ContextualKeywordTypes))]
    public void TypesInScopeAreNotCaptured(string type)
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 1f)]"), "#pragma warning disable CS8981\n" + type);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputWarningsAndErrors.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>A namespace FourierGen.Activation hides the runtime's enum of that name, which generated code names: FG0035.</summary>
    [Theory]
    [InlineData("namespace FourierGen.Activation { class X { } }", "FourierGen.Activation")]
    [InlineData("namespace FourierGen.CompilerServices { class NetworkLayout { } }", "FourierGen.CompilerServices.NetworkLayout")]
    public void UserNamespaceHidingARuntimeTypeIsAnFGError(string declaration, string hidden)
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]"), "#pragma warning disable CS0436\n" + declaration);
        Assert.Equal(["FG0035"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Contains(hidden, run.GeneratorDiagnostics[0].GetMessage());
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    /// <summary>
    /// A network whose outermost type is FourierGen.Generated.Plan, the file-local class every generated file declares:
    /// FG0035, not CS9071 (fuzzer, seed 19, case 145). A type of that name elsewhere is fine (<see cref="ContextualKeywordTypes"/>).
    /// </summary>
    [Theory]
    [InlineData("[FourierNetwork(64, 2)]\n[BasicFeatures()]\npublic partial class Plan\n{\n}")]
    [InlineData("public partial class Plan\n{\n[FourierNetwork(2, 1)]\npublic partial class Net;\n}")]
    public void NetworkInsideTheGeneratedPlanClassNameIsAnFGError(string declaration)
    {
        GeneratorRun run = GeneratorHarness.Run("using FourierGen;\n\nnamespace FourierGen.Generated\n{\n" + declaration + "\n}\n");
        Assert.Equal(["FG0035"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Contains("FourierGen.Generated.Plan", run.GeneratorDiagnostics[0].GetMessage());
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    [Fact]
    public void BaseClassWithoutParameterlessConstructorIsAnFGError()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]", "public partial class Net : Base { public Net(string s) : base(1) { } }\n\npublic class Base { public Base(int x) { } }"));
        Assert.Equal(["FG0029"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>
    /// Each network implements IFourierNetwork&lt;itself&gt;: a network deriving from one would have two implementations of the
    /// non-generic interface's members (CS8705) and hide every member of the base (CS0108), so it is FG0029.
    /// </summary>
    [Fact]
    public void NetworkDerivingFromANetworkIsAnFGError()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 1f)]",
            "public partial class Net : Base;\n\n[FourierNetwork(1, 1, Hidden = [4])]\npublic partial class Base;"));
        Assert.Equal(["FG0029"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    [Fact]
    public void BaseClassWithAProtectedOrOptionalConstructorCompiles()
    {
        GeneratorHarness.RunClean(DiagnosticTests.Net("[FourierNetwork(2, 3)]", "public partial class Net : Base;\n\npublic abstract class Base { protected Base(int x = 1) { } }"));
    }

    [Fact]
    public void InheritedPublicMemberNamedLikeAGeneratedOneIsAnFGError()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]", "public partial class Net : Base;\n\npublic class Base { public int Seed => 1; }"));
        Assert.Equal(["FG0028"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Contains("inherited from 'Base'", run.GeneratorDiagnostics[0].GetMessage());
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    [Fact]
    public void TypeNamedLikeAGeneratedMemberIsAnFGError()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]", "public partial class Predict;"));
        Assert.Equal(["FG0028"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    [Fact]
    public void ConstructorWithTheGeneratedSignatureIsAnFGError()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]",
            "public partial class Net { public Net(int a, float? b, System.ReadOnlySpan<float> c, System.ReadOnlySpan<float> d) { } }"));
        Assert.Equal(["FG0028"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(run.OutputWarningsAndErrors.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>A struct network's parameterless constructor is generated (the seed-0 network), so the user's own is FG0028.</summary>
    [Fact]
    public void ParameterlessConstructorOfAStructNetworkIsAnFGError()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]", "public partial struct Net { public Net() { } }"));
        Assert.Equal(["FG0028"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(run.OutputWarningsAndErrors.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>The struct's core-checking property is a generated name too: a user member of that name is FG0028.</summary>
    [Fact]
    public void CheckedCoreNameOfAStructNetworkIsReserved()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]", "public partial struct Net { private int __checkedCore => 1; }"));
        Assert.Equal(["FG0028"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(run.OutputWarningsAndErrors.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>A constructor of the user's that chains to the generated one is fine; one that does not is FG0036 (its network would have no core).</summary>
    [Fact]
    public void UserConstructorsMustChainToTheGeneratedConstructor()
    {
        GeneratorRun chained = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]", "public partial class Net { public Net(string name) : this(seed: 3) { } }"));
        Assert.Empty(chained.GeneratorDiagnostics);
        Assert.Empty(chained.OutputWarningsAndErrors);

        GeneratorRun unchained = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]", "public partial class Net { public Net(string name) { } }"));
        Assert.Equal(["FG0036"], unchained.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(unchained.OutputWarningsAndErrors.Where(d => d.Severity == DiagnosticSeverity.Error)); // (the compiler adds CS8618)
    }

    /// <summary>A kernel member name is free when the declaration has no analytic kernel (Tanh: FG0011, no Ntk generated).</summary>
    [Fact]
    public void KernelNamesAreFreeWithoutAnalyticKernels()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3, Activation = Activation.Tanh)]", "public partial class Net { public int Ntk => 1; }"));
        Assert.Equal(["FG0011"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    [Theory]
    [InlineData("\\n")]
    [InlineData("\\r")]
    [InlineData("\\u2028")]
    [InlineData("\\u2029")]
    [InlineData("\\u0085")]
    [InlineData("</summary>&")]
    public void WeightsNamesAreEscapedInDocumentation(string text)
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net($"[FourierNetwork(2, 3, Weights = \"a{text}b.fgw\")]"));
        Assert.Equal(["FG0023"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    /// <summary>Networks named like contextual keywords: unescaped, <c>public static partial Load(…)</c> read 'partial' as a modifier.</summary>
    [Theory]
    [InlineData("partial")]
    [InlineData("record")]
    [InlineData("var")]
    [InlineData("nuint")]
    [InlineData("async")]
    [InlineData("dynamic")]
    public void NetworksNamedLikeContextualKeywordsCompile(string name)
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]", $"#pragma warning disable CS8981, CS8860\npublic partial class {name};"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputWarningsAndErrors);
    }

    /// <summary>FG0028's list of generated names is what the emitter declares on the type, for every combination that changes it.</summary>
    [Theory]
    [InlineData("[FourierNetwork(2, 3, Weights = \"missing.fgw\")]\n[GaussianFeatures(8, 1f)]", true, true, true)]
    [InlineData("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 1f)]", true, true, false)]
    [InlineData("[FourierNetwork(2, 3)]", true, false, false)]
    [InlineData("[FourierNetwork(2, 3, Activation = Activation.Tanh)]", false, false, false)]
    public void GeneratedMemberListMatchesTheEmitter(string attributes, bool analytic, bool mapping, bool baked)
    {
        AssertMemberListMatches(attributes, analytic, mapping, baked, isStruct: false);
        AssertMemberListMatches(attributes, analytic, mapping, baked, isStruct: true);
    }

    private static void AssertMemberListMatches(string attributes, bool analytic, bool mapping, bool baked, bool isStruct)
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net(attributes, isStruct ? "public partial struct Net;" : "public partial class Net;"));
        TypeDeclarationSyntax type = CSharpSyntaxTree.ParseText(run.SingleSource).GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>().First();
        var declared = type.Members.SelectMany<MemberDeclarationSyntax, string>(member => member switch
        {
            FieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
            PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property => [property.Identifier.ValueText],
            MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null } method => [method.Identifier.ValueText],
            _ => [],
        }).ToHashSet();
        // A stub (the missing weight file makes one) has every member but holds no core.
        IEnumerable<string> expected = GeneratedMembers.Names(analytic, mapping, baked, isStruct).Where(name => name is not ("__core" or "__checkedCore") || !GeneratorRun.IsStub(run.SingleSource));
        Assert.Equal(expected.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// 65 536 frequency values with a NaN last: FG0017 at that element. The element's place is now found only when it is
    /// reported (it was looked up for every element, quadratic in the length); how long this takes is BENCHMARKS.md's.
    /// </summary>
    [Fact]
    public void LargeArrayReportsTheLastElement()
    {
        string values = string.Join(", ", Enumerable.Repeat("1f", 65_535)) + ", /*<*/float.NaN/*>*/";
        string source = DiagnosticTests.Net($"[FourierNetwork(4, 1, Hidden = [8])]\n[FourierFeatures([{values}])]");
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics);
        Assert.Equal("FG0017", diagnostic.Id);
        DiagnosticTests.AssertLocation(source, Markup.Span(source), diagnostic.Location);
    }

    [Fact]
    public void VeryLongTypeNamesCompile()
    {
        string name = new('N', 900);
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3)]", $"public partial class {name};"));
        Assert.Empty(run.GeneratorDiagnostics);
        using var stream = new MemoryStream();
        var emit = run.OutputCompilation.Emit(stream);
        Assert.True(emit.Success, GeneratorRun.Describe(emit.Diagnostics));
    }

    [Fact]
    public void HiddenNullIsAnFGError()
    {
        GeneratorRun run = GeneratorHarness.Run(DiagnosticTests.Net("[FourierNetwork(2, 3, Hidden = null)]"));
        Assert.Equal(["FG0030"], run.GeneratorDiagnostics.Select(d => d.Id));
    }
}
