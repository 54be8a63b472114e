namespace FourierGen;

/// <summary>
/// Declares a fixed-size Fourier-feature network on a <c>partial</c> class or struct. The
/// FourierGen generator completes the type with the feature mapping γ(v), the MLP and its
/// analytic kernels, all specialised to the sizes given here.
/// </summary>
/// <remarks>
/// At most one mapping attribute (<see cref="GaussianFeaturesAttribute"/>,
/// <see cref="PositionalEncodingAttribute"/>, ...) may accompany it; none means the raw
/// inputs feed the first layer.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class FourierNetworkAttribute : Attribute
{
    /// <summary>Declares a network with <paramref name="inputs"/> coordinates in and <paramref name="outputs"/> values out.</summary>
    /// <param name="inputs">The input dimension d (1 to <see cref="NetworkLimits.MaxInputs"/>).</param>
    /// <param name="outputs">The number of outputs (1 to <see cref="NetworkLimits.MaxOutputs"/>).</param>
    public FourierNetworkAttribute(int inputs, int outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The input dimension d.</summary>
    public int Inputs { get; }

    /// <summary>The number of outputs.</summary>
    public int Outputs { get; }

    /// <summary>The hidden layer widths, first to last. Default: three layers of 256 (the paper's image network).</summary>
    public int[] Hidden { get; set; } = AttributeDefaults.Hidden;

    /// <summary>The hidden activation. Only <see cref="Activation.Relu"/> and <see cref="Activation.Identity"/> have analytic kernels.</summary>
    public Activation Activation { get; set; } = AttributeDefaults.HiddenActivation;

    /// <summary>The activation applied to the last layer's output.</summary>
    public Activation OutputActivation { get; set; } = AttributeDefaults.OutputActivation;

    /// <summary>The parameterisation of every dense layer.</summary>
    public Parameterization Parameterization { get; set; } = AttributeDefaults.Parameterization;

    /// <summary>σ_w, the weight standard deviation of the parameterisation (and of the kernels).</summary>
    public double WeightStd { get; set; } = AttributeDefaults.WeightStd;

    /// <summary>σ_b, the bias standard deviation of the parameterisation (and of the kernels).</summary>
    public double BiasStd { get; set; } = AttributeDefaults.BiasStd;

    /// <summary>Whether the dense layers have bias parameters.</summary>
    public bool Bias { get; set; } = AttributeDefaults.Bias;

    /// <summary>How the trainable parameters are initialised.</summary>
    public Initialization Initialization { get; set; } = AttributeDefaults.Initialization;

    /// <summary>
    /// A weight file (saved by this network type's <c>Save</c>) to bake into the assembly: list it as an
    /// <c>AdditionalFiles</c> item and the generator emits its values as constant data and a static
    /// <c>Baked</c> instance. Missing, corrupt or mismatched files are compile-time errors (FG0023–FG0026).
    /// </summary>
    public string? Weights { get; set; }
}
