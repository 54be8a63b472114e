using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace FourierGen.Numerics;

/// <summary>
/// <see cref="ISimd{TSelf, T}"/> with one lane: the width of machines without SIMD. The kernels run the same
/// generic code on it (same tiles, same summation order), so there is no separately kept scalar copy of them.
/// </summary>
internal unsafe struct SimdScalar<T> : ISimd<SimdScalar<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Not readonly: MultiplyAddTo writes an accumulator in place.
    public T Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SimdScalar(T value) => Value = value;

    public static int Count => 1;

    public static VectorWidth Width => VectorWidth.Scalar;

    public static bool IsHardwareAccelerated => true;

    public static bool HasFusedMultiplyAdd => Fma.IsSupported || AdvSimd.IsSupported;

    // 4 × 2 scalar accumulators: 8 independent chains cover the latency of the scalar adds/FMAs.
    public static int DenseTileRows => 4;

    public static int DenseTileVectors => 2;

    // One lane: a broadcast is a plain load.
    public static bool DensePacksBroadcastA => false;

    public static SimdScalar<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(T.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Create(T value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Load(T* source) => new(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(SimdScalar<T> value, T* destination) => *destination = value.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStreaming(SimdScalar<T> value, T* destination) => *destination = value.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator +(SimdScalar<T> left, SimdScalar<T> right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator -(SimdScalar<T> left, SimdScalar<T> right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator *(SimdScalar<T> left, SimdScalar<T> right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator /(SimdScalar<T> left, SimdScalar<T> right) => new(left.Value / right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator -(SimdScalar<T> value) => new(-value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> MultiplyAdd(SimdScalar<T> left, SimdScalar<T> right, SimdScalar<T> addend) =>
        Fma.IsSupported || AdvSimd.IsSupported ? new(T.FusedMultiplyAdd(left.Value, right.Value, addend.Value)) : new(left.Value * right.Value + addend.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAddTo(ref SimdScalar<T> accumulator, SimdScalar<T> left, SimdScalar<T> right) =>
        accumulator.Value = Fma.IsSupported || AdvSimd.IsSupported
            ? T.FusedMultiplyAdd(left.Value, right.Value, accumulator.Value)
            : left.Value * right.Value + accumulator.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> ProductError(SimdScalar<T> left, SimdScalar<T> right, SimdScalar<T> product) =>
        Fma.IsSupported || AdvSimd.IsSupported ? MultiplyAdd(left, right, -product) : SimdMath.TwoProductError<SimdScalar<T>, T>(left, right, product);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Min(SimdScalar<T> left, SimdScalar<T> right) => left.Value < right.Value ? left : right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Max(SimdScalar<T> left, SimdScalar<T> right) => left.Value > right.Value ? left : right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Relu(SimdScalar<T> value) => T.Zero > value.Value ? Zero : value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Abs(SimdScalar<T> value) => new(T.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Sqrt(SimdScalar<T> value) => new(T.Sqrt(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Round(SimdScalar<T> value) => new(T.Round(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Floor(SimdScalar<T> value) => new(T.Floor(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Exp(SimdScalar<T> value) => new(T.Exp(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Log(SimdScalar<T> value) => new(T.Log(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> GreaterThan(SimdScalar<T> left, SimdScalar<T> right) => Mask(left.Value > right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> GreaterThanOrEqual(SimdScalar<T> left, SimdScalar<T> right) => Mask(left.Value >= right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> LessThan(SimdScalar<T> left, SimdScalar<T> right) => Mask(left.Value < right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Equal(SimdScalar<T> left, SimdScalar<T> right) => Mask(left.Value == right.Value);

    // A set mask is all bits set (a NaN), a clear one +0: "mask != 0" tells them apart.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> ConditionalSelect(SimdScalar<T> mask, SimdScalar<T> ifTrue, SimdScalar<T> ifFalse) =>
        mask.Value != T.Zero ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool EqualsAll(SimdScalar<T> left, SimdScalar<T> right) => left.Value == right.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(SimdScalar<T> value) => value.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GetElement(SimdScalar<T> value, int index) => value.Value;

    // One lane: a reduction tree has no levels, so these are never reached.
    public static SimdScalar<T> ReducePairs(SimdScalar<T> left, SimdScalar<T> right, int level) => left + right;

    public static SimdScalar<T> ReduceFinish(SimdScalar<T> value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeBlock(T* source, nint sourceStride, T* destination, nint destinationStride) => *destination = *source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> LoadWidened(float* source) => new(T.CreateTruncating(*source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed(SimdScalar<T> value, float* destination) => *destination = float.CreateTruncating(value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static SimdScalar<T> Mask(bool set) => new(set ? T.AllBitsSet : T.Zero);
}
