// Shared source: compiled into the runtime (net10.0) and linked into the generator (netstandard2.0), so the
// generator's plan and the runtime's passes hold one definition of a layer. Use only APIs both have.
using System;
using System.ComponentModel;

namespace FourierGen.CompilerServices;

/// <summary>
/// One dense layer of a declared network as the generator plans it: its widths, where its W and b sit in the
/// parameter block and its input in a row of the training activations, its activation, the forward scales of
/// its parameterisation and the values of its infinite-width kernel step. Generated code emits one per layer;
/// the passes, the initializer, the kernel recursion and the weight files read them, and none recomputes them.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LayerPlan : IEquatable<LayerPlan>
{
    /// <summary>A layer; the properties of the same names say what each value is.</summary>
    /// <param name="index">See <see cref="Index"/>.</param>
    /// <param name="inputs">See <see cref="Inputs"/>.</param>
    /// <param name="outputs">See <see cref="Outputs"/>.</param>
    /// <param name="weightOffset">See <see cref="WeightOffset"/>.</param>
    /// <param name="biasOffset">See <see cref="BiasOffset"/>.</param>
    /// <param name="activationOffset">See <see cref="ActivationOffset"/>.</param>
    /// <param name="activation">See <see cref="Activation"/>.</param>
    /// <param name="weightScale">See <see cref="WeightScale"/>.</param>
    /// <param name="biasScale">See <see cref="BiasScale"/>.</param>
    /// <param name="parameterization">See <see cref="Parameterization"/>.</param>
    /// <param name="weightStd">See <see cref="WeightStd"/>.</param>
    /// <param name="biasStd">See <see cref="BiasStd"/>.</param>
    public LayerPlan(int index, int inputs, int outputs, int weightOffset, int biasOffset, int activationOffset,
        Activation activation, float weightScale, float biasScale, Parameterization parameterization, double weightStd, double biasStd)
    {
        Index = index;
        Inputs = inputs;
        Outputs = outputs;
        WeightOffset = weightOffset;
        BiasOffset = biasOffset;
        ActivationOffset = activationOffset;
        Activation = activation;
        WeightScale = weightScale;
        BiasScale = biasScale;
        Parameterization = parameterization;
        WeightStd = weightStd;
        BiasStd = biasStd;
    }

    /// <summary>The layer's position, 0 for the one that reads the features.</summary>
    public int Index { get; }

    /// <summary>n_in, the layer's input width (the feature size for the first layer).</summary>
    public int Inputs { get; }

    /// <summary>n_out, the layer's output width.</summary>
    public int Outputs { get; }

    /// <summary>Where W (row-major [n_out][n_in]) starts in the parameter block.</summary>
    public int WeightOffset { get; }

    /// <summary>Where b (n_out values) starts in the parameter block; −1 when the layer has no bias.</summary>
    public int BiasOffset { get; }

    /// <summary>Whether the layer has bias parameters.</summary>
    public bool HasBias => BiasOffset >= 0;

    /// <summary>Floats per row before this layer's input in the training activations (features, then each layer's output).</summary>
    public int ActivationOffset { get; }

    /// <summary>Floats per row before this layer's output in the training activations.</summary>
    public int OutputOffset => ActivationOffset + Inputs;

    /// <summary>The activation applied to the layer's output.</summary>
    public Activation Activation { get; }

    /// <summary>The forward pass's factor on W x: σ_w/√n_in in the NTK parameterisation, 1 in the standard one.</summary>
    public float WeightScale { get; }

    /// <summary>The forward pass's factor on b: σ_b in the NTK parameterisation, 1 in the standard one.</summary>
    public float BiasScale { get; }

    /// <summary>The layer's parameterisation (initialisation and kernel step).</summary>
    public Parameterization Parameterization { get; }

    /// <summary>σ_w of the initialisation and the kernel step.</summary>
    public double WeightStd { get; }

    /// <summary>σ_b of the initialisation and the kernel step.</summary>
    public double BiasStd { get; }

    /// <inheritdoc/>
    public bool Equals(LayerPlan other) =>
        Index == other.Index && Inputs == other.Inputs && Outputs == other.Outputs && WeightOffset == other.WeightOffset
        && BiasOffset == other.BiasOffset && ActivationOffset == other.ActivationOffset && Activation == other.Activation
        && WeightScale.Equals(other.WeightScale) && BiasScale.Equals(other.BiasScale) && Parameterization == other.Parameterization
        && WeightStd.Equals(other.WeightStd) && BiasStd.Equals(other.BiasStd);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is LayerPlan other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        // netstandard2.0 has no System.HashCode.
        int hash = 17;
        foreach (int part in new[] { Index, Inputs, Outputs, WeightOffset, BiasOffset, ActivationOffset, (int)Activation, WeightScale.GetHashCode(),
                     BiasScale.GetHashCode(), (int)Parameterization, WeightStd.GetHashCode(), BiasStd.GetHashCode() })
        {
            hash = unchecked((hash * 31) + part);
        }

        return hash;
    }

    /// <summary>Equality of every value.</summary>
    /// <param name="left">A plan.</param>
    /// <param name="right">Another plan.</param>
    /// <returns>Whether every value is equal.</returns>
    public static bool operator ==(LayerPlan left, LayerPlan right) => left.Equals(right);

    /// <summary>Inequality of some value.</summary>
    /// <param name="left">A plan.</param>
    /// <param name="right">Another plan.</param>
    /// <returns>Whether some value differs.</returns>
    public static bool operator !=(LayerPlan left, LayerPlan right) => !left.Equals(right);
}
