using System.ComponentModel;

namespace FourierGen.Kernels;

/// <summary>What one step of the analytic kernel recursion does.</summary>
internal enum LayerStepKind
{
    /// <summary>A dense (fully connected) layer: an affine map of the covariance, and the NTK's new term.</summary>
    Dense = 0,

    /// <summary>ReLU: the degree-1 arc-cosine kernel.</summary>
    Relu = 1,

    /// <summary>The identity activation: the kernels pass through unchanged.</summary>
    Identity = 2,
}

/// <summary>
/// One layer of a fully connected network as the infinite-width kernel recursion sees it
/// (neural-tangents' <c>stax.Dense</c>, <c>stax.Relu</c>, <c>stax.Identity</c>). Generated networks
/// emit one factory call per layer, in order: for each hidden width a <see cref="Dense"/> then the
/// activation, then the readout <see cref="Dense"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
internal readonly struct LayerStep : IEquatable<LayerStep>
{
    private LayerStep(LayerStepKind kind, Parameterization parameterization, int inputWidth,
        double weightVariance, double biasVariance, bool hasBias)
    {
        Kind = kind;
        Parameterization = parameterization;
        InputWidth = inputWidth;
        WeightVariance = weightVariance;
        BiasVariance = biasVariance;
        HasBias = hasBias;
    }

    /// <summary>The ReLU step.</summary>
    public static LayerStep Relu => new(LayerStepKind.Relu, default, 0, 0, 0, false);

    /// <summary>The identity-activation step (no change).</summary>
    public static LayerStep Identity => new(LayerStepKind.Identity, default, 0, 0, 0, false);

    /// <summary>What this step does.</summary>
    public LayerStepKind Kind { get; }

    /// <summary>For <see cref="LayerStepKind.Dense"/>: the parameterisation.</summary>
    public Parameterization Parameterization { get; }

    /// <summary>For <see cref="LayerStepKind.Dense"/>: n_in, the layer's input width (the feature size for the first layer).</summary>
    public int InputWidth { get; }

    /// <summary>For <see cref="LayerStepKind.Dense"/>: σ_w².</summary>
    public double WeightVariance { get; }

    /// <summary>For <see cref="LayerStepKind.Dense"/>: σ_b², or 0 when the layer has no bias.</summary>
    public double BiasVariance { get; }

    /// <summary>For <see cref="LayerStepKind.Dense"/>: whether the layer has bias parameters.</summary>
    public bool HasBias { get; }

    /// <summary>
    /// The constant the NTK gains from the bias parameters: 1 in the Standard parameterisation
    /// with a bias (neural-tangents' <c>ntk += 1.</c>), else 0 (in the NTK parameterisation σ_b²
    /// reaches Θ through the new Σ).
    /// </summary>
    public double NtkBiasTerm => Kind == LayerStepKind.Dense && Parameterization == Parameterization.Standard && HasBias ? 1 : 0;

    /// <summary>
    /// A dense layer. NTK parameterisation: Σ ← σ_w²Σ + σ_b², then Θ ← Σ + σ_w²Θ (the new Σ).
    /// Standard: Θ ← n_in·Σ + σ_w²Θ + (1 if <paramref name="bias"/>) with the Σ before the layer,
    /// then Σ ← σ_w²Σ + σ_b². Without a bias σ_b² is ignored (taken as 0).
    /// </summary>
    /// <param name="parameterization">Standard or Ntk, as neural-tangents defines them.</param>
    /// <param name="inputWidth">n_in, the layer's input width (used by the Standard parameterisation).</param>
    /// <param name="weightStd">σ_w.</param>
    /// <param name="biasStd">σ_b (ignored when <paramref name="bias"/> is false).</param>
    /// <param name="bias">Whether the layer has bias parameters.</param>
    public static LayerStep Dense(Parameterization parameterization, int inputWidth, double weightStd, double biasStd, bool bias = true)
    {
        if (parameterization is not (Parameterization.Standard or Parameterization.Ntk))
        {
            throw new ArgumentOutOfRangeException(nameof(parameterization), parameterization, "Standard or Ntk.");
        }

        if (inputWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputWidth), inputWidth, "A dense layer's input width must be positive.");
        }

        if (!double.IsFinite(weightStd) || (bias && !double.IsFinite(biasStd)))
        {
            throw new ArgumentException("σ_w and σ_b must be finite.", double.IsFinite(weightStd) ? nameof(biasStd) : nameof(weightStd));
        }

        return new LayerStep(LayerStepKind.Dense, parameterization, inputWidth,
            weightStd * weightStd, bias ? biasStd * biasStd : 0, bias);
    }

    /// <summary>The step of a hidden activation; only ReLU and the identity have an analytic kernel.</summary>
    /// <exception cref="NotSupportedException">For Sigmoid and Tanh.</exception>
    public static LayerStep For(Activation activation) => activation switch
    {
        Activation.Relu => Relu,
        Activation.Identity => Identity,
        _ => throw new NotSupportedException($"{activation} has no closed-form NNGP/NTK; use Activation.Relu (or Identity)."),
    };

    /// <summary>
    /// The whole recursion of a fully connected network: for each hidden width Dense then the
    /// activation, then the readout Dense, every Dense with the same σ_w, σ_b and bias setting.
    /// </summary>
    /// <param name="parameterization">Standard or Ntk.</param>
    /// <param name="featureSize">The first layer's input width (the length of γ(v)).</param>
    /// <param name="hidden">The hidden widths.</param>
    /// <param name="activation">The hidden activation (Relu or Identity).</param>
    /// <param name="weightStd">σ_w.</param>
    /// <param name="biasStd">σ_b.</param>
    /// <param name="bias">Whether the layers have biases.</param>
    public static LayerStep[] Network(Parameterization parameterization, int featureSize, ReadOnlySpan<int> hidden,
        Activation activation, double weightStd, double biasStd, bool bias = true)
    {
        var steps = new LayerStep[2 * hidden.Length + 1];
        int width = featureSize;
        for (int l = 0; l < hidden.Length; l++)
        {
            steps[2 * l] = Dense(parameterization, width, weightStd, biasStd, bias);
            steps[2 * l + 1] = For(activation);
            width = hidden[l];
        }

        steps[^1] = Dense(parameterization, width, weightStd, biasStd, bias);
        return steps;
    }

    /// <inheritdoc/>
    public bool Equals(LayerStep other) =>
        Kind == other.Kind && Parameterization == other.Parameterization && InputWidth == other.InputWidth
        && WeightVariance.Equals(other.WeightVariance) && BiasVariance.Equals(other.BiasVariance) && HasBias == other.HasBias;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is LayerStep other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Parameterization, InputWidth, WeightVariance, BiasVariance, HasBias);

    /// <summary>Equality of every field.</summary>
    public static bool operator ==(LayerStep left, LayerStep right) => left.Equals(right);

    /// <summary>Inequality of some field.</summary>
    public static bool operator !=(LayerStep left, LayerStep right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        LayerStepKind.Dense => $"Dense({Parameterization}, n_in={InputWidth}, σ_w²={WeightVariance}, σ_b²={BiasVariance}{(HasBias ? "" : ", no bias")})",
        _ => Kind.ToString(),
    };
}
