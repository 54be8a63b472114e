using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FourierGen.Numerics;

namespace FourierGen.CompilerServices;

/// <summary>
/// A network's own copy of Wᵀ for the layers one-sample Predict reads by columns (<c>DenseKernels.ForwardOneByColumns</c>),
/// kept in step with the parameters by a version number: every write of the parameters (<see cref="NetworkCore.SetParameters"/>,
/// a training step, a checkpoint restore) counts one up after it has written, and Predict re-transposes when the copy
/// is older than that count.
/// </summary>
/// <remarks>
/// <para>
/// Why a copy and not one layout: the parameter block is public, row-major [out][in] (PyTorch's layout, the weight
/// files', the batched kernels' packing input), while one sample's latency is lowest with Wᵀ — whole vectors of outputs
/// per input, no horizontal sums. A copy costs one more set of weights per qualifying layer in memory and one transpose
/// after each change, paid by the first Predict that follows it.
/// </para>
/// <para>
/// Concurrent Predict calls may both find the copy old and both re-transpose: they write the same values, and each
/// publishes only the version it read before it started, so a reader never takes a copy older than the version it
/// saw. Writing parameters while Predict runs is a race, as it always was; the copy is rebuilt on the next Predict
/// after the write.
/// </para>
/// </remarks>
internal sealed class TransposedWeights
{
    /// <summary>The layers narrower than this many outputs stay row-major: a block of whole vectors would waste most of its lanes.</summary>
    internal const int MinimumOutputs = 16;

    /// <summary>
    /// The layers with more weights than this (4 MiB) stay row-major too: they stream from memory at the same rate either
    /// way, and their rows are long enough that the horizontal sums are a small part of the time, so a copy would only
    /// double the memory.
    /// </summary>
    internal const long MaximumWeights = 1 << 20;

    /// <summary>Rows of Wᵀ are padded to whole cache lines (16 floats), a multiple of every vector width's lane count.</summary>
    private const int RowAlignment = 16;

    private readonly AlignedBuffer _buffer;
    private readonly int[] _offsets;
    private int _builtVersion = -1;

    private TransposedWeights(AlignedBuffer buffer, int[] offsets)
    {
        _buffer = buffer;
        _offsets = offsets;
    }

    /// <summary>Whether some layer of <paramref name="layers"/> is read by columns.</summary>
    public static bool AnyLayerFor(ReadOnlySpan<LayerPlan> layers)
    {
        foreach (LayerPlan layer in layers)
        {
            if (ReadByColumns(layer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether one-sample Predict reads <paramref name="layer"/> from the copy.</summary>
    public static bool ReadByColumns(in LayerPlan layer) => layer.Outputs >= MinimumOutputs && (long)layer.Inputs * layer.Outputs <= MaximumWeights;

    /// <summary>The copy for a network of <paramref name="layers"/>, which must have a layer read by columns (<see cref="AnyLayerFor"/>).</summary>
    public static TransposedWeights For(ReadOnlySpan<LayerPlan> layers)
    {
        var offsets = new int[layers.Length];
        long total = 0;
        for (int k = 0; k < layers.Length; k++)
        {
            offsets[k] = ReadByColumns(layers[k]) ? checked((int)total) : -1;
            total += offsets[k] < 0 ? 0 : (long)layers[k].Inputs * Stride(layers[k]);
        }

        return new TransposedWeights(new AlignedBuffer(total), offsets);
    }

    /// <summary>Floats per row of a layer's Wᵀ: its outputs, rounded up to a whole cache line.</summary>
    public static int Stride(in LayerPlan layer) => (layer.Outputs + RowAlignment - 1) / RowAlignment * RowAlignment;

    /// <summary>
    /// The start of the copy, current for <paramref name="version"/> of <paramref name="parameters"/> (transposed now if older);
    /// a layer's Wᵀ begins at <see cref="Offset"/>.
    /// </summary>
    public unsafe float* Current(ReadOnlySpan<LayerPlan> layers, ReadOnlySpan<float> parameters, int version)
    {
        if (Volatile.Read(ref _builtVersion) != version)
        {
            Transpose(layers, parameters);
            Volatile.Write(ref _builtVersion, version);
        }

        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(_buffer.Span));
    }

    /// <summary>Where layer <paramref name="index"/>'s Wᵀ starts in the copy; −1 when that layer is read row-major.</summary>
    public int Offset(int index) => _offsets[index];

    private void Transpose(ReadOnlySpan<LayerPlan> layers, ReadOnlySpan<float> parameters)
    {
        Span<float> copy = _buffer.Span;
        for (int k = 0; k < layers.Length; k++)
        {
            if (_offsets[k] < 0)
            {
                continue;
            }

            LayerPlan layer = layers[k];
            int stride = Stride(layer);
            ReadOnlySpan<float> w = parameters.Slice(layer.WeightOffset, layer.Inputs * layer.Outputs);
            for (int i = 0; i < layer.Inputs; i++)
            {
                Span<float> row = copy.Slice(_offsets[k] + (i * stride), stride);
                for (int o = 0; o < layer.Outputs; o++)
                {
                    row[o] = w[(o * layer.Inputs) + i];
                }
            }
        }
    }
}
