extern alias Runtime;

using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FourierGen.Generators.Tests;

/// <summary>
/// Every public member of the runtime and of a generated network documents what a caller needs: a summary, a
/// <c>&lt;param&gt;</c> per parameter, <c>&lt;typeparam&gt;</c> per type parameter, <c>&lt;returns&gt;</c> for a value, and at
/// least one <c>&lt;exception&gt;</c> when it can throw — decided from its IL: a <c>throw</c>, a <c>ThrowIf…</c> helper or
/// <c>Guard</c>, in the member itself or in FourierGen code it calls (async bodies included). <c>&lt;inheritdoc/&gt;</c>
/// counts as the documentation of the interface or base member it inherits, which is checked in its place.
/// </summary>
public class PublicDocumentationTests
{
    private static readonly Assembly RuntimeAssembly = typeof(Runtime::FourierGen.FourierNetworkAttribute).Assembly;

    [Fact]
    public void EveryPublicRuntimeMemberIsDocumented()
    {
        MetadataReference reference = DocumentedRuntime();
        CSharpCompilation compilation = CSharpCompilation.Create("probe", references: [reference, .. GeneratorHarness.References.Where(r => r.Display != reference.Display)]);
        var runtime = (IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(reference)!;
        var problems = new List<string>();
        var throwing = new ThrowAnalysis(RuntimeAssembly);
        foreach (INamedTypeSymbol type in PublicTypes(runtime.GlobalNamespace))
        {
            if (string.IsNullOrWhiteSpace(type.GetDocumentationCommentXml()))
            {
                problems.Add($"{type.ToDisplayString()}: no documentation");
            }

            foreach (ISymbol member in type.GetMembers().Where(IsChecked))
            {
                Check(member, member, throwing.CanThrow(member), problems, compilation);
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} public members lack documentation:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void EveryPublicGeneratedMemberIsDocumented()
    {
        // A documented user type with every kind of generated member: analytic kernels, the stationary kernels, a mapping.
        const string source = """
            using FourierGen;
            namespace Demo;
            /// <summary>A network.</summary>
            [FourierNetwork(2, 3, Hidden = [16])]
            [GaussianFeatures(8, 2f)]
            public partial class Net;
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        // With the runtime's XML documentation, so that inherited documentation can be followed; CS1591 and the rest on.
        MetadataReference documented = DocumentedRuntime();
        Compilation output = run.OutputCompilation.WithOptions(run.OutputCompilation.Options.WithSpecificDiagnosticOptions([]))
            .ReplaceReference(run.OutputCompilation.References.Single(r => r.Display == documented.Display), documented);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id.StartsWith("CS15", StringComparison.Ordinal) || d.Id.StartsWith("CS17", StringComparison.Ordinal));

        INamedTypeSymbol net = output.GetTypeByMetadataName("Demo.Net")!;
        var problems = new List<string>();
        foreach (ISymbol member in net.GetMembers().Where(IsChecked))
        {
            // Generated members forward to the runtime, which checks its arguments: any with parameters can throw.
            Check(member, member, member is IMethodSymbol { Parameters.Length: > 0 }, problems, output);
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>FourierGen.dll with its XML documentation file, as a consuming project's IDE reads it.</summary>
    private static MetadataReference DocumentedRuntime()
    {
        string dll = RuntimeAssembly.Location;
        return MetadataReference.CreateFromFile(dll, documentation: XmlDocumentationProvider.CreateFromFile(Path.ChangeExtension(dll, ".xml")));
    }

    private static IEnumerable<INamedTypeSymbol> PublicTypes(INamespaceOrTypeSymbol container)
    {
        foreach (ISymbol member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                foreach (INamedTypeSymbol type in PublicTypes(ns))
                {
                    yield return type;
                }
            }
            else if (member is INamedTypeSymbol { DeclaredAccessibility: Accessibility.Public } type)
            {
                yield return type;
                foreach (INamedTypeSymbol nested in PublicTypes(type))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>Public (or protected in an unsealed type) members written in source: not accessors, not compiler-synthesised record members.</summary>
    /// <remarks>
    /// In metadata a compiler-written parameterless constructor cannot be told from a declared one: such a constructor is
    /// checked only when it has documentation of its own. Synthesised record members carry [CompilerGenerated].
    /// </remarks>
    private static bool IsChecked(ISymbol member) =>
        !member.IsImplicitlyDeclared
        && !member.GetAttributes().Any(a => a.AttributeClass?.Name == nameof(CompilerGeneratedAttribute))
        && !(member is IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters.Length: 0 } && string.IsNullOrWhiteSpace(member.GetDocumentationCommentXml()))
        && (member.DeclaredAccessibility == Accessibility.Public || (member.DeclaredAccessibility == Accessibility.Protected && !member.ContainingType.IsSealed))
        && member is not IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.StaticConstructor }
        && member is not INamedTypeSymbol
        && member.ContainingType.TypeKind != TypeKind.Delegate // Invoke, BeginInvoke, …: the delegate type's own docs say it
        && !(member.ContainingType.IsRecord && member is IMethodSymbol { Name: "Equals" or "GetHashCode" or "PrintMembers" or "op_Equality" or "op_Inequality" or "Deconstruct" or "<Clone>$" })
        && !(member.ContainingType.TypeKind == TypeKind.Enum && member.Name == "value__");

    /// <summary>Checks <paramref name="documented"/>'s docs for <paramref name="member"/>'s shape, following inheritdoc.</summary>
    private static void Check(ISymbol member, ISymbol documented, bool canThrow, List<string> problems, Compilation compilation)
    {
        string text = Documentation(documented);
        string name = member.ToDisplayString();
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(SymbolEqualityComparer.Default.Equals(member, documented) ? $"{name}: no documentation" : $"{name}: {documented.ToDisplayString()}, whose documentation it inherits, has none");
            return;
        }

        XElement doc = XElement.Parse(text);
        if (doc.Element("inheritdoc") is XElement inheritdoc)
        {
            ISymbol? inherited = (string?)inheritdoc.Attribute("cref") is { } cref
                ? DocumentationCommentId.GetFirstSymbolForDeclarationId(cref, compilation)
                : Inherited(documented);
            if (inherited is null)
            {
                problems.Add($"{name}: <inheritdoc/> with nothing to inherit from");
            }
            else if (inherited.ContainingAssembly.Name is "FourierGen" || inherited.ContainingAssembly.Equals(member.ContainingAssembly, SymbolEqualityComparer.Default))
            {
                Check(member, inherited, canThrow, problems, compilation);
            }

            // Documentation inherited from the BCL (object.Equals, IEquatable<T>.Equals, …) is the BCL's.
            return;
        }

        if (doc.Element("summary") is null)
        {
            problems.Add($"{name}: no <summary>");
        }

        var parameters = doc.Elements("param").Select(p => (string?)p.Attribute("name")).ToHashSet();
        var typeParameters = doc.Elements("typeparam").Select(p => (string?)p.Attribute("name")).ToHashSet();
        ImmutableParameters(member, out IEnumerable<string> expectedParameters, out IEnumerable<string> expectedTypeParameters, out bool returnsValue);
        problems.AddRange(expectedParameters.Where(p => !parameters.Contains(p)).Select(p => $"{name}: no <param name=\"{p}\">"));
        problems.AddRange(expectedTypeParameters.Where(p => !typeParameters.Contains(p)).Select(p => $"{name}: no <typeparam name=\"{p}\">"));
        if (returnsValue && doc.Element("returns") is null)
        {
            problems.Add($"{name}: no <returns>");
        }

        if (canThrow && doc.Element("exception") is null)
        {
            problems.Add($"{name}: can throw but documents no <exception>");
        }
    }

    /// <summary>
    /// The symbol's XML documentation; for source symbols the comment itself (Roslyn returns nothing for a comment that is only
    /// <c>&lt;inheritdoc/&gt;</c>).
    /// </summary>
    private static string Documentation(ISymbol symbol)
    {
        string xml = symbol.GetDocumentationCommentXml() ?? "";
        if (!string.IsNullOrWhiteSpace(xml) || symbol.DeclaringSyntaxReferences.IsEmpty)
        {
            return xml;
        }

        string[] lines = symbol.DeclaringSyntaxReferences[0].GetSyntax().GetLeadingTrivia().ToFullString().Split('\n')
            .Select(line => line.Trim()).Where(line => line.StartsWith("///", StringComparison.Ordinal)).Select(line => line[3..]).ToArray();
        return lines.Length == 0 ? "" : $"<member>{string.Join("\n", lines)}</member>";
    }

    private static void ImmutableParameters(ISymbol member, out IEnumerable<string> parameters, out IEnumerable<string> typeParameters, out bool returnsValue)
    {
        switch (member)
        {
            case IMethodSymbol method:
                parameters = method.Parameters.Select(p => p.Name);
                typeParameters = method.TypeParameters.Select(p => p.Name);
                returnsValue = !method.ReturnsVoid && method.MethodKind is not (MethodKind.Constructor or MethodKind.Conversion or MethodKind.UserDefinedOperator)
                    || method.MethodKind is MethodKind.Conversion or MethodKind.UserDefinedOperator;
                return;
            case IPropertySymbol { IsIndexer: true } indexer:
                parameters = indexer.Parameters.Select(p => p.Name);
                typeParameters = [];
                returnsValue = false;
                return;
            default:
                parameters = typeParameters = [];
                returnsValue = false;
                return;
        }
    }

    /// <summary>The member whose documentation inheritdoc takes: the overridden member, or the interface member implemented.</summary>
    private static ISymbol? Inherited(ISymbol member)
    {
        ISymbol? overridden = member switch
        {
            IMethodSymbol m => m.OverriddenMethod,
            IPropertySymbol p => p.OverriddenProperty,
            _ => null,
        };
        if (overridden is not null)
        {
            return overridden;
        }

        INamedTypeSymbol type = member.ContainingType;
        foreach (INamedTypeSymbol @interface in type.AllInterfaces)
        {
            foreach (ISymbol candidate in @interface.GetMembers(member.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate), member))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Whether a runtime member's IL can throw: a throw, a ThrowIf… helper or Guard, directly or in FourierGen code it calls.</summary>
    private sealed class ThrowAnalysis(Assembly assembly)
    {
        private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

        private readonly Dictionary<MethodBase, bool> _memo = [];

        public bool CanThrow(ISymbol member)
        {
            Type? type = assembly.GetType(Runtime(member.ContainingType));
            if (type is null)
            {
                return false;
            }

            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            IEnumerable<MethodBase> bodies = member switch
            {
                IMethodSymbol { MethodKind: MethodKind.Constructor } ctor => type.GetConstructors(all).Where(c => Matches(c, ctor)),
                IMethodSymbol method => type.GetMethods(all).Where(m => m.Name == method.MetadataName && Matches(m, method)),
                IPropertySymbol property => type.GetProperties(all).Where(p => p.Name == property.MetadataName)
                    .SelectMany(p => new MethodBase?[] { p.GetMethod, p.SetMethod }).OfType<MethodBase>().Where(m => m.IsPublic || m.IsFamily),
                _ => [],
            };
            return bodies.Any(b => Throws(b, depth: 0));
        }

        private static string Runtime(INamedTypeSymbol type) =>
            type.ContainingType is { } outer ? Runtime(outer) + "+" + type.MetadataName : type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "")
                .Split('<')[0] + (type.Arity > 0 ? "`" + type.Arity : "");

        private static bool Matches(MethodBase method, IMethodSymbol symbol) =>
            method.GetParameters().Length == symbol.Parameters.Length
            && method.GetParameters().Zip(symbol.Parameters).All(p => p.First.Name == p.Second.Name);

        private bool Throws(MethodBase method, int depth)
        {
            if (_memo.TryGetValue(method, out bool known))
            {
                return known;
            }

            _memo[method] = false; // recursion guard
            bool result = false;
            if (method.GetCustomAttribute<AsyncStateMachineAttribute>() is { } async)
            {
                result = Throws(async.StateMachineType.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!, depth);
            }

            byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
            for (int i = 0; il is not null && i < il.Length && !result;)
            {
                OpCode op = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
                i += op.Size;
                if (op == OpCodes.Throw)
                {
                    result = true;
                }
                else if ((op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj) && depth < 6)
                {
                    MethodBase? callee = Resolve(method, BitConverter.ToInt32(il, i));
                    result = callee is not null && (callee.Name.StartsWith("ThrowIf", StringComparison.Ordinal) || callee.DeclaringType?.Name == "Guard"
                        || (callee.Module == method.Module && !callee.IsAbstract && Throws(callee, depth + 1)));
                }

                i += OperandSize(op, il, i);
            }

            _memo[method] = result;
            return result;
        }

        private static MethodBase? Resolve(MethodBase method, int token)
        {
            try
            {
                return method.Module.ResolveMethod(token, method.DeclaringType?.GetGenericArguments(), method.IsGenericMethod ? method.GetGenericArguments() : null);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
        {
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
            _ => 4,
        };
    }
}
