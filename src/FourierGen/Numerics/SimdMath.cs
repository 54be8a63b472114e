using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace FourierGen.Numerics;

/// <summary>Width-generic pieces of arithmetic shared by the wrappers and the kernels.</summary>
internal static class SimdMath
{
    /// <summary>
    /// Whether multiply-adds are fused: where the hardware has FMA (x64 FMA3, which .NET enables together with
    /// AVX2 and which AVX-512 includes; ARM64 always), for every width alike — a scalar FMA is an instruction
    /// wherever a vector one is. A JIT-time constant (no static field), so kernels compiled before any class
    /// initialiser ran still fold it.
    /// </summary>
    public static bool HasFusedMultiplyAdd
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Fma.IsSupported || AdvSimd.IsSupported;
    }

    /// <summary>
    /// a·b + c for one double, fused exactly when the vector lanes are, so scalar code that must agree with a
    /// vector kernel (a kernel entry computed alone, a variance) gets the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MultiplyAdd(double a, double b, double c) => HasFusedMultiplyAdd ? Math.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary>
    /// a·b + c for one float, fused exactly when <typeparamref name="V"/>'s lanes are: the scalar edges and
    /// remainders of a kernel give the same bits its vector lanes would.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd<V>(float a, float b, float c)
        where V : unmanaged, ISimd<V, float> =>
        V.HasFusedMultiplyAdd ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary>a·b + c for one double, fused exactly when <typeparamref name="V"/>'s lanes are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MultiplyAdd<V>(double a, double b, double c)
        where V : unmanaged, ISimd<V, double> =>
        V.HasFusedMultiplyAdd ? Math.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary>
    /// <see cref="ISimd{TSelf, T}.ReducePairs"/> without shuffle instructions (for a width the hardware does not
    /// accelerate): each output's block of lanes folded in halves (lane j plus lane j + half), left's outputs
    /// then right's. The tree order then leaves output i in lane i, so the finish is the identity.
    /// </summary>
    public static unsafe V ReducePairsSoftware<V, T>(V left, V right, int level)
        where V : unmanaged, ISimd<V, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int count = V.Count, block = count >> level, half = block >> 1;
        T* source = stackalloc T[2 * count];
        T* result = stackalloc T[count];
        V.Store(left, source);
        V.Store(right, source + count);
        for (int output = 0; output < 2 << level; output++)
        {
            T* from = source + output * block;
            for (int j = 0; j < half; j++)
            {
                result[output * half + j] = from[j] + from[j + half];
            }
        }

        return V.Load(result);
    }

    /// <summary>
    /// Dekker's exact product error a·b − p for p = fl(a·b), with Veltkamp's split of each factor into two
    /// halves whose pairwise products are exact: for machines without FMA. Exact unless a·b over- or underflows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V TwoProductError<V, T>(V a, V b, V product)
        where V : unmanaged, ISimd<V, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // 2^12 + 1 splits float's 24-bit significand into 12 + 12 bits, 2^27 + 1 double's 53 into 26 + 27.
        V splitter = V.Create(typeof(T) == typeof(float) ? T.CreateTruncating(4097.0) : T.CreateTruncating(134217729.0));
        V ca = splitter * a, cb = splitter * b;
        V aHigh = ca - (ca - a), bHigh = cb - (cb - b);
        V aLow = a - aHigh, bLow = b - bHigh;
        return (((aHigh * bHigh - product) + aHigh * bLow) + aLow * bHigh) + aLow * bLow;
    }
}
