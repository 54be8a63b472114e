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

    /// <summary>The longest dotted name a hint name repeats: the compiler names the file-local Plan class after the file, within metadata's 1024-byte limit.</summary>
    private const int MaxReadableLength = 80;

    /// <summary>
    /// A name for the generated file, unique per type: the dotted name (its first <see cref="MaxReadableLength"/> characters),
    /// then a hash of its exact spelling and kinds, because Roslyn compares hint names ignoring case (<c>Demo.Net</c> and
    /// <c>Demo.NET</c> are two types) and a <c>partial class X</c> beside a <c>partial struct X</c> (CS0261) is two types too.
    /// </summary>
    public string HintName()
    {
        var parts = new System.Collections.Generic.List<string>();
        var kinds = new System.Text.StringBuilder(Keyword);
        if (Namespace is not null)
        {
            parts.Add(Namespace);
        }

        foreach (ContainingTypeSpec outer in ContainingTypes)
        {
            parts.Add(outer.Name);
            kinds.Append(' ').Append(outer.Keyword);
        }

        parts.Add(Name);
        // '@' (of escaped keywords) is not allowed in hint names, and @class is the type class.
        string name = string.Join(".", parts).Replace("@", "");
        string readable = name.Length <= MaxReadableLength ? name : name.Substring(0, MaxReadableLength);
        if (char.IsHighSurrogate(readable[readable.Length - 1]))
        {
            readable = readable.Substring(0, readable.Length - 1);
        }

        return $"{readable}.{CaseSensitiveHash(name + ":" + kinds):x8}.FourierNetwork.g.cs";
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
