using System.Diagnostics.CodeAnalysis;

namespace FourierGen;

/// <summary>
/// What every generated network offers, without its type: a handle for holding networks of different
/// declarations side by side (a list of mappings, a sweep). Generic code should prefer
/// <see cref="IFourierNetwork{TSelf}"/>, whose sizes are constants.
/// </summary>
/// <remarks>
/// Destinations (<c>features</c>, <c>output</c>, <c>outputs</c>, kernel matrices) follow the BCL's rule: they must hold at
/// least the values written, may be longer, and only their first values are written. Sources must be exactly rows × row size.
/// </remarks>
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
    /// <remarks>Read-only: write them with <see cref="SetParameters"/>, which keeps what the network derives from them in step.</remarks>
    ReadOnlySpan<float> Parameters { get; }

    /// <summary>Replaces every trainable parameter (the layout of <see cref="Parameters"/>).</summary>
    /// <remarks>
    /// The only way to write the parameters from outside a trainer: the network keeps a transposed copy of some layers'
    /// weights for one-sample <see cref="Predict"/>, and this marks it old. Like any write, not to be run while another
    /// thread predicts or trains.
    /// </remarks>
    /// <param name="values">ParameterCount values.</param>
    /// <exception cref="ArgumentException">The span has the wrong length or holds NaN or ∞ (nothing is written).</exception>
    void SetParameters(ReadOnlySpan<float> values);

    /// <summary>Writes γ(<paramref name="input"/>) = [a ⊙ cos(2πBv), a ⊙ sin(2πBv)] to <paramref name="features"/>.</summary>
    /// <remarks>
    /// Every finite input gives finite features: the phase b·v is exact in float arithmetic while |b·v| ≤ 2⁶⁴, and an
    /// input beyond that (up to float.MaxValue, where b·v would overflow float) is encoded in float64 instead — slower
    /// (no vectors), still allocation-free. The same holds for <see cref="EncodeBatch"/>, <see cref="Predict"/>,
    /// <see cref="PredictBatch"/> and training.
    /// </remarks>
    /// <param name="input">InputSize values.</param>
    /// <param name="features">At least FeatureSize values: receives γ(v).</param>
    /// <exception cref="ArgumentException">A span is too short or too long, or the input holds NaN or ∞.</exception>
    void Encode(ReadOnlySpan<float> input, Span<float> features);

    /// <summary>γ of each row of <paramref name="inputs"/> into the rows of <paramref name="features"/>.</summary>
    /// <param name="inputs">rows × InputSize values, row-major.</param>
    /// <param name="features">At least rows × FeatureSize values.</param>
    /// <exception cref="ArgumentException">The inputs are not whole rows or hold NaN or ∞, or the features are too short.</exception>
    void EncodeBatch(ReadOnlySpan<float> inputs, Span<float> features);

    /// <summary>The network's output for one input: no allocation, thread-safe.</summary>
    /// <remarks>
    /// The features of any finite input are finite (see <see cref="Encode"/>); the layers compute in float, so only
    /// values beyond float's range inside the MLP — a raw-input network fed inputs near float.MaxValue, or diverged
    /// parameters — give ±∞ or NaN outputs.
    /// </remarks>
    /// <param name="input">InputSize values.</param>
    /// <param name="output">At least OutputSize values: receives the output.</param>
    /// <exception cref="ArgumentException">The input has the wrong length or holds NaN or ∞, or the output is too short.</exception>
    void Predict(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>
    /// The outputs of every row of <paramref name="inputs"/> into the rows of <paramref name="outputs"/>, on all cores.
    /// Thread-safe; allocates nothing after warm-up; each row's output does not depend on the others or on the threads.
    /// </summary>
    /// <param name="inputs">rows × InputSize values, row-major.</param>
    /// <param name="outputs">At least rows × OutputSize values.</param>
    /// <exception cref="ArgumentException">The inputs are not whole rows or hold NaN or ∞, or the outputs are too short.</exception>
    void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>A trainer for this network, its buffers sized once from <paramref name="options"/>.</summary>
    /// <param name="options">Optimiser, schedule, loss, batch capacity, threads.</param>
    /// <returns>The trainer (dispose it to stop its threads).</returns>
    /// <exception cref="ArgumentNullException">An option is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    INetworkTrainer CreateTrainer(TrainerOptions options);

    /// <summary>The empirical NTK of this finite network at its current parameters: ∇_θ f₀(x₁) · ∇_θ f₀(x₂) for output 0.</summary>
    /// <param name="x1">InputSize values.</param>
    /// <param name="x2">InputSize values.</param>
    /// <returns>Θ̂(x₁, x₂), accumulated in double.</returns>
    /// <exception cref="ArgumentException">An input has the wrong length or holds NaN or ∞.</exception>
    double EmpiricalNtk(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2);

    /// <summary>Saves B, a and the parameters to a versioned weight file, atomically (a temporary file renamed over the target).</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="ArgumentException">The path is empty or names a directory, or a parameter is NaN or ∞ (nothing is written).</exception>
    /// <exception cref="IOException">The file cannot be written; an existing file is untouched.</exception>
    void Save(string path);

    /// <summary>Writes B, a and the parameters to a stream in the weight-file format.</summary>
    /// <param name="stream">A writable stream (flushed, not closed).</param>
    /// <exception cref="ArgumentException">The stream is not writable, or a parameter is NaN or ∞ (nothing is written).</exception>
    void Save(Stream stream);

    /// <summary>Saves the weight file atomically, writing asynchronously.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="cancellationToken">Cancels the write (an existing file is then untouched).</param>
    /// <returns>The write.</returns>
    /// <exception cref="ArgumentException">The path is empty or names a directory, or a parameter is NaN or ∞ (nothing is written).</exception>
    /// <exception cref="IOException">The file cannot be written; an existing file is untouched.</exception>
    Task SaveAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Writes the weight file to a stream asynchronously (e.g. an HTTP response body).</summary>
    /// <param name="stream">A writable stream (flushed, not closed).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The write.</returns>
    /// <exception cref="ArgumentException">The stream is not writable, or a parameter is NaN or ∞ (nothing is written).</exception>
    Task SaveAsync(Stream stream, CancellationToken cancellationToken = default);
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
    /// <param name="options">Optimiser, schedule, loss, batch capacity, threads.</param>
    /// <returns>The trainer (dispose it to stop its threads).</returns>
    /// <exception cref="ArgumentNullException">An option is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    new Trainer<TSelf> CreateTrainer(TrainerOptions options);

    INetworkTrainer IFourierNetwork.CreateTrainer(TrainerOptions options) => CreateTrainer(options);

    /// <summary>Loads a network saved by this declaration.</summary>
    /// <param name="path">The weight file.</param>
    /// <returns>The network (its Seed is 0).</returns>
    /// <exception cref="InvalidDataException">The file is not a weight file of this declaration, or is truncated or corrupt; the message (prefixed with the path) says which.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    static abstract TSelf Load(string path);

    /// <summary>Loads a network saved by this declaration from a stream's position to its end.</summary>
    /// <param name="stream">A readable stream; nothing may follow the weight file in it.</param>
    /// <returns>The network (its Seed is 0).</returns>
    /// <exception cref="InvalidDataException">The data fails a check; the message says which.</exception>
    static abstract TSelf Load(Stream stream);

    /// <summary>Loads a network saved by this declaration, reading the file asynchronously.</summary>
    /// <param name="path">The weight file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidDataException">The file fails a check; the message (prefixed with the path) says which.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    static abstract Task<TSelf> LoadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads a network from a stream, reading it asynchronously: no synchronous read is made (ASP.NET Core refuses them on
    /// request bodies), and at most one byte more than this declaration's file length is buffered.
    /// </summary>
    /// <param name="stream">A readable stream; nothing may follow the weight file in it.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidDataException">The data fails a check; the message says which.</exception>
    static abstract Task<TSelf> LoadAsync(Stream stream, CancellationToken cancellationToken = default);

    /// <summary>Loads a network, or returns false when the file does not exist or is not a valid weight file of this declaration.</summary>
    /// <param name="path">The weight file.</param>
    /// <param name="network">The network, or null when false is returned.</param>
    /// <returns>Whether the network was loaded.</returns>
    /// <exception cref="UnauthorizedAccessException">The file exists but cannot be read.</exception>
    static abstract bool TryLoad(string path, [MaybeNullWhen(false)] out TSelf network);
}
