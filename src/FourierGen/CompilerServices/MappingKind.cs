// Shared source: compiled into the runtime and linked into the generator, so both name the mapping kinds once.
namespace FourierGen.CompilerServices;

/// <summary>Which mapping attribute a network declares; its name, lower-cased, is the weight-file fingerprint's mapping field.</summary>
internal enum MappingKind
{
    /// <summary>No mapping attribute: raw inputs.</summary>
    None,

    /// <summary>[BasicFeatures].</summary>
    Basic,

    /// <summary>[PositionalEncoding].</summary>
    Positional,

    /// <summary>[GaussianFeatures] or [RandomFeatures].</summary>
    Random,

    /// <summary>[PowerLawFeatures].</summary>
    PowerLaw,

    /// <summary>[FourierFeatures].</summary>
    Explicit,
}
