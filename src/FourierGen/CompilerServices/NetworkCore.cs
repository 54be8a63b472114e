using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FourierGen.Features;
using FourierGen.Kernels;
using FourierGen.Numerics;
using FourierGen.Training;
using FourierGen.Weights;

namespace FourierGen.CompilerServices;

/// <summary>
/// The state and behaviour of one network instance, written once for every declared type: B and a, the
/// parameters, and every member of <see cref="IAnalyticNetwork{TSelf}"/>, run from the type's
/// <see cref="NetworkLayout"/>. A generated network holds one and forwards its public members to it.
/// </summary>
/// <remarks>Thread safety is the network's: readers may run concurrently; writing the parameters while they run is a race.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class NetworkCore
{
    private readonly NetworkLayout _layout;
    private readonly FeatureMap? _map;
    private readonly AlignedBuffer _parameters;
    private TransposedWeights? _byColumns; // made by the first Predict: batch-only and training-only uses never hold it

    // Counted up after every write of the parameters: tells the transposed copy for one-sample Predict it is old.
    private int _parameterVersion;

    /// <param name="layout">The type's layout.</param>
    /// <param name="map">The feature map (null for raw inputs).</param>
    /// <param name="parameters">
    /// The parameters, in a block that starts on a cache line and stays there (pinned): every row of W whose length is a
    /// multiple of 16 floats then starts on a cache line too, so one-sample Predict, which reads W in place, never splits
    /// a 64-byte load across two lines. Trainers, loads and <see cref="SetParameters"/> write into this same block and
    /// then call <see cref="ParametersWritten"/>, which tells the one derived copy (<see cref="TransposedWeights"/>) it is old.
    /// </param>
    /// <param name="seed">The seed the network was created from (0 when loaded or baked).</param>
    internal NetworkCore(NetworkLayout layout, FeatureMap? map, AlignedBuffer parameters, int seed)
    {
        _layout = layout;
        _map = map;
        _parameters = parameters;
        Seed = seed;
    }

    /// <summary>The seed this network was created with (0 when loaded or baked).</summary>
    public int Seed { get; }

    /// <summary>The type's layout.</summary>
    internal NetworkLayout Layout => _layout;

    /// <summary>B, row-major (FrequencyCount × InputSize); empty for raw inputs.</summary>
    public ReadOnlySpan<float> Frequencies => _map is null ? default : _map.Frequencies;

    /// <summary>a, one per frequency, as declared (before normalisation); empty for raw inputs.</summary>
    public ReadOnlySpan<float> Amplitudes => _map is null ? default : _map.Amplitudes;

    /// <summary>The trainable parameters, one contiguous block: per layer W row-major [out][in], then b.</summary>
    public ReadOnlySpan<float> Parameters => _parameters.Span;

    /// <inheritdoc cref="IFourierNetwork.SetParameters"/>
    public void SetParameters(ReadOnlySpan<float> values)
    {
        Guard.Length(values, _layout.ParameterCount, nameof(values), "ParameterCount");
        Guard.Finite(values, nameof(values));
        values.CopyTo(_parameters.Span);
        ParametersWritten();
    }

    /// <summary>Every writer of the parameter block calls this after writing, so the copies derived from it are remade.</summary>
    internal void ParametersWritten() => Interlocked.Increment(ref _parameterVersion);

    /// <inheritdoc cref="IFourierNetwork.Encode"/>
    public void Encode(ReadOnlySpan<float> input, Span<float> features)
    {
        Guard.Length(input, _layout.InputSize, nameof(input), "InputSize");
        Guard.AtLeast(features, _layout.FeatureSize, nameof(features), "FeatureSize");
        Guard.Finite(input, nameof(input));
        EncodeUnchecked(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(features));
    }

    /// <inheritdoc cref="IFourierNetwork.EncodeBatch"/>
    public void EncodeBatch(ReadOnlySpan<float> inputs, Span<float> features)
    {
        int rows = Guard.Rows(inputs, _layout.InputSize, nameof(inputs), "InputSize per row");
        Guard.AtLeast(features, (long)rows * _layout.FeatureSize, nameof(features), "FeatureSize per input row");
        Guard.Finite(inputs, nameof(inputs));
        EncodeRows(inputs, rows, features);
    }

    /// <inheritdoc cref="IFourierNetwork.Predict"/>
    /// <remarks>Stack buffers only (a per-thread buffer for very wide networks), no allocation.</remarks>
    [SkipLocalsInit] // every buffer is written before it is read: the features by the encoder, each hidden buffer by its layer
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        NetworkLayout layout = _layout;
        Guard.Length(input, layout.InputSize, nameof(input), "InputSize");
        Guard.AtLeast(output, layout.OutputSize, nameof(output), "OutputSize");
        Guard.Finite(input, nameof(input));
        int length = layout.PredictScratchLength;
        Forward(input, length <= NetworkLayout.MaxStackFloats ? stackalloc float[length] : ThreadScratch.Get(length), output.Slice(0, layout.OutputSize));
    }

    /// <summary>
    /// The layers of <see cref="Predict"/>. A method of its own because a method with both a stackalloc and a loop is
    /// compiled once, fully optimised but without the profile-guided recompilation every other method gets.
    /// </summary>
    private unsafe void Forward(ReadOnlySpan<float> input, Span<float> scratch, Span<float> output)
    {
        NetworkLayout layout = _layout;
        TransposedWeights? byColumns = _byColumns ?? (layout.TransposedLength > 0 ? CreateTransposedWeights() : null);
        float* t = byColumns is null ? null : byColumns.Current(layout.Layers, layout.TransposedOffsets, _parameters.Span, Volatile.Read(ref _parameterVersion));
        fixed (float* start = scratch, y = output, p = _parameters.Span)
        {
            float* features = (float*)(((nint)start + 63) & ~(nint)63);
            float* even = features + NetworkLayout.CacheLines(layout.FeatureSize), odd = even + NetworkLayout.CacheLines(layout.MaxHiddenWidth);
            EncodeUnchecked(ref MemoryMarshal.GetReference(input), ref *features);
            switch (SimdWidth.Current)
            {
                case VectorWidth.Vector512: Layers<Simd512<float>>(layout.Layers, layout.TransposedOffsets, p, t, features, even, odd, y); break;
                case VectorWidth.Vector256: Layers<Simd256<float>>(layout.Layers, layout.TransposedOffsets, p, t, features, even, odd, y); break;
                case VectorWidth.Vector128: Layers<Simd128<float>>(layout.Layers, layout.TransposedOffsets, p, t, features, even, odd, y); break;
                default: Layers<SimdScalar<float>>(layout.Layers, layout.TransposedOffsets, p, t, features, even, odd, y); break;
            }
        }
    }

    /// <summary>The transposed weights, made once (concurrent first calls keep the first one made).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TransposedWeights CreateTransposedWeights()
    {
        Interlocked.CompareExchange(ref _byColumns, new TransposedWeights(_layout.TransposedLength), null);
        return _byColumns!;
    }

    /// <summary>
    /// The layers of one sample at one width, chosen once per call: the buffers and every layer's sizes come from the
    /// layout (checked when the type was generated and the layout built), so no layer repeats the argument checks.
    /// </summary>
    private static unsafe void Layers<V>(ReadOnlySpan<LayerPlan> layers, ReadOnlySpan<int> transposedOffsets, float* p, float* transposed,
        float* features, float* even, float* odd, float* output)
        where V : unmanaged, ISimd<V, float>
    {
        for (int k = 0; k < layers.Length; k++)
        {
            ref readonly LayerPlan layer = ref layers[k];
            float* x = k == 0 ? features : (k - 1) % 2 == 0 ? even : odd;
            float* y = k + 1 == layers.Length ? output : k % 2 == 0 ? even : odd;
            float* bias = layer.HasBias ? p + layer.BiasOffset : null;
            if (transposedOffsets[k] >= 0)
            {
                DenseKernels<V>.ForwardOneByColumns(x, transposed + transposedOffsets[k], TransposedWeights.Stride(layer.Outputs), bias, y,
                    layer.Inputs, layer.Outputs, layer.Activation, layer.WeightScale, layer.BiasScale);
            }
            else
            {
                Dense.ForwardOneUnchecked<V>(x, p + layer.WeightOffset, bias, y,
                    layer.Inputs, layer.Outputs, layer.Activation, layer.WeightScale, layer.BiasScale);
            }
        }
    }

    /// <inheritdoc cref="IFourierNetwork.PredictBatch"/>
    public void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => BatchInference.Predict(Passes, inputs, outputs);

    /// <summary>A trainer for <paramref name="network"/>, the generated network that holds this core.</summary>
    /// <typeparam name="TNet">The generated network type.</typeparam>
    /// <param name="network">The generated network that holds this core.</param>
    /// <param name="options">Optimiser, schedule, loss, batch capacity, threads.</param>
    /// <returns>The trainer.</returns>
    /// <exception cref="ArgumentNullException">An option is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Trainer<TNet> CreateTrainer<TNet>(TNet network, TrainerOptions options)
        where TNet : IFourierNetwork<TNet> => new(network, this, options);

    /// <inheritdoc cref="IFourierNetwork.EmpiricalNtk"/>
    public double EmpiricalNtk(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2) => EmpiricalKernel.Ntk(Passes, x1, x2);

    /// <inheritdoc cref="IAnalyticNetwork.Nngp"/>
    public double Nngp(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2)
    {
        AnalyticKernel.Pair(_map, _layout.InputSize, x1, x2, _layout.KernelSteps(), out double nngp, out _);
        return nngp;
    }

    /// <inheritdoc cref="IAnalyticNetwork.Ntk"/>
    public double Ntk(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2)
    {
        AnalyticKernel.Pair(_map, _layout.InputSize, x1, x2, _layout.KernelSteps(), out _, out double ntk);
        return ntk;
    }

    /// <inheritdoc cref="IAnalyticNetwork.NngpMatrix(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double})"/>
    public void NngpMatrix(ReadOnlySpan<float> xs1, ReadOnlySpan<float> xs2, Span<double> k) =>
        AnalyticKernel.Matrix(_map, _layout.InputSize, xs1, xs2, _layout.KernelSteps(), k, default);

    /// <inheritdoc cref="IAnalyticNetwork.NtkMatrix(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double})"/>
    public void NtkMatrix(ReadOnlySpan<float> xs1, ReadOnlySpan<float> xs2, Span<double> k) =>
        AnalyticKernel.Matrix(_map, _layout.InputSize, xs1, xs2, _layout.KernelSteps(), default, k);

    /// <inheritdoc cref="IAnalyticNetwork.NngpMatrix(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double}, IProgress{double}, CancellationToken)"/>
    public void NngpMatrix(ReadOnlySpan<float> xs1, ReadOnlySpan<float> xs2, Span<double> k, IProgress<double>? progress, CancellationToken cancellationToken) =>
        AnalyticKernel.Matrix(_map, _layout.InputSize, xs1, xs2, _layout.KernelSteps(), k, default, new WorkProgress(progress, cancellationToken));

    /// <inheritdoc cref="IAnalyticNetwork.NtkMatrix(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double}, IProgress{double}, CancellationToken)"/>
    public void NtkMatrix(ReadOnlySpan<float> xs1, ReadOnlySpan<float> xs2, Span<double> k, IProgress<double>? progress, CancellationToken cancellationToken) =>
        AnalyticKernel.Matrix(_map, _layout.InputSize, xs1, xs2, _layout.KernelSteps(), default, k, new WorkProgress(progress, cancellationToken));

    /// <summary>The NTK as a function of Δ = v − v′ alone (Fourier features make it stationary): the paper's h(Δ).</summary>
    /// <param name="delta">Δ, InputSize values.</param>
    /// <returns>h(Δ), in float64.</returns>
    /// <exception cref="ArgumentException">Δ has the wrong length or holds NaN or ∞.</exception>
    /// <exception cref="NotSupportedException">The network has no feature mapping or no closed-form kernel.</exception>
    public double KernelOfDifference(ReadOnlySpan<double> delta)
    {
        StationaryKernel.KernelOfDifference(Map, delta, _layout.KernelSteps(), out _, out double ntk);
        return ntk;
    }

    /// <summary>The NNGP as a function of Δ = v − v′ alone.</summary>
    /// <param name="delta">Δ, InputSize values.</param>
    /// <returns>K(Δ), in float64.</returns>
    /// <exception cref="ArgumentException">Δ has the wrong length or holds NaN or ∞.</exception>
    /// <exception cref="NotSupportedException">The network has no feature mapping or no closed-form kernel.</exception>
    public double NngpOfDifference(ReadOnlySpan<double> delta)
    {
        StationaryKernel.KernelOfDifference(Map, delta, _layout.KernelSteps(), out double nngp, out _);
        return nngp;
    }

    /// <inheritdoc cref="IFourierNetwork.Save(string)"/>
    public void Save(string path) => WeightFile.Save(path, _layout.Fingerprint, _layout.InputSize, Frequencies, Amplitudes, _parameters.Span);

    /// <inheritdoc cref="IFourierNetwork.Save(Stream)"/>
    public void Save(Stream stream) => WeightFile.Save(stream, _layout.Fingerprint, _layout.InputSize, Frequencies, Amplitudes, _parameters.Span);

    /// <inheritdoc cref="IFourierNetwork.SaveAsync(string, CancellationToken)"/>
    public Task SaveAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return AtomicFile.WriteAsync(path, WeightBytes(), cancellationToken);
    }

    /// <inheritdoc cref="IFourierNetwork.SaveAsync(Stream, CancellationToken)"/>
    public async Task SaveAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        await stream.WriteAsync(WeightBytes(), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The weight file's bytes (values validated first: nothing is written on a bad value).</summary>
    private byte[] WeightBytes()
    {
        using var buffer = new MemoryStream();
        Save(buffer);
        return buffer.ToArray();
    }

    private FeatureMap Map => _map ?? throw new NotSupportedException($"{_layout.Network} has no feature mapping, so its kernel is not stationary.");

    private static ReadOnlySpan<float> Weights(ReadOnlySpan<float> parameters, in LayerPlan layer) =>
        parameters.Slice(layer.WeightOffset, layer.Inputs * layer.Outputs);

    private static ReadOnlySpan<float> Bias(ReadOnlySpan<float> parameters, in LayerPlan layer) =>
        layer.HasBias ? parameters.Slice(layer.BiasOffset, layer.Outputs) : default;

    /// <summary>γ(v) of one row: the mapping's encoder, or a copy of the inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EncodeUnchecked(ref float input, ref float features)
    {
        if (_map is null)
        {
            Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref features), ref Unsafe.As<float, byte>(ref input), (uint)(_layout.InputSize * sizeof(float)));
        }
        else
        {
            _map.EncodeUnchecked(ref input, ref features);
        }
    }

    private void EncodeRows(ReadOnlySpan<float> inputs, int rows, Span<float> features)
    {
        int inputSize = _layout.InputSize, featureSize = _layout.FeatureSize;
        ref float input = ref MemoryMarshal.GetReference(inputs);
        ref float feature = ref MemoryMarshal.GetReference(features);
        for (int row = 0; row < rows; row++)
        {
            EncodeUnchecked(ref Unsafe.Add(ref input, row * inputSize), ref Unsafe.Add(ref feature, row * featureSize));
        }
    }
}
