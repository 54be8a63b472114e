using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FourierGen.Generators;

/// <summary>
/// Reads one attribute application: its values by parameter or property name (from the
/// compiler's <see cref="AttributeData"/>) and where each argument was written (from syntax),
/// so diagnostics point at the offending argument rather than the whole type.
/// </summary>
internal readonly struct AttributeArguments
{
    private readonly AttributeData _data;
    private readonly AttributeSyntax? _syntax;

    public AttributeArguments(AttributeData data, System.Threading.CancellationToken cancellationToken)
    {
        _data = data;
        _syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
    }

    /// <summary>The attribute's short name, e.g. GaussianFeatures.</summary>
    public string Name
    {
        get
        {
            string name = _data.AttributeClass?.Name ?? "attribute";
            return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
        }
    }

    /// <summary>Whether the compiler bound the attribute (false while its arguments have errors).</summary>
    public bool IsBound => _data.AttributeConstructor is not null && !_data.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error);

    public Location? Location => _syntax?.GetLocation();

    /// <summary>A constructor argument's or named property's value, or null when absent.</summary>
    public TypedConstant? Get(string name)
    {
        IMethodSymbol? constructor = _data.AttributeConstructor;
        if (constructor is not null)
        {
            for (int i = 0; i < constructor.Parameters.Length; i++)
            {
                if (constructor.Parameters[i].Name == name && i < _data.ConstructorArguments.Length)
                {
                    return _data.ConstructorArguments[i];
                }
            }
        }

        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return null;
    }

    public T GetValue<T>(string name, T fallback) =>
        Get(name) is { Kind: not TypedConstantKind.Array and not TypedConstantKind.Error, Value: T value } ? value : fallback;

    public ImmutableArray<TypedConstant>? GetArray(string name) =>
        Get(name) is { Kind: TypedConstantKind.Array, IsNull: false } array ? array.Values : null;

    /// <summary>Where the argument for <paramref name="name"/> (a parameter or property) was written; the attribute if nowhere.</summary>
    public Location? LocationOf(string name) => ArgumentSyntax(name)?.Expression.GetLocation() ?? Location;

    /// <summary>Where element <paramref name="index"/> of an array argument was written; the whole argument if it cannot tell.</summary>
    public Location? LocationOfElement(string name, int index)
    {
        ExpressionSyntax? expression = ArgumentSyntax(name)?.Expression;
        SyntaxNode? element = expression switch
        {
            CollectionExpressionSyntax collection => index < collection.Elements.Count ? collection.Elements[index] : null,
            ArrayCreationExpressionSyntax { Initializer: { } init } => index < init.Expressions.Count ? init.Expressions[index] : null,
            ImplicitArrayCreationExpressionSyntax implicitArray => index < implicitArray.Initializer.Expressions.Count ? implicitArray.Initializer.Expressions[index] : null,
            _ => null,
        };
        return element?.GetLocation() ?? LocationOf(name);
    }

    private AttributeArgumentSyntax? ArgumentSyntax(string name)
    {
        if (_syntax?.ArgumentList is not { } list)
        {
            return null;
        }

        int position = 0;
        IMethodSymbol? constructor = _data.AttributeConstructor;
        foreach (AttributeArgumentSyntax argument in list.Arguments)
        {
            if (argument.NameEquals is { } property)
            {
                if (property.Name.Identifier.ValueText == name)
                {
                    return argument;
                }

                continue;
            }

            string? parameter = argument.NameColon?.Name.Identifier.ValueText
                ?? (constructor is not null && position < constructor.Parameters.Length ? constructor.Parameters[position].Name : null);
            position++;
            if (parameter == name)
            {
                return argument;
            }
        }

        return null;
    }
}
