using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FourierGen.Numerics;

/// <summary>
/// Element-wise pieces of the dense layer shared by the vector kernels and the scalar fallback. The
/// scalar and vector forms perform the same IEEE operations (including fused multiply-adds), so an
/// element gets the same bits whichever path or loop remainder computes it.
/// </summary>
internal static class ActivationMath
{
    /// <summary>
    /// The store of one output before a smooth activation: wScale·acc + bScale·b as one FMA (or
    /// wScale·acc without bias), then ReLU when asked. ReLU is "0 &gt; z ? 0 : z": NaN passes through.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Store(float acc, float wScale, float scaledBias, bool hasBias, bool relu)
    {
        float z = hasBias ? MathF.FusedMultiplyAdd(acc, wScale, scaledBias) : acc * wScale;
        return relu && 0f > z ? 0f : z;
    }

    /// <summary>Applies sigmoid or tanh in place (other activations were applied at the store).</summary>
    public static void ApplySmooth(Span<float> values, Activation activation)
    {
        if (activation == Activation.Sigmoid)
        {
            TensorPrimitives.Sigmoid(values, values);
        }
        else if (activation == Activation.Tanh)
        {
            TensorPrimitives.Tanh(values, values);
        }
    }

    /// <summary>True for the activations applied after the store (sigmoid, tanh).</summary>
    public static bool IsSmooth(Activation activation) => activation is Activation.Sigmoid or Activation.Tanh;

    /// <summary>dz = dy ⊙ act′(y) in place, act′ taken from the output y.</summary>
    public static unsafe void Derivative(float* dz, float* y, nint count, Activation activation, bool vectorize)
    {
        if (activation == Activation.Identity)
        {
            return;
        }

        nint i = 0;
        if (vectorize && Vector256.IsHardwareAccelerated)
        {
            Vector256<float> one = Vector256.Create(1f);
            for (; i + 8 <= count; i += 8)
            {
                Vector256<float> g = Vector256.Load(dz + i);
                Vector256<float> v = Vector256.Load(y + i);
                Vector256<float> d = activation switch
                {
                    Activation.Relu => g & Vector256.GreaterThan(v, Vector256<float>.Zero),
                    Activation.Sigmoid => g * (v * (one - v)),
                    _ => g * Vector256.FusedMultiplyAdd(-v, v, one),
                };
                d.Store(dz + i);
            }
        }

        for (; i < count; i++)
        {
            dz[i] = DerivativeScalar(dz[i], y[i], activation);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float DerivativeScalar(float g, float y, Activation activation) => activation switch
    {
        Activation.Relu => y > 0f ? g : 0f,
        Activation.Sigmoid => g * (y * (1f - y)),
        Activation.Tanh => g * MathF.FusedMultiplyAdd(-y, y, 1f),
        _ => g,
    };
}
