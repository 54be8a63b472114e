using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace FourierGen.Generators;

/// <summary>One descriptor per rule; docs/diagnostics.md has an entry for each id.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "FourierGen";
    private const string HelpLink = "https://github.com/fouriergen/fouriergen/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        "FG0001", "Network type must be partial",
        "'{0}' must be declared partial (and so must every type containing it) so that FourierGen can complete it; add the 'partial' modifier");

    public static readonly DiagnosticDescriptor InputsOutOfRange = Error(
        "FG0002", "Inputs out of range",
        "The network's inputs must be between 1 and {1}, not {0}; declare a positive input dimension");

    public static readonly DiagnosticDescriptor OutputsOutOfRange = Error(
        "FG0003", "Outputs out of range",
        "The network's outputs must be between 1 and {1}, not {0}; declare a positive number of outputs");

    public static readonly DiagnosticDescriptor HiddenWidthOutOfRange = Error(
        "FG0004", "Hidden width out of range",
        "Hidden layer {0} has width {1}; every hidden width must be between 1 and {2}");

    public static readonly DiagnosticDescriptor TooManyHiddenLayers = Error(
        "FG0005", "Too many hidden layers",
        "The network declares {0} hidden layers; at most {1} are supported");

    public static readonly DiagnosticDescriptor MultipleMappings = Error(
        "FG0006", "More than one feature mapping",
        "'{0}' already has the mapping [{1}]; a network takes at most one mapping attribute, so remove [{2}]");

    public static readonly DiagnosticDescriptor InvalidScale = Error(
        "FG0007", "Invalid frequency scale",
        "The frequency scale is {0}; it must be finite and greater than 0");

    public static readonly DiagnosticDescriptor TooFewPositionalFrequencies = Error(
        "FG0008", "Positional encoding needs at least two frequencies",
        "PositionalEncoding has {0} frequencies per axis; it needs at least 2 (b_j = 2^(σ·j/(K−1)) − 1 divides by K − 1)");

    public static readonly DiagnosticDescriptor FrequencyShapeMismatch = Error(
        "FG0009", "Explicit frequencies do not fit the inputs",
        "FourierFeatures lists {0} frequency values, which is not a positive multiple of the network's {1} inputs; give B row-major, {1} values per frequency");

    public static readonly DiagnosticDescriptor AmplitudeCountMismatch = Error(
        "FG0010", "Amplitudes do not match the frequencies",
        "FourierFeatures lists {0} amplitudes for {1} frequencies; give one amplitude per frequency (row of B)");

    public static readonly DiagnosticDescriptor KernelUnavailable = new(
        "FG0011", "No analytic kernel for this activation",
        "The hidden activation {0} has no closed-form NNGP/NTK, so Nngp/Ntk members are not generated; use Activation.Relu for analytic kernels",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink + "fg0011");

    public static readonly DiagnosticDescriptor MappingSizeOutOfRange = Error(
        "FG0012", "Mapping size out of range",
        "The mapping has {0} frequencies; it needs between 1 and {1}");

    public static readonly DiagnosticDescriptor InvalidStd = Error(
        "FG0013", "Invalid standard deviation",
        "{0} is {1}; it must be finite and not negative");

    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error(
        "FG0014", "Undefined enum value",
        "{0} is {1}, which is not a defined {2} value");

    public static readonly DiagnosticDescriptor InvalidExponent = Error(
        "FG0015", "Invalid power-law exponent",
        "The power-law exponent is NaN; use a number (+∞ gives the basic mapping)");

    public static readonly DiagnosticDescriptor GenericTypeNotSupported = Error(
        "FG0016", "Generic network types are not supported",
        "'{0}' is generic (or nested in a generic type); declare the network on a non-generic type");

    public static readonly DiagnosticDescriptor InvalidFrequencyValue = Error(
        "FG0017", "Explicit frequency or amplitude is not finite",
        "FourierFeatures {0}[{1}] is {2}; every frequency and amplitude must be finite");

    public static readonly DiagnosticDescriptor StaticTypeNotSupported = Error(
        "FG0018", "Network type must not be static",
        "'{0}' is static; a network is an instance holding its parameters, so remove 'static'");

    public static readonly DiagnosticDescriptor PrimaryConstructorNotSupported = Error(
        "FG0019", "Network type must not have a primary constructor",
        "'{0}' has a primary constructor, which the generated constructor (seed, frequencyScale, frequencies) cannot call; remove the parameter list and declare the members in the body");

    public static readonly DiagnosticDescriptor TooManyParameters = Error(
        "FG0020", "Too many parameters",
        "The network has {0} trainable parameters; at most {1} fit in one parameter block, so use narrower or fewer hidden layers");

    public static readonly DiagnosticDescriptor RefStructNotSupported = Error(
        "FG0021", "Network type must not be a ref struct",
        "'{0}' is a ref struct, which cannot implement IFourierNetwork<{0}>; declare it as a class or a struct");

    public static readonly DiagnosticDescriptor FileLocalTypeNotSupported = Error(
        "FG0022", "Network type must not be file-local",
        "'{0}' is file-local (or nested in a file-local type), so the generated part in another file cannot complete it; remove the 'file' modifier");

    public static readonly DiagnosticDescriptor WeightsFileNotFound = Error(
        "FG0023", "Weights file not found",
        "The weights file '{0}' is not among the project's AdditionalFiles; add <AdditionalFiles Include=\"{0}\" /> to the project file");

    public static readonly DiagnosticDescriptor WeightsFileUnreadable = Error(
        "FG0024", "Weights file unreadable",
        "The weights file '{0}' could not be read: {1}");

    public static readonly DiagnosticDescriptor WeightsFileCorrupt = Error(
        "FG0025", "Weights file corrupt",
        "The weights file '{0}' is not a valid FourierGen weight file: {1} Save it again with Save(path)");

    public static readonly DiagnosticDescriptor WeightsFileMismatch = Error(
        "FG0026", "Weights file of another declaration",
        "The weights file '{0}' was saved by a different network declaration: {1} Bake a file saved by this network type");

    public static readonly DiagnosticDescriptor AbstractTypeNotSupported = Error(
        "FG0027", "Network type must not be abstract",
        "'{0}' is abstract, but Load and Baked create instances of it; remove 'abstract'");

    public static readonly DiagnosticDescriptor GeneratedMemberConflict = Error(
        "FG0028", "Name taken by a generated member",
        "'{0}': {2} is named '{1}', a member FourierGen generates for the network; rename it");

    public static readonly DiagnosticDescriptor UnsupportedBaseType = Error(
        "FG0029", "Unsupported base class",
        "'{0}' derives from '{1}', but {2}; derive from a class that is not a network and has a parameterless constructor, or from none");

    public static readonly DiagnosticDescriptor HiddenIsNull = Error(
        "FG0030", "Hidden is null",
        "Hidden is null; list the hidden widths, write [] for no hidden layers, or leave Hidden out for the default");

    public static readonly DiagnosticDescriptor MappingOverflows = Error(
        "FG0031", "Frequencies or amplitudes overflow",
        "The mapping cannot be built: {0}");

    public static readonly DiagnosticDescriptor ForwardPassOverflows = Error(
        "FG0032", "Forward pass overflows",
        "The network would overflow float: {0}; use a smaller WeightStd or BiasStd (or smaller amplitudes)");

    public static readonly DiagnosticDescriptor NormalizeZeroAmplitudes = Error(
        "FG0033", "Normalize with zero amplitudes",
        "Normalize divides the amplitudes by their norm, and every amplitude is 0; give a nonzero amplitude or remove Normalize");

    public static readonly DiagnosticDescriptor NameTooLong = Error(
        "FG0034", "Type name too long",
        "The generated members of '{0}' would have metadata names of {1} bytes (they spell the type's full name), over the {2} that metadata allows; shorten the type's name or namespace by at least {3} characters");

    public static readonly DiagnosticDescriptor NamespaceHidden = Error(
        "FG0035", "Declaration hides a name generated code uses",
        "Your declaration of '{1}' hides the '{1}' that the generated part of '{0}' names as global::{1}; rename it or move it into another namespace");

    public static readonly DiagnosticDescriptor ConstructorSkipsGeneratedConstructor = Error(
        "FG0036", "Constructor does not create the network",
        "The constructor '{0}' of '{1}' does not call this(...): the network it makes has no parameters and fails when used; chain it to the generated constructor, e.g. ': this(seed: 0)'");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "FG9999", "FourierGen internal error",
        "FourierGen could not generate '{0}': {1}. This is a bug in FourierGen; please report it with the declaration.");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = typeof(DiagnosticDescriptors)
        .GetFields()
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToDictionary(d => d.Id);

    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink + id.ToLowerInvariant());
}
