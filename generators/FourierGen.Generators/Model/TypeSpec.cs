namespace FourierGen.Generators.Model;

/// <summary>Where the generated partial goes: namespace, containing types and the type itself (names as C# spells them, e.g. <c>@class</c>).</summary>
internal sealed record TypeSpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Keyword,
    string Name)
{
    /// <summary>The name without a keyword escape, for messages (<c>class</c> for <c>@class</c>).</summary>
    public string DisplayName => Name.TrimStart('@');

    /// <summary>
    /// A name for the generated file, unique per type: the dotted name, then a hash of its exact spelling,
    /// because Roslyn compares hint names ignoring case and <c>Demo.Net</c> and <c>Demo.NET</c> are two types.
    /// </summary>
    public string HintName()
    {
        var parts = new System.Collections.Generic.List<string>();
        if (Namespace is not null)
        {
            parts.Add(Namespace);
        }

        foreach (ContainingTypeSpec outer in ContainingTypes)
        {
            parts.Add(outer.Name);
        }

        parts.Add(Name);
        // '@' (of escaped keywords) is not allowed in hint names, and @class is the type class.
        string name = string.Join(".", parts).Replace("@", "");
        return $"{name}.{CaseSensitiveHash(name):x8}.FourierNetwork.g.cs";
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across runs and platforms, unlike string.GetHashCode.</summary>
    private static uint CaseSensitiveHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}

/// <summary>A type enclosing the network type (it must be partial too).</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);
