using System.ComponentModel;

namespace FourierGen.CompilerServices;

/// <summary>
/// The bodies of the members the generator emits for a declaration with errors: the type keeps its members, so
/// the user sees the FG diagnostic alone rather than a cascade of "no such member" errors, and calling one throws.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NetworkStub
{
    /// <summary>The exception every stub member throws.</summary>
    /// <param name="network">The type's name.</param>
    /// <returns>The exception, for the stub to throw.</returns>
    public static InvalidOperationException NotGenerated(string network) =>
        new($"{network} was not generated because its [FourierNetwork] declaration has errors (FG diagnostics); fix them and rebuild.");

    /// <summary>What a struct network's members throw when called on its default value, which holds no network.</summary>
    /// <param name="network">The type's name.</param>
    /// <returns>The exception, for the member to throw.</returns>
    public static InvalidOperationException Uninitialized(string network) =>
        new($"This {network} is default({network}) (or an element of a new array of them): it holds no network. "
            + $"Create one with new {network}() or new {network}(seed), or with {network}.Load.");
}
