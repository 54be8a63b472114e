namespace FourierGen.Training;

/// <summary>
/// The empirical NTK of a finite generated network: Θ̂(x₁, x₂) = ∇_θ f₀(x₁) · ∇_θ f₀(x₂) for output 0,
/// with the gradients from the network's own generated backward pass (one row each).
/// </summary>
internal static class EmpiricalKernel
{
    /// <summary>The inner product of the parameter gradients of output 0 at <paramref name="x1"/> and <paramref name="x2"/>, accumulated in double.</summary>
    public static double Ntk(INetworkPasses network, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2)
    {
        Guard.Length(x1, network.InputSize, nameof(x1), "InputSize");
        Guard.Length(x2, network.InputSize, nameof(x2), "InputSize");
        Guard.Finite(x1, nameof(x1));
        Guard.Finite(x2, nameof(x2));

        int parameters = network.Parameters.Length;
        float[] forwardPack = new float[network.ForwardPackLength];
        float[] backwardPack = new float[network.BackwardPackLength];
        network.PackForward(forwardPack);
        network.PackBackward(backwardPack);
        float[] activations = new float[network.TrainingActivationsPerRow];
        float[] scratch = new float[Math.Max(1, network.BackwardScratchPerRow)];
        float[] outputGradient = new float[network.OutputSize];
        float[] g1 = new float[parameters], g2 = new float[parameters];

        void Gradient(ReadOnlySpan<float> x, Span<float> gradient)
        {
            network.ForwardRows(x, 1, activations, forwardPack);
            Array.Clear(outputGradient);
            outputGradient[0] = 1; // ∂f₀/∂ŷ: output 0 only
            network.BackwardRows(outputGradient, 1, activations, scratch, backwardPack, gradient, accumulate: false);
        }

        Gradient(x1, g1);
        Gradient(x2, g2);
        double sum = 0;
        for (int k = 0; k < parameters; k++)
        {
            sum += (double)g1[k] * g2[k];
        }

        return sum;
    }
}
