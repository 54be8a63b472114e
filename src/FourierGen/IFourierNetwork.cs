namespace FourierGen;

/// <summary>
/// What every generated network offers, without its type: a handle for holding networks of different
/// declarations side by side (a list of mappings, a sweep). Generic code should prefer
/// <see cref="IFourierNetwork{TSelf}"/>, whose sizes are constants.
/// </summary>
public interface IFourierNetwork
{
    /// <summary>d, the number of inputs.</summary>
    int InputSize { get; }

    /// <summary>The length of γ(v): 2m for a Fourier mapping, d for raw inputs.</summary>
    int FeatureSize { get; }

    /// <summary>The number of outputs.</summary>
    int OutputSize { get; }

    /// <summary>The number of trainable parameters.</summary>
    int ParameterCount { get; }

    /// <summary>The seed this network was created with (0 when it was loaded or baked).</summary>
    int Seed { get; }

    /// <summary>B, row-major (frequencies × inputs); empty for raw inputs.</summary>
    ReadOnlySpan<float> Frequencies { get; }

    /// <summary>a, one per frequency, as declared (before any normalisation); empty for raw inputs.</summary>
    ReadOnlySpan<float> Amplitudes { get; }

    /// <summary>The trainable parameters, one contiguous block: per layer W row-major [out][in], then b.</summary>
    Span<float> Parameters { get; }

    /// <summary>Writes γ(<paramref name="input"/>) = [a ⊙ cos(2πBv), a ⊙ sin(2πBv)] (FeatureSize values) to <paramref name="features"/>.</summary>
    void Encode(ReadOnlySpan<float> input, Span<float> features);

    /// <summary>γ of each row of <paramref name="inputs"/> (row-major, InputSize per row) into the rows of <paramref name="features"/>.</summary>
    void EncodeBatch(ReadOnlySpan<float> inputs, Span<float> features);

    /// <summary>The network's output for one input: no allocation, thread-safe.</summary>
    void Predict(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>
    /// The outputs of every row of <paramref name="inputs"/> (row-major, InputSize per row) into the rows of
    /// <paramref name="outputs"/>, on all cores. Thread-safe; allocates nothing after warm-up.
    /// </summary>
    void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>A trainer for this network, its buffers sized once from <paramref name="options"/>.</summary>
    INetworkTrainer CreateTrainer(TrainerOptions options);

    /// <summary>The empirical NTK of this finite network at its current parameters: ∇_θ f₀(x₁) · ∇_θ f₀(x₂) for output 0.</summary>
    double EmpiricalNtk(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2);

    /// <summary>Saves B, a and the parameters to a versioned weight file, atomically (a temporary file renamed over the target).</summary>
    void Save(string path);

    /// <summary>Writes B, a and the parameters to a stream in the weight-file format.</summary>
    void Save(Stream stream);
}

/// <summary>
/// What every generated network type offers, so that generic code (samples, kernel regression,
/// benchmarks) works over any declared network. Sizes are static: they are the type.
/// </summary>
/// <typeparam name="TSelf">The generated network type.</typeparam>
public interface IFourierNetwork<TSelf> : IFourierNetwork
    where TSelf : IFourierNetwork<TSelf>
{
    /// <summary>d, the number of inputs.</summary>
    new static abstract int InputSize { get; }

    /// <summary>The length of γ(v): 2m for a Fourier mapping, d for raw inputs.</summary>
    new static abstract int FeatureSize { get; }

    /// <summary>The number of outputs.</summary>
    new static abstract int OutputSize { get; }

    /// <summary>The number of trainable parameters.</summary>
    new static abstract int ParameterCount { get; }

    int IFourierNetwork.InputSize => TSelf.InputSize;

    int IFourierNetwork.FeatureSize => TSelf.FeatureSize;

    int IFourierNetwork.OutputSize => TSelf.OutputSize;

    int IFourierNetwork.ParameterCount => TSelf.ParameterCount;

    /// <summary>A trainer for this network, its buffers sized once from <paramref name="options"/>.</summary>
    new Trainer<TSelf> CreateTrainer(TrainerOptions options);

    INetworkTrainer IFourierNetwork.CreateTrainer(TrainerOptions options) => CreateTrainer(options);

    /// <summary>Loads a network saved by this declaration; InvalidDataException names the check a wrong, truncated or corrupt file fails.</summary>
    static abstract TSelf Load(string path);

    /// <summary>Loads a network saved by this declaration from a stream.</summary>
    static abstract TSelf Load(Stream stream);
}
