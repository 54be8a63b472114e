using FourierGen.Numerics;
using FourierGen.Training;

namespace FourierGen.CompilerServices;

/// <summary>The batched passes the training engine, batch inference and the empirical kernel run, one dense call per planned layer.</summary>
public sealed partial class NetworkCore : INetworkPasses
{
    private INetworkPasses Passes => this;

    int INetworkPasses.InputSize => _layout.InputSize;

    int INetworkPasses.OutputSize => _layout.OutputSize;

    Span<float> INetworkPasses.Parameters => _parameters.Span;

    void INetworkPasses.ParametersWritten() => ParametersWritten();

    int INetworkPasses.TrainingActivationsPerRow => _layout.TrainingActivationsPerRow;

    int INetworkPasses.InferenceScratchPerRow => _layout.InferenceScratchPerRow;

    int INetworkPasses.BackwardScratchPerRow => 2 * _layout.MaxHiddenWidth;

    int INetworkPasses.ForwardPackLength => _layout.ForwardPackLength;

    int INetworkPasses.BackwardPackLength => _layout.BackwardPackLength;

    void INetworkPasses.PackForward(Span<float> pack)
    {
        ReadOnlySpan<float> p = _parameters.Span;
        foreach (LayerPlan layer in _layout.Layers)
        {
            Dense.PackWeights(Weights(p, layer), pack.Slice(_layout.ForwardPackOffsets[layer.Index]), layer.Inputs, layer.Outputs);
        }
    }

    void INetworkPasses.PackBackward(Span<float> pack)
    {
        ReadOnlySpan<float> p = _parameters.Span;
        foreach (LayerPlan layer in _layout.Layers[1..])
        {
            // The first layer needs no ∂/∂input: nothing to pack for it.
            Dense.PackTransposedWeights(Weights(p, layer), pack.Slice(_layout.BackwardPackOffsets[layer.Index]), layer.Inputs, layer.Outputs);
        }
    }

    void INetworkPasses.ForwardRows(ReadOnlySpan<float> inputs, int rows, Span<float> activations, ReadOnlySpan<float> pack)
    {
        ReadOnlySpan<float> p = _parameters.Span;
        EncodeRows(inputs, rows, activations.Slice(0, rows * _layout.FeatureSize));
        foreach (LayerPlan layer in _layout.Layers)
        {
            Dense.ForwardPacked(Input(activations, rows, layer), pack.Slice(_layout.ForwardPackOffsets[layer.Index]), Bias(p, layer),
                Output(activations, rows, layer), rows, layer.Inputs, layer.Outputs, layer.Activation, layer.WeightScale, layer.BiasScale);
        }
    }

    void INetworkPasses.InferRows(ReadOnlySpan<float> inputs, int rows, Span<float> scratch, ReadOnlySpan<float> pack, Span<float> outputs)
    {
        ReadOnlySpan<float> p = _parameters.Span;
        int featureSize = _layout.FeatureSize, hidden = _layout.MaxHiddenWidth;
        Span<float> features = scratch.Slice(0, rows * featureSize);
        Span<float> even = scratch.Slice(rows * featureSize, rows * hidden), odd = scratch.Slice(rows * (featureSize + hidden), rows * hidden);
        EncodeRows(inputs, rows, features);
        ReadOnlySpan<LayerPlan> layers = _layout.Layers;
        for (int k = 0; k < layers.Length; k++)
        {
            LayerPlan layer = layers[k];
            ReadOnlySpan<float> x = k == 0 ? features : (k - 1) % 2 == 0 ? even : odd;
            Span<float> y = k + 1 == layers.Length ? outputs : k % 2 == 0 ? even : odd;
            Dense.ForwardPacked(x, pack.Slice(_layout.ForwardPackOffsets[k]), Bias(p, layer), y, rows,
                layer.Inputs, layer.Outputs, layer.Activation, layer.WeightScale, layer.BiasScale);
        }
    }

    void INetworkPasses.BackwardRows(Span<float> outputGradient, int rows, ReadOnlySpan<float> activations, Span<float> scratch,
        ReadOnlySpan<float> pack, Span<float> gradient, bool accumulate)
    {
        int hidden = _layout.MaxHiddenWidth;
        Span<float> even = scratch.Slice(0, rows * hidden), odd = scratch.Slice(rows * hidden, rows * hidden);
        ReadOnlySpan<LayerPlan> layers = _layout.Layers;

        // From the output layer back: each layer turns ∂/∂(its output) into ∂/∂(its input) for the layer before.
        for (int k = layers.Length - 1; k >= 0; k--)
        {
            LayerPlan layer = layers[k];
            Span<float> dY = k + 1 == layers.Length ? outputGradient : (k % 2 == 0 ? even : odd).Slice(0, rows * layer.Outputs);
            Span<float> dX = k == 0 ? default : ((k - 1) % 2 == 0 ? even : odd).Slice(0, rows * layer.Inputs);
            ReadOnlySpan<float> packed = k == 0 ? default : pack.Slice(_layout.BackwardPackOffsets[k]);
            Span<float> db = layer.HasBias ? gradient.Slice(layer.BiasOffset, layer.Outputs) : default;
            Dense.Backward(dY, Output(activations, rows, layer), Input(activations, rows, layer), packed,
                gradient.Slice(layer.WeightOffset, layer.Inputs * layer.Outputs), db, dX, rows,
                layer.Inputs, layer.Outputs, layer.Activation, layer.WeightScale, layer.BiasScale, accumulate);
        }
    }

    /// <summary>A layer's input in a chunk of rows' activations (features first, then each layer's output).</summary>
    private static Span<float> Input(Span<float> activations, int rows, in LayerPlan layer) =>
        activations.Slice(rows * layer.ActivationOffset, rows * layer.Inputs);

    private static ReadOnlySpan<float> Input(ReadOnlySpan<float> activations, int rows, in LayerPlan layer) =>
        activations.Slice(rows * layer.ActivationOffset, rows * layer.Inputs);

    private static Span<float> Output(Span<float> activations, int rows, in LayerPlan layer) =>
        activations.Slice(rows * layer.OutputOffset, rows * layer.Outputs);

    private static ReadOnlySpan<float> Output(ReadOnlySpan<float> activations, int rows, in LayerPlan layer) =>
        activations.Slice(rows * layer.OutputOffset, rows * layer.Outputs);
}
