namespace FourierGen.Training;

/// <summary>
/// The size-specialised passes a generated network provides to the runtime's batch machinery
/// (<see cref="TrainingEngine"/>, <see cref="BatchInference"/>): forward and backward over a chunk of
/// rows, each a straight sequence of dense-layer calls emitted for the declared widths. The
/// runtime owns buffers, threads, losses and optimisers; the generated code owns the layer sequence.
/// </summary>
internal interface INetworkPasses
{
    /// <summary>d, floats per input row.</summary>
    int InputSize { get; }

    /// <summary>Floats per output row.</summary>
    int OutputSize { get; }

    /// <summary>The trainable parameters (W row-major [out][in], then b, per layer); whoever writes them calls <see cref="ParametersWritten"/> after.</summary>
    Span<float> Parameters { get; }

    /// <summary>Tells the network its parameters changed, so that what it derives from them (one-sample Predict's Wᵀ) is remade.</summary>
    void ParametersWritten();

    /// <summary>Floats one row needs to keep every layer's values for the backward pass: features, each hidden output, outputs.</summary>
    int TrainingActivationsPerRow { get; }

    /// <summary>Floats one row needs for inference (features and two hidden buffers).</summary>
    int InferenceScratchPerRow { get; }

    /// <summary>Floats one row needs for the backward pass's two ∂/∂hidden buffers.</summary>
    int BackwardScratchPerRow { get; }

    /// <summary>Floats of all layers' weights packed for the batched forward pass.</summary>
    int ForwardPackLength { get; }

    /// <summary>Floats of all layers' weights packed for the backward pass's ∂/∂input products.</summary>
    int BackwardPackLength { get; }

    /// <summary>Packs every layer's current W for <see cref="ForwardRows"/> and <see cref="InferRows"/>.</summary>
    void PackForward(Span<float> pack);

    /// <summary>Packs every layer's current W for <see cref="BackwardRows"/>.</summary>
    void PackBackward(Span<float> pack);

    /// <summary>
    /// The forward pass of <paramref name="rows"/> rows keeping every layer: activations holds, one after
    /// another, rows × width blocks for the features, each hidden layer and the outputs (the last block).
    /// </summary>
    void ForwardRows(ReadOnlySpan<float> inputs, int rows, Span<float> activations, ReadOnlySpan<float> forwardPack);

    /// <summary>The forward pass of <paramref name="rows"/> rows into <paramref name="outputs"/>, with scratch of <see cref="InferenceScratchPerRow"/> floats per row.</summary>
    void InferRows(ReadOnlySpan<float> inputs, int rows, Span<float> scratch, ReadOnlySpan<float> forwardPack, Span<float> outputs);

    /// <summary>
    /// The backward pass of <paramref name="rows"/> rows from ∂loss/∂outputs (overwritten) and the
    /// activations of <see cref="ForwardRows"/>: writes (or, with <paramref name="accumulate"/>, adds) the
    /// parameter gradient, laid out like the parameters.
    /// </summary>
    void BackwardRows(Span<float> outputGradient, int rows, ReadOnlySpan<float> activations, Span<float> scratch,
        ReadOnlySpan<float> backwardPack, Span<float> gradient, bool accumulate);
}
