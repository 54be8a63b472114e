using System.Globalization;

namespace FourierGen;

/// <summary>Which function a <see cref="Loss"/> computes.</summary>
public enum LossKind
{
    /// <summary>Mean over all elements of (ŷ − y)², PyTorch's <c>mse_loss</c>.</summary>
    MeanSquaredError = 0,

    /// <summary>½·Σ (ŷ − y)² over all elements: the paper's 1D experiments (and the NTK dynamics' natural loss).</summary>
    HalfSumSquared = 1,

    /// <summary>PyTorch's <c>binary_cross_entropy_with_logits</c> on the raw outputs, mean over all elements.</summary>
    BinaryCrossEntropyWithLogits = 2,

    /// <summary>Mean over all elements of |ŷ − y|, PyTorch's <c>l1_loss</c>.</summary>
    L1 = 3,

    /// <summary>PyTorch's <c>huber_loss</c> with its δ, mean over all elements.</summary>
    Huber = 4,
}

/// <summary>
/// The loss a trainer minimises, over all elements of a batch's outputs: every one follows PyTorch's definition with
/// its default mean reduction (except <see cref="HalfSumSquared"/>, a sum). Use the static members:
/// <c>Loss.MeanSquaredError</c>, <c>Loss.Huber(0.1f)</c>, …
/// </summary>
/// <remarks>
/// <para>Gradients at a kink follow PyTorch's autograd: ∂|d|/∂d = sign(d) with sign(0) = 0 for <see cref="L1"/>, and
/// Huber's ∂/∂d = clamp(d, −δ, δ), which is 0 at d = 0 and δ·sign(d) from |d| = δ on.</para>
/// </remarks>
public sealed record Loss
{
    private Loss(LossKind kind, float delta)
    {
        Kind = kind;
        Delta = delta;
    }

    /// <summary>Mean over all elements of (ŷ − y)², PyTorch's <c>mse_loss</c>; ∂/∂ŷ = 2(ŷ − y)/N.</summary>
    public static Loss MeanSquaredError { get; } = new(LossKind.MeanSquaredError, 0);

    /// <summary>½·Σ (ŷ − y)² over all elements (no mean): the paper's 1D experiments; ∂/∂ŷ = ŷ − y.</summary>
    public static Loss HalfSumSquared { get; } = new(LossKind.HalfSumSquared, 0);

    /// <summary>
    /// PyTorch's <c>binary_cross_entropy_with_logits</c> on the raw network outputs (declare the network with an
    /// Identity output activation), mean over all elements; targets in [0, 1].
    /// </summary>
    public static Loss BinaryCrossEntropyWithLogits { get; } = new(LossKind.BinaryCrossEntropyWithLogits, 0);

    /// <summary>Mean over all elements of |ŷ − y|, PyTorch's <c>l1_loss</c>; ∂/∂ŷ = sign(ŷ − y)/N, 0 where ŷ = y.</summary>
    public static Loss L1 { get; } = new(LossKind.L1, 0);

    /// <summary>The function this loss computes.</summary>
    public LossKind Kind { get; }

    /// <summary>Huber's δ, where the loss turns from quadratic to linear; 0 for the other losses.</summary>
    public float Delta { get; }

    /// <summary>
    /// PyTorch's <c>huber_loss</c> (<c>torch.nn.HuberLoss(delta=δ)</c>), mean over all elements of
    /// ½d² where |d| &lt; δ and δ(|d| − ½δ) elsewhere, d = ŷ − y; ∂/∂ŷ = clamp(d, −δ, δ)/N.
    /// </summary>
    /// <remarks>
    /// <c>torch.nn.SmoothL1Loss(beta=β)</c> is this loss divided by β (δ = β): ½d²/β below β, |d| − ½β above; for
    /// δ = 1 the two coincide. Use <c>Huber(β)</c> with a learning rate divided by β to reproduce a SmoothL1 run.
    /// </remarks>
    /// <param name="delta">δ &gt; 0, finite (PyTorch's default: 1).</param>
    /// <returns>The Huber loss with this δ.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and positive.</exception>
    public static Loss Huber(float delta = 1f)
    {
        if (!(delta > 0 && float.IsFinite(delta)))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber's δ must be finite and positive.");
        }

        return new Loss(LossKind.Huber, delta);
    }

    /// <summary>The loss as code would write it: <c>MeanSquaredError</c>, <c>Huber(0.1)</c>, …</summary>
    /// <returns>The loss's name (and δ).</returns>
    public override string ToString() =>
        Kind == LossKind.Huber ? string.Create(CultureInfo.InvariantCulture, $"Huber({Delta:R})") : Kind.ToString();
}
