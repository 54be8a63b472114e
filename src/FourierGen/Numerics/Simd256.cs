using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace FourierGen.Numerics;

/// <summary><see cref="ISimd{TSelf, T}"/> over <see cref="Vector256{T}"/>; every member is an inlined call to the BCL.</summary>
/// <remarks>
/// The FMA test is written out in each member (the same rule as <see cref="SimdMath.HasFusedMultiplyAdd"/>):
/// <c>IsSupported</c> folds while the JIT imports a method, a property call only after inlining, and the inlined
/// calls of a big kernel count against the locals the JIT can keep in registers (measured: through the property,
/// the 16-register tile spilled its accumulators on every step).
/// </remarks>
internal unsafe struct Simd256<T> : ISimd<Simd256<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Not readonly: MultiplyAddTo writes an accumulator in place.
    public Vector256<T> Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Simd256(Vector256<T> value) => Value = value;

    public static int Count => Vector256<T>.Count;

    public static VectorWidth Width => VectorWidth.Vector256;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    public static bool HasFusedMultiplyAdd => Fma.IsSupported || AdvSimd.IsSupported;

    // 6 × 16 with 16 ymm registers: 12 accumulators, two B loads, one broadcast (measured at the FMA peak; 4 × 24
    // was no faster).
    public static int DenseTileRows => 6;

    public static int DenseTileVectors => 2;

    // AVX2 broadcasts a float from memory in the load port (vbroadcastss): nothing to save.
    public static bool DensePacksBroadcastA => false;

    public static Simd256<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector256<T>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Create(T value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Load(T* source) => new(Vector256.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd256<T> value, T* destination) => value.Value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStreaming(Simd256<T> value, T* destination) => value.Value.StoreAlignedNonTemporal(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator +(Simd256<T> left, Simd256<T> right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator -(Simd256<T> left, Simd256<T> right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator *(Simd256<T> left, Simd256<T> right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator /(Simd256<T> left, Simd256<T> right) => new(left.Value / right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> operator -(Simd256<T> value) => new(-value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> MultiplyAdd(Simd256<T> left, Simd256<T> right, Simd256<T> addend)
    {
        if (!(Fma.IsSupported || AdvSimd.IsSupported))
        {
            return new(left.Value * right.Value + addend.Value);
        }

        return typeof(T) == typeof(float)
            ? new(Vector256.FusedMultiplyAdd(left.Value.AsSingle(), right.Value.AsSingle(), addend.Value.AsSingle()).As<float, T>())
            : new(Vector256.FusedMultiplyAdd(left.Value.AsDouble(), right.Value.AsDouble(), addend.Value.AsDouble()).As<double, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAddTo(ref Simd256<T> accumulator, Simd256<T> left, Simd256<T> right)
    {
        // Written into the accumulator's own field: the JIT then keeps the accumulator in its register (one FMA
        // with it as destination); through a returned wrapper it computed into another register and copied back.
        if (!(Fma.IsSupported || AdvSimd.IsSupported))
        {
            accumulator.Value = left.Value * right.Value + accumulator.Value;
        }
        else if (typeof(T) == typeof(float))
        {
            accumulator.Value = Vector256.FusedMultiplyAdd(left.Value.AsSingle(), right.Value.AsSingle(), accumulator.Value.AsSingle()).As<float, T>();
        }
        else
        {
            accumulator.Value = Vector256.FusedMultiplyAdd(left.Value.AsDouble(), right.Value.AsDouble(), accumulator.Value.AsDouble()).As<double, T>();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> ProductError(Simd256<T> left, Simd256<T> right, Simd256<T> product) =>
        Fma.IsSupported || AdvSimd.IsSupported ? MultiplyAdd(left, right, -product) : SimdMath.TwoProductError<Simd256<T>, T>(left, right, product);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Min(Simd256<T> left, Simd256<T> right) => new(Vector256.MinNative(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Max(Simd256<T> left, Simd256<T> right) => new(Vector256.MaxNative(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Relu(Simd256<T> value) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256<T>.Zero, value.Value), Vector256<T>.Zero, value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Abs(Simd256<T> value) => new(Vector256.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Sqrt(Simd256<T> value) => new(Vector256.Sqrt(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Round(Simd256<T> value) => typeof(T) == typeof(float)
        ? new(Vector256.Round(value.Value.AsSingle()).As<float, T>())
        : new(Vector256.Round(value.Value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Floor(Simd256<T> value) => typeof(T) == typeof(float)
        ? new(Vector256.Floor(value.Value.AsSingle()).As<float, T>())
        : new(Vector256.Floor(value.Value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Exp(Simd256<T> value) => typeof(T) == typeof(float)
        ? new(Vector256.Exp(value.Value.AsSingle()).As<float, T>())
        : new(Vector256.Exp(value.Value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Log(Simd256<T> value) => typeof(T) == typeof(float)
        ? new(Vector256.Log(value.Value.AsSingle()).As<float, T>())
        : new(Vector256.Log(value.Value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> GreaterThan(Simd256<T> left, Simd256<T> right) => new(Vector256.GreaterThan(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> GreaterThanOrEqual(Simd256<T> left, Simd256<T> right) => new(Vector256.GreaterThanOrEqual(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> LessThan(Simd256<T> left, Simd256<T> right) => new(Vector256.LessThan(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> Equal(Simd256<T> left, Simd256<T> right) => new(Vector256.Equals(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> ConditionalSelect(Simd256<T> mask, Simd256<T> ifTrue, Simd256<T> ifFalse) =>
        new(Vector256.ConditionalSelect(mask.Value, ifTrue.Value, ifFalse.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool EqualsAll(Simd256<T> left, Simd256<T> right) => Vector256.EqualsAll(left.Value, right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd256<T> value) => Vector256.Sum(value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GetElement(Simd256<T> value, int index) => value.Value.GetElement(index);

    // hadd, hadd, then the 128-bit halves across: output i ends in lane i.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> ReducePairs(Simd256<T> left, Simd256<T> right, int level)
    {
        if (typeof(T) != typeof(float) || !Avx.IsSupported)
        {
            return SimdMath.ReducePairsSoftware<Simd256<T>, T>(left, right, level);
        }

        Vector256<float> a = left.Value.AsSingle(), b = right.Value.AsSingle();
        Vector256<float> sum = level < 2
            ? Avx.HorizontalAdd(a, b)
            : Avx.Permute2x128(a, b, 0x20) + Avx.Permute2x128(a, b, 0x31);
        return new(sum.As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> ReduceFinish(Simd256<T> value) => value;

    /// <remarks>
    /// Doubles, 4 × 4: unpack pairs of rows, then swap 128-bit halves (8 shuffles). Floats, 8 × 8 (the dense layers'
    /// weight packing): unpack, shuffle, then swap halves (24 shuffles). One small dispatcher over two helpers: with
    /// both bodies in this one method the JIT sometimes left it a call (check-inlining.sh listed it).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeBlock(T* source, nint sourceStride, T* destination, nint destinationStride)
    {
        if (!Avx.IsSupported)
        {
            TransposedCopy.Elementwise(source, sourceStride, destination, destinationStride, 0, Count, 0, Count);
        }
        else if (typeof(T) == typeof(double))
        {
            TransposeDoubles((double*)source, sourceStride, (double*)destination, destinationStride);
        }
        else
        {
            TransposeFloats((float*)source, sourceStride, (float*)destination, destinationStride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeDoubles(double* s, nint sourceStride, double* d, nint destinationStride)
    {
        Vector256<double> r0 = Vector256.Load(s), r1 = Vector256.Load(s + sourceStride);
        Vector256<double> r2 = Vector256.Load(s + 2 * sourceStride), r3 = Vector256.Load(s + 3 * sourceStride);
        Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1); // (r0[0], r1[0], r0[2], r1[2]), odd
        Vector256<double> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Avx.Permute2x128(t0, t2, 0x20).Store(d);
        Avx.Permute2x128(t1, t3, 0x20).Store(d + destinationStride);
        Avx.Permute2x128(t0, t2, 0x31).Store(d + 2 * destinationStride);
        Avx.Permute2x128(t1, t3, 0x31).Store(d + 3 * destinationStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeFloats(float* s, nint sourceStride, float* d, nint destinationStride)
    {
        Vector256<float> r0 = Vector256.Load(s), r1 = Vector256.Load(s + sourceStride);
        Vector256<float> r2 = Vector256.Load(s + 2 * sourceStride), r3 = Vector256.Load(s + 3 * sourceStride);
        Vector256<float> r4 = Vector256.Load(s + 4 * sourceStride), r5 = Vector256.Load(s + 5 * sourceStride);
        Vector256<float> r6 = Vector256.Load(s + 6 * sourceStride), r7 = Vector256.Load(s + 7 * sourceStride);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).Store(d);
        Avx.Permute2x128(u1, u5, 0x20).Store(d + destinationStride);
        Avx.Permute2x128(u2, u6, 0x20).Store(d + 2 * destinationStride);
        Avx.Permute2x128(u3, u7, 0x20).Store(d + 3 * destinationStride);
        Avx.Permute2x128(u0, u4, 0x31).Store(d + 4 * destinationStride);
        Avx.Permute2x128(u1, u5, 0x31).Store(d + 5 * destinationStride);
        Avx.Permute2x128(u2, u6, 0x31).Store(d + 6 * destinationStride);
        Avx.Permute2x128(u3, u7, 0x31).Store(d + 7 * destinationStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256<T> LoadWidened(float* source) => new(Vector256.WidenLower(Vector128.Load(source).ToVector256Unsafe()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed(Simd256<T> value, float* destination) => Vector256.Narrow(value.Value.AsDouble(), Vector256<double>.Zero).GetLower().Store(destination);
}
