// Shared source: compiled into the runtime and linked into the generator, so the attributes' property
// initialisers and the generator's reading of an omitted argument are one definition.
namespace FourierGen;

/// <summary>The value of every optional attribute argument a declaration leaves out.</summary>
internal static class AttributeDefaults
{
    /// <summary>The hidden layer widths: three layers of 256 (the paper's image network).</summary>
    public static int[] Hidden => new[] { 256, 256, 256 }; // a new array each time: attribute instances must not share one

    /// <summary>The hidden activation.</summary>
    public const Activation HiddenActivation = Activation.Relu;

    /// <summary>The output activation.</summary>
    public const Activation OutputActivation = Activation.Identity;

    /// <summary>The parameterisation of every dense layer.</summary>
    public const Parameterization Parameterization = FourierGen.Parameterization.Standard;

    /// <summary>σ_w.</summary>
    public const double WeightStd = 1.0;

    /// <summary>σ_b.</summary>
    public const double BiasStd = 0.0;

    /// <summary>Whether dense layers have biases.</summary>
    public const bool Bias = true;

    /// <summary>The initialisation preset.</summary>
    public const Initialization Initialization = FourierGen.Initialization.Default;

    /// <summary>Whether a mapping divides a by ‖a‖.</summary>
    public const bool Normalize = false;

    /// <summary>The seed of a random mapping's attribute (mixed with the constructor's).</summary>
    public const int MappingSeed = 0;
}
