using System.Reflection;
using FourierGen.Generators.Model;
using Microsoft.CodeAnalysis;

namespace FourierGen.Generators.Tests;

/// <summary>
/// The pipeline's models hold plain values only. A symbol, syntax node, compilation or location in a model
/// would keep a whole compilation alive between runs and break caching (they never compare equal across runs).
/// </summary>
public sealed class ModelTests
{
    private static readonly Type[] Forbidden =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel),
        typeof(Location), typeof(AttributeData), typeof(TypedConstant), typeof(SyntaxToken), typeof(SyntaxReference),
    ];

    /// <summary>The source path's models (everything the source output sees) hold plain values only, and no diagnostics.</summary>
    [Fact]
    public void ModelsHoldNoCompilerObjects()
    {
        Dictionary<Type, string> reachable = Reachable(typeof(NetworkSpec), typeof(NetworkPlan), typeof(NetworkSource));

        // The walk must have reached the nested models and EquatableArray<T>'s element types, or it proves nothing.
        Assert.Contains(typeof(MappingSpec), reachable.Keys);
        Assert.Contains(typeof(TypeSpec), reachable.Keys);
        Assert.Contains(typeof(ContainingTypeSpec), reachable.Keys);
        Assert.Contains(typeof(FourierGen.CompilerServices.LayerPlan), reachable.Keys);
        Assert.Contains(typeof(EquatableArray<FourierGen.CompilerServices.LayerPlan>), reachable.Keys);
        Assert.Contains(typeof(BakedWeights), reachable.Keys);
        Assert.Contains(typeof(PlanProblem), reachable.Keys);

        var offenders = reachable
            .Where(pair => Forbidden.Any(f => f.IsAssignableFrom(pair.Key)) || pair.Key == typeof(DiagnosticInfo) || pair.Key == typeof(DiagnosticLocation))
            .Select(pair => $"{pair.Key} (via {pair.Value})")
            .ToList();
        Assert.True(offenders.Count == 0, "Source models reach compiler objects or diagnostics: " + string.Join("; ", offenders));
    }

    /// <summary>
    /// The diagnostics path keeps a syntax tree and a span per location (so the reported location is in source and
    /// #pragma applies) and nothing else of the compiler: no symbols, nodes, compilations or Location objects.
    /// </summary>
    [Fact]
    public void DiagnosticsHoldATreeAndASpanOnly()
    {
        Dictionary<Type, string> reachable = Reachable(typeof(ParsedDeclaration));
        Assert.Contains(typeof(DiagnosticInfo), reachable.Keys);
        Assert.Contains(typeof(SyntaxTree), reachable.Keys);
        var offenders = reachable
            .Where(pair => Forbidden.Any(f => f.IsAssignableFrom(pair.Key)) && pair.Key != typeof(SyntaxTree))
            .Select(pair => $"{pair.Key} (via {pair.Value})")
            .ToList();
        Assert.True(offenders.Count == 0, "Diagnostics reach compiler objects: " + string.Join("; ", offenders));
    }

    /// <summary>Equal declarations give equal models: records compare by value, arrays by content.</summary>
    [Fact]
    public void ModelsHaveValueEquality()
    {
        Type[] models = Reachable(typeof(NetworkSpec), typeof(NetworkPlan), typeof(NetworkSource), typeof(ParsedDeclaration))
            .Keys.Where(t => IsModelType(t) && !t.IsArray).ToArray();
        Assert.All(models, type =>
            Assert.True(
                type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEquatable<>)) || type.IsEnum,
                $"{type} is not IEquatable<>"));

        // Arrays compare by reference: only EquatableArray<T> may hold one.
        Assert.All(models.Where(t => !(t.IsGenericType && t.GetGenericTypeDefinition() == typeof(EquatableArray<>))), type =>
            Assert.All(type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic), field =>
                Assert.False(field.FieldType.IsArray, $"{type}.{field.Name} is an array; use EquatableArray<T>")));

        var a = new EquatableArray<float>([1f, 2f]);
        var b = new EquatableArray<float>([1f, 2f]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new EquatableArray<float>([1f, 3f]));
        Assert.Equal(default, EquatableArray<float>.Empty);
    }

    /// <summary>Every type reachable through instance fields and properties (and array element and generic argument types), with the path that reached it.</summary>
    private static Dictionary<Type, string> Reachable(params Type[] roots)
    {
        var seen = new Dictionary<Type, string>();
        var queue = new Queue<(Type Type, string Path)>(roots.Select(r => (r, r.Name)));
        while (queue.Count > 0)
        {
            (Type type, string path) = queue.Dequeue();
            if (!seen.TryAdd(type, path))
            {
                continue;
            }

            foreach (Type argument in type.IsGenericType ? type.GetGenericArguments() : [])
            {
                queue.Enqueue((argument, $"{path}<{argument.Name}>"));
            }

            if (type.HasElementType)
            {
                queue.Enqueue((type.GetElementType()!, path + "[]"));
            }

            // Walk into our own types and Roslyn's value types (TextSpan, LinePositionSpan ...); BCL types
            // (string, the record's EqualityContract Type) end the walk, their generic arguments above do not.
            if (!IsModelType(type) && !(type.IsValueType && type.Assembly == typeof(Location).Assembly))
            {
                continue;
            }

            const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            foreach (FieldInfo field in type.GetFields(Instance))
            {
                queue.Enqueue((field.FieldType, $"{path}.{field.Name}"));
            }

            foreach (PropertyInfo property in type.GetProperties(Instance).Where(p => p.Name != "EqualityContract"))
            {
                queue.Enqueue((property.PropertyType, $"{path}.{property.Name}"));
            }
        }

        return seen;
    }

    private static bool IsModelType(Type type) => type.Assembly == typeof(NetworkSpec).Assembly;
}
