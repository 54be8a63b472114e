namespace FourierGen;

/// <summary>
/// The sizes a declaration may use. The generator reports a diagnostic for anything outside
/// them (this file is linked into the generator, so both sides read one definition).
/// </summary>
public static class NetworkLimits
{
    /// <summary>Largest number of network inputs (coordinate networks are low-dimensional).</summary>
    public const int MaxInputs = 64;

    /// <summary>Largest number of network outputs.</summary>
    public const int MaxOutputs = 4096;

    /// <summary>Largest width of one hidden layer.</summary>
    public const int MaxHiddenWidth = 16384;

    /// <summary>Largest number of hidden layers.</summary>
    public const int MaxHiddenLayers = 32;

    /// <summary>
    /// Largest number of trainable parameters: 2^28, 1 GiB of float32. Training holds four such blocks (parameters,
    /// gradients, Adam's m and v) besides the activations, so a larger network would not train on a workstation.
    /// </summary>
    public const int MaxParameters = 1 << 28;

    /// <summary>Largest number of frequencies (rows of B) a mapping may have.</summary>
    public const int MaxFrequencies = 16384;
}
