using System.ComponentModel;
using FourierGen.Features;
using FourierGen.Kernels;
using FourierGen.Numerics;
using FourierGen.Training;
using FourierGen.Weights;

namespace FourierGen.CompilerServices;

/// <summary>
/// Everything the runtime needs about one declared network type, emitted once per type by the generator: its
/// sizes, mapping, initialisation, weight-file fingerprint and the layer plan. It creates, loads and bakes the
/// instances (<see cref="NetworkCore"/>); what depends on the runtime's kernels (packed weight layouts) it derives
/// from the plan once.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NetworkLayout
{
    /// <summary>Predict stack-allocates its buffers up to this many floats (64 KiB); larger networks use a per-thread buffer.</summary>
    internal const int MaxStackFloats = 16384;

    private readonly LayerPlan[] _layers;
    private readonly LayerStep[]? _kernelSteps;

    /// <summary>The layout of a network type, from the generator's plan.</summary>
    /// <param name="network">The type's name, for messages.</param>
    /// <param name="inputSize">d.</param>
    /// <param name="frequencyCount">m (0 for raw inputs).</param>
    /// <param name="outputSize">The number of outputs.</param>
    /// <param name="parameterCount">The number of trainable parameters.</param>
    /// <param name="fingerprint">What a weight file of this type must carry.</param>
    /// <param name="mapping">The declared mapping.</param>
    /// <param name="initialization">The declared initialisation preset.</param>
    /// <param name="layers">The layers, first to last.</param>
    /// <exception cref="ArgumentException">The layers do not chain or do not fit the parameter count (a generator bug).</exception>
    public NetworkLayout(string network, int inputSize, int frequencyCount, int outputSize, int parameterCount, string fingerprint,
        MappingPlan mapping, Initialization initialization, ReadOnlySpan<LayerPlan> layers)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Network = network;
        InputSize = inputSize;
        FrequencyCount = frequencyCount;
        OutputSize = outputSize;
        ParameterCount = parameterCount;
        Fingerprint = fingerprint;
        Mapping = mapping;
        Initialization = initialization;
        _layers = layers.ToArray();
        CheckChained();

        FeatureSize = _layers[0].Inputs;
        for (int k = 0; k + 1 < _layers.Length; k++)
        {
            MaxHiddenWidth = Math.Max(MaxHiddenWidth, _layers[k].Outputs);
        }

        LayerPlan last = _layers[^1];
        TrainingActivationsPerRow = last.OutputOffset + last.Outputs;
        InferenceScratchPerRow = FeatureSize + 2 * MaxHiddenWidth;
        TransposedOffsets = TransposedWeights.Offsets(_layers, out long transposedLength);
        TransposedLength = transposedLength;
        PredictScratchLength = CacheLineFloats + CacheLines(FeatureSize) + 2 * CacheLines(MaxHiddenWidth);

        // Packed lengths come from the runtime's kernels (they decide the layout); the first layer needs no ∂/∂input.
        ForwardPackOffsets = new int[_layers.Length];
        BackwardPackOffsets = new int[_layers.Length];
        for (int k = 0; k < _layers.Length; k++)
        {
            if (k > 0)
            {
                ForwardPackOffsets[k] = ForwardPackOffsets[k - 1] + Dense.PackedWeightsLength(_layers[k - 1].Inputs, _layers[k - 1].Outputs);
                BackwardPackOffsets[k] = k == 1 ? 0 : BackwardPackOffsets[k - 1] + Dense.PackedTransposedWeightsLength(_layers[k - 1].Inputs, _layers[k - 1].Outputs);
            }
        }

        ForwardPackLength = ForwardPackOffsets[^1] + Dense.PackedWeightsLength(last.Inputs, last.Outputs);
        BackwardPackLength = _layers.Length == 1 ? 0 : BackwardPackOffsets[^1] + Dense.PackedTransposedWeightsLength(last.Inputs, last.Outputs);
        _kernelSteps = KernelSteps(_layers);
    }

    /// <summary>The type's name.</summary>
    internal string Network { get; }

    internal int InputSize { get; }

    internal int FrequencyCount { get; }

    internal int FeatureSize { get; }

    internal int OutputSize { get; }

    internal int ParameterCount { get; }

    internal string Fingerprint { get; }

    internal MappingPlan Mapping { get; }

    internal Initialization Initialization { get; }

    /// <summary>The layers, first to last.</summary>
    internal ReadOnlySpan<LayerPlan> Layers => _layers;

    /// <summary>The widest hidden layer (0 without hidden layers).</summary>
    internal int MaxHiddenWidth { get; }

    /// <summary>Floats per row of every layer's values: features, each hidden output, outputs.</summary>
    internal int TrainingActivationsPerRow { get; }

    /// <summary>Floats per row for inference: features and two hidden buffers.</summary>
    internal int InferenceScratchPerRow { get; }

    /// <summary>
    /// Floats one-sample Predict's scratch needs: the features and two hidden buffers, each starting on a cache line, and
    /// one cache line of slack to align the first (a stack buffer is only 16-byte aligned), so that no 64-byte store of
    /// a layer's outputs straddles two cache lines.
    /// </summary>
    internal int PredictScratchLength { get; }

    /// <summary>Where each layer's Wᵀ starts in a network's <see cref="TransposedWeights"/>; −1 for a layer Predict reads row-major.</summary>
    internal int[] TransposedOffsets { get; }

    /// <summary>Floats of a network's <see cref="TransposedWeights"/>; 0 when Predict reads every layer row-major (and makes no copy).</summary>
    internal long TransposedLength { get; }

    /// <summary>Floats per cache line (one 512-bit vector).</summary>
    internal const int CacheLineFloats = 16;

    /// <summary><paramref name="floats"/> rounded up to whole cache lines.</summary>
    internal static int CacheLines(int floats) => (floats + CacheLineFloats - 1) / CacheLineFloats * CacheLineFloats;

    /// <summary>Where each layer's packed W starts in the forward pack.</summary>
    internal int[] ForwardPackOffsets { get; }

    /// <summary>Where each layer's packed Wᵀ starts in the backward pack (layer 0 has none).</summary>
    internal int[] BackwardPackOffsets { get; }

    internal int ForwardPackLength { get; }

    internal int BackwardPackLength { get; }

    /// <summary>The infinite-width recursion (neural-tangents' stax.Dense / stax.Relu, layer by layer); null without a closed form.</summary>
    internal LayerStep[] KernelSteps() =>
        _kernelSteps ?? throw new NotSupportedException($"{Network}'s hidden activation has no closed-form NNGP/NTK.");

    /// <summary>A new network: B and a from the declaration (or the overrides), then the parameters from <paramref name="seed"/>.</summary>
    /// <param name="seed">Seeds the random frequencies (mixed with the attribute's Seed) and the parameters.</param>
    /// <param name="frequencyScale">Overrides the declared scale σ.</param>
    /// <param name="frequencies">Overrides B (row-major, FrequencyCount × InputSize), or empty.</param>
    /// <param name="amplitudes">Overrides a (FrequencyCount values), or empty.</param>
    /// <returns>The network's core.</returns>
    /// <exception cref="ArgumentException">An override does not fit the declaration.</exception>
    public NetworkCore Create(int seed, float? frequencyScale, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes)
    {
        FeatureMap? map = Mapping.Create(Network, InputSize, FrequencyCount, seed, frequencyScale, frequencies, amplitudes);
        var parameters = new AlignedBuffer(ParameterCount);
        ParameterInitializer.Initialize(parameters.Span, _layers, Initialization, seed);
        return new NetworkCore(this, map, parameters, seed);
    }

    /// <summary>The network baked into the generated source: B, a and the parameters as the generator wrote them.</summary>
    /// <param name="frequencies">B, row-major, as UTF-8 base-64 text (<see cref="BakedFloats"/>).</param>
    /// <param name="amplitudes">a, the same way.</param>
    /// <param name="parameters">The trainable parameters, the same way.</param>
    /// <returns>The network's core; its Seed is 0.</returns>
    /// <exception cref="InvalidDataException">A literal does not hold the declared number of values (generated code edited).</exception>
    public NetworkCore FromBaked(ReadOnlySpan<byte> frequencies, ReadOnlySpan<byte> amplitudes, ReadOnlySpan<byte> parameters)
    {
        float[] b = new float[checked(FrequencyCount * InputSize)], a = new float[FrequencyCount];
        BakedFloats.FromBase64(frequencies, b, "frequencies");
        BakedFloats.FromBase64(amplitudes, a, "amplitudes");
        var block = new AlignedBuffer(ParameterCount);
        BakedFloats.FromBase64(parameters, block.Span, "parameters");
        return new NetworkCore(this, Mapping.FromValues(InputSize, b, a), block, seed: 0);
    }

    /// <summary>Loads a network saved by this type.</summary>
    /// <param name="path">The weight file.</param>
    /// <returns>The network's core.</returns>
    /// <exception cref="InvalidDataException">The file is wrong, truncated or corrupt; the message names the check it fails.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public NetworkCore Load(string path) => FromWeights(WeightFile.Load(path, Fingerprint, InputSize, FrequencyCount, ParameterCount));

    /// <summary>Loads a network saved by this type from a stream.</summary>
    /// <param name="stream">A readable stream; nothing may follow the weight file.</param>
    /// <returns>The network's core.</returns>
    /// <exception cref="InvalidDataException">The data fails a check; the message says which.</exception>
    public NetworkCore Load(Stream stream) => FromWeights(WeightFile.Load(stream, Fingerprint, InputSize, FrequencyCount, ParameterCount));

    /// <summary>Loads a network saved by this type, reading the file asynchronously.</summary>
    /// <typeparam name="TNet">The generated network type.</typeparam>
    /// <param name="path">The weight file.</param>
    /// <param name="create">Wraps the loaded core in the generated type.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidDataException">The file fails a check; the message (prefixed with the path) says which.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public async Task<TNet> LoadAsync<TNet>(string path, Func<NetworkCore, TNet> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentException.ThrowIfNullOrEmpty(path);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            return await LoadAsync(stream, create, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw WeightFileFormat.WithPath(e, path);
        }
    }

    /// <summary>Loads a network saved by this type, reading the stream asynchronously (no synchronous read is made on it).</summary>
    /// <typeparam name="TNet">The generated network type.</typeparam>
    /// <param name="stream">A readable stream; nothing may follow the weight file in it.</param>
    /// <param name="create">Wraps the loaded core in the generated type.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidDataException">The data fails a check; the message says which.</exception>
    public async Task<TNet> LoadAsync<TNet>(Stream stream, Func<NetworkCore, TNet> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        long limit = WeightFileFormat.FileLength(System.Text.Encoding.UTF8.GetByteCount(Fingerprint), InputSize, FrequencyCount, ParameterCount) + 1;
        using MemoryStream buffer = await AtomicFile.ReadAsync(stream, limit, cancellationToken).ConfigureAwait(false);
        return create(Load(buffer));
    }

    /// <summary>
    /// Loads a network saved by this type, or returns false when there is no such file or it is not a valid weight file of this
    /// declaration. Other failures (e.g. no permission to read) still throw.
    /// </summary>
    /// <typeparam name="TNet">The generated network type.</typeparam>
    /// <param name="path">The weight file.</param>
    /// <param name="create">Wraps the loaded core in the generated type.</param>
    /// <param name="network">The network, or default when false is returned.</param>
    /// <returns>Whether the file was loaded.</returns>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public bool TryLoad<TNet>(string path, Func<NetworkCore, TNet> create, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TNet network)
    {
        ArgumentNullException.ThrowIfNull(create);
        try
        {
            network = create(Load(path));
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException || (e is ArgumentException && string.IsNullOrEmpty(path)))
        {
            network = default;
            return false;
        }
    }

    private NetworkCore FromWeights((float[] Frequencies, float[] Amplitudes, float[] Parameters) weights)
    {
        // The reader is shared with the generator (netstandard2.0) and returns arrays: one copy into the aligned block.
        var block = new AlignedBuffer(ParameterCount);
        weights.Parameters.CopyTo(block.Span);
        return new NetworkCore(this, Mapping.FromValues(InputSize, weights.Frequencies, weights.Amplitudes), block, seed: 0);
    }

    private static LayerStep[]? KernelSteps(LayerPlan[] layers)
    {
        var steps = new List<LayerStep>();
        foreach (LayerPlan layer in layers)
        {
            steps.Add(LayerStep.Dense(layer.Parameterization, layer.Inputs, layer.WeightStd, layer.BiasStd, bias: layer.HasBias));
            if (layer.Index + 1 < layers.Length)
            {
                if (layer.Activation is not (Activation.Relu or Activation.Identity))
                {
                    return null;
                }

                steps.Add(LayerStep.For(layer.Activation));
            }
        }

        return steps.ToArray();
    }

    /// <summary>The plan's layers must chain (each reads what the one before writes) and fit the parameter block.</summary>
    private void CheckChained()
    {
        if (_layers.Length == 0)
        {
            throw new ArgumentException("A network has at least one layer.", "layers");
        }

        for (int k = 0; k < _layers.Length; k++)
        {
            LayerPlan layer = _layers[k];
            bool chained = layer.Index == k && (k == 0 || layer.Inputs == _layers[k - 1].Outputs);
            bool fits = (long)layer.WeightOffset + ((long)layer.Inputs * layer.Outputs) <= ParameterCount
                && (!layer.HasBias || (long)layer.BiasOffset + layer.Outputs <= ParameterCount);
            if (!chained || !fits || layer.WeightOffset < 0)
            {
                throw new ArgumentException($"Layer {k + 1} of {Network}'s plan does not follow the layer before it or does not fit its parameters.", "layers");
            }
        }

        if (_layers[^1].Outputs != OutputSize)
        {
            throw new ArgumentException($"The last layer of {Network}'s plan has {_layers[^1].Outputs} outputs, not {OutputSize}.", "layers");
        }
    }
}
