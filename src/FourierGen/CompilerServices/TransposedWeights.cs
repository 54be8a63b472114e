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

    private readonly AlignedBuffer _buffer;
    private int _builtVersion = -1;

    /// <summary>An empty copy of <paramref name="length"/> floats (the layout's <see cref="NetworkLayout.TransposedLength"/>).</summary>
    public TransposedWeights(long length) => _buffer = new AlignedBuffer(length);

    /// <summary>Whether one-sample Predict reads <paramref name="layer"/> from the copy.</summary>
    public static bool ReadByColumns(in LayerPlan layer) => layer.Outputs >= MinimumOutputs && (long)layer.Inputs * layer.Outputs <= MaximumWeights;

    /// <summary>
    /// Where each layer's Wᵀ starts in the copy (−1 for a layer read row-major) and the copy's length: derived once per
    /// network type, by its layout.
    /// </summary>
    public static int[] Offsets(ReadOnlySpan<LayerPlan> layers, out long length)
    {
        var offsets = new int[layers.Length];
        length = 0;
        for (int k = 0; k < layers.Length; k++)
        {
            offsets[k] = ReadByColumns(layers[k]) ? checked((int)length) : -1;
            length += offsets[k] < 0 ? 0 : (long)layers[k].Inputs * Stride(layers[k].Outputs);
        }

        return offsets;
    }

    /// <summary>Floats per row of a layer's Wᵀ: its outputs, rounded up to whole cache lines (a multiple of every width's lane count).</summary>
    public static int Stride(int outputs) => NetworkLayout.CacheLines(outputs);

    /// <summary>Writes Wᵀ of one layer (W row-major [nOut][nIn]) to <paramref name="destination"/>, rows of <see cref="Stride"/> floats.</summary>
    public static void TransposeLayer(ReadOnlySpan<float> w, int nIn, int nOut, Span<float> destination)
    {
        int stride = Stride(nOut);
        for (int i = 0; i < nIn; i++)
        {
            Span<float> row = destination.Slice(i * stride, nOut);
            for (int o = 0; o < nOut; o++)
            {
                row[o] = w[(o * nIn) + i];
            }
        }
    }

    /// <summary>
    /// The start of the copy, current for <paramref name="version"/> of <paramref name="parameters"/> (transposed now if older);
    /// layer k's Wᵀ begins at <paramref name="offsets"/>[k].
    /// </summary>
    public unsafe float* Current(ReadOnlySpan<LayerPlan> layers, ReadOnlySpan<int> offsets, ReadOnlySpan<float> parameters, int version)
    {
        if (Volatile.Read(ref _builtVersion) != version)
        {
            Span<float> copy = _buffer.Span;
            for (int k = 0; k < layers.Length; k++)
            {
                if (offsets[k] >= 0)
                {
                    LayerPlan layer = layers[k];
                    TransposeLayer(parameters.Slice(layer.WeightOffset, layer.Inputs * layer.Outputs), layer.Inputs, layer.Outputs, copy[offsets[k]..]);
                }
            }

            Volatile.Write(ref _builtVersion, version);
        }

        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(_buffer.Span));
    }
}
