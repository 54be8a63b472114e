using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace FourierGen.Numerics;

/// <summary>
/// Element-wise pieces of the dense layer shared by its kernels. The scalar and vector forms perform the same
/// IEEE operations (multiply-adds fused exactly when the width's lanes are), so an element gets the same bits
/// whichever part of a kernel computes it.
/// </summary>
internal static class ActivationMath
{
    /// <summary>
    /// The store of one output before a smooth activation: wScale·acc + bScale·b as one multiply-add (or
    /// wScale·acc without bias), then ReLU when asked. ReLU is "0 &gt; z ? 0 : z": NaN passes through.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Store<V>(float acc, float wScale, float scaledBias, bool hasBias, bool relu)
        where V : unmanaged, ISimd<V, float>
    {
        float z = hasBias ? SimdMath.MultiplyAdd<V>(acc, wScale, scaledBias) : acc * wScale;
        return relu && 0f > z ? 0f : z;
    }

    /// <summary>Applies sigmoid or tanh in place (other activations were applied at the store).</summary>
    /// <remarks><see cref="TensorPrimitives"/> picks its own vector width (the widest accelerated one).</remarks>
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
    /// <remarks>
    /// Not inlined (nor are the backward pass's other pieces): inlined into the backward driver, the driver outgrew
    /// the JIT's inlining budget and the wrappers' multiply-adds became calls.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Derivative<V>(float* dz, float* y, nint count, Activation activation)
        where V : unmanaged, ISimd<V, float>
    {
        switch (activation)
        {
            case Activation.Relu: Derivative<V, ReluKind>(dz, y, count); break;
            case Activation.Sigmoid: Derivative<V, SigmoidKind>(dz, y, count); break;
            case Activation.Tanh: Derivative<V, TanhKind>(dz, y, count); break;
            default: break; // identity: act′ = 1
        }
    }

    /// <summary><see cref="Derivative{V}(float*, float*, nint, Activation)"/> with the activation a JIT-time constant (no switch per vector).</summary>
    private static unsafe void Derivative<V, TActivation>(float* dz, float* y, nint count)
        where V : unmanaged, ISimd<V, float>
        where TActivation : struct, IActivationKind
    {
        nint i = 0;
        for (; i + V.Count <= count; i += V.Count)
        {
            V.Store(Derivative(V.Load(dz + i), V.Load(y + i), TActivation.Value), dz + i);
        }

        for (; i < count; i++)
        {
            dz[i] = Derivative<V>(dz[i], y[i], TActivation.Value);
        }
    }

    /// <summary>g ⊙ act′(y) for one vector; the switch folds away where the activation is a JIT-time constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Derivative<V>(V g, V y, Activation activation)
        where V : unmanaged, ISimd<V, float> => activation switch
        {
            Activation.Relu => V.ConditionalSelect(V.GreaterThan(y, V.Zero), g, V.Zero),
            Activation.Sigmoid => FlushTiny<V>(g * (y * (V.Create(1f) - y))),
            Activation.Tanh => g * V.MultiplyAdd(-y, y, V.Create(1f)),
            _ => g,
        };

    /// <summary>g·act′(y) for one value: the same operations as the vector form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Derivative<V>(float g, float y, Activation activation)
        where V : unmanaged, ISimd<V, float> => activation switch
        {
            Activation.Relu => y > 0f ? g : 0f,
            Activation.Sigmoid => FlushTiny(g * (y * (1f - y))),
            Activation.Tanh => g * SimdMath.MultiplyAdd<V>(-y, y, 1f),
            _ => g,
        };

    /// <summary>
    /// Sigmoid gradients below this are set to 0. A saturated sigmoid output (y ≈ 1e-25 … 1e-38) makes g·y·(1 − y)
    /// subnormal, and every multiply that touches a subnormal in the backward GEMMs takes the CPU's slow microcode path
    /// (.NET cannot set flush-to-zero). Below 2⁻¹⁰⁰ a gradient moves no parameter: Adam's step is at most lr·|m̂|/ε and
    /// its square already underflows v to 0; SGD's is lr·2⁻¹⁰⁰. The margin above 2⁻¹²⁶ keeps dz·h and Wᵀ·dz normal too.
    /// </summary>
    private const float SigmoidGradientFloor = 7.888609052210118e-31f; // 2^-100

    /// <summary>0 where |d| &lt; 2⁻¹⁰⁰, d elsewhere (NaN passes, so divergence is still seen).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V FlushTiny<V>(V d)
        where V : unmanaged, ISimd<V, float> => V.ConditionalSelect(V.LessThan(V.Abs(d), V.Create(SigmoidGradientFloor)), V.Zero, d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float FlushTiny(float d) => MathF.Abs(d) < SigmoidGradientFloor ? 0f : d;
}

/// <summary>An activation as a type, for kernels the JIT specialises per activation (<c>T.Value</c> is a constant).</summary>
internal interface IActivationKind
{
    /// <summary>The activation.</summary>
    static abstract Activation Value { get; }
}

internal readonly struct IdentityKind : IActivationKind
{
    public static Activation Value => Activation.Identity;
}

internal readonly struct ReluKind : IActivationKind
{
    public static Activation Value => Activation.Relu;
}

internal readonly struct SigmoidKind : IActivationKind
{
    public static Activation Value => Activation.Sigmoid;
}

internal readonly struct TanhKind : IActivationKind
{
    public static Activation Value => Activation.Tanh;
}
