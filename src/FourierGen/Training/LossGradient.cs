namespace FourierGen;

/// <summary>
/// ∂L/∂ŷ supplied by the caller, for losses a trainer does not know: e.g. a loss through a linear
/// operator (CT projections, MRI k-space), L(A·ŷ), whose gradient is Aᵀ·∂L/∂(Aŷ). Pass it to a
/// trainer's <c>Step(inputs, gradient)</c> overload, computed at the network's current outputs.
/// </summary>
public readonly ref struct LossGradient
{
    /// <summary>Wraps ∂L/∂ŷ: rows × OutputSize values, row-major, like the targets of the ordinary Step.</summary>
    /// <param name="values">∂L/∂ŷ, row-major.</param>
    public LossGradient(ReadOnlySpan<float> values) => Values = values;

    /// <summary>∂L/∂ŷ, row-major.</summary>
    public ReadOnlySpan<float> Values { get; }
}
