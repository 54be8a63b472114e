using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace FourierGen.Numerics;

/// <summary><see cref="ISimd{TSelf, T}"/> over <see cref="Vector512{T}"/>; every member is an inlined call to the BCL.</summary>
/// <remarks>
/// The FMA test is written out in each member (the same rule as <see cref="SimdMath.HasFusedMultiplyAdd"/>):
/// <c>IsSupported</c> folds while the JIT imports a method, a property call only after inlining, and the inlined
/// calls of a big kernel count against the locals the JIT can keep in registers (measured: through the property,
/// the 16-register tile spilled its accumulators on every step).
/// </remarks>
internal unsafe struct Simd512<T> : ISimd<Simd512<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Not readonly: MultiplyAddTo writes an accumulator in place.
    public Vector512<T> Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Simd512(Vector512<T> value) => Value = value;

    public static int Count => Vector512<T>.Count;

    public static VectorWidth Width => VectorWidth.Vector512;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    public static bool HasFusedMultiplyAdd => Fma.IsSupported || AdvSimd.IsSupported;

    // 6 × 32 with 32 zmm registers: 12 accumulators, two B loads, one broadcast. Measured in L1, 6×32, 8×32, 4×48,
    // 8×48 and 6×64 all reach the FMA peak, and 8×32 was no faster within the noise with the panel streaming from
    // L2; six rows keep the one tile kernel small enough for the JIT to keep every narrower tile in registers.
    public static int DenseTileRows => 6;

    public static int DenseTileVectors => 2;

    // AVX-512 broadcasts a float from memory in the load port (vbroadcastss): nothing to save.
    public static bool DensePacksBroadcastA => false;

    public static Simd512<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector512<T>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Create(T value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Load(T* source) => new(Vector512.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd512<T> value, T* destination) => value.Value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStreaming(Simd512<T> value, T* destination) => value.Value.StoreAlignedNonTemporal(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator +(Simd512<T> left, Simd512<T> right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator -(Simd512<T> left, Simd512<T> right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator *(Simd512<T> left, Simd512<T> right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator /(Simd512<T> left, Simd512<T> right) => new(left.Value / right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator -(Simd512<T> value) => new(-value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> MultiplyAdd(Simd512<T> left, Simd512<T> right, Simd512<T> addend)
    {
        if (!(Fma.IsSupported || AdvSimd.IsSupported))
        {
            return new(left.Value * right.Value + addend.Value);
        }

        return typeof(T) == typeof(float)
            ? new(Vector512.FusedMultiplyAdd(left.Value.AsSingle(), right.Value.AsSingle(), addend.Value.AsSingle()).As<float, T>())
            : new(Vector512.FusedMultiplyAdd(left.Value.AsDouble(), right.Value.AsDouble(), addend.Value.AsDouble()).As<double, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAddTo(ref Simd512<T> accumulator, Simd512<T> left, Simd512<T> right)
    {
        // Written into the accumulator's own field: the JIT then keeps the accumulator in its register (one FMA
        // with it as destination); through a returned wrapper it computed into another register and copied back.
        if (!(Fma.IsSupported || AdvSimd.IsSupported))
        {
            accumulator.Value = left.Value * right.Value + accumulator.Value;
        }
        else if (typeof(T) == typeof(float))
        {
            accumulator.Value = Vector512.FusedMultiplyAdd(left.Value.AsSingle(), right.Value.AsSingle(), accumulator.Value.AsSingle()).As<float, T>();
        }
        else
        {
            accumulator.Value = Vector512.FusedMultiplyAdd(left.Value.AsDouble(), right.Value.AsDouble(), accumulator.Value.AsDouble()).As<double, T>();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> ProductError(Simd512<T> left, Simd512<T> right, Simd512<T> product) =>
        Fma.IsSupported || AdvSimd.IsSupported ? MultiplyAdd(left, right, -product) : SimdMath.TwoProductError<Simd512<T>, T>(left, right, product);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Min(Simd512<T> left, Simd512<T> right) => new(Vector512.MinNative(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Max(Simd512<T> left, Simd512<T> right) => new(Vector512.MaxNative(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Relu(Simd512<T> value) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512<T>.Zero, value.Value), Vector512<T>.Zero, value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Abs(Simd512<T> value) => new(Vector512.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Sqrt(Simd512<T> value) => new(Vector512.Sqrt(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Round(Simd512<T> value) => typeof(T) == typeof(float)
        ? new(Vector512.Round(value.Value.AsSingle()).As<float, T>())
        : new(Vector512.Round(value.Value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Floor(Simd512<T> value) => typeof(T) == typeof(float)
        ? new(Vector512.Floor(value.Value.AsSingle()).As<float, T>())
        : new(Vector512.Floor(value.Value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Exp(Simd512<T> value) => typeof(T) == typeof(float)
        ? new(Vector512.Exp(value.Value.AsSingle()).As<float, T>())
        : new(Vector512.Exp(value.Value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Log(Simd512<T> value) => typeof(T) == typeof(float)
        ? new(Vector512.Log(value.Value.AsSingle()).As<float, T>())
        : new(Vector512.Log(value.Value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> GreaterThan(Simd512<T> left, Simd512<T> right) => new(Vector512.GreaterThan(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> GreaterThanOrEqual(Simd512<T> left, Simd512<T> right) => new(Vector512.GreaterThanOrEqual(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> LessThan(Simd512<T> left, Simd512<T> right) => new(Vector512.LessThan(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Equal(Simd512<T> left, Simd512<T> right) => new(Vector512.Equals(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> ConditionalSelect(Simd512<T> mask, Simd512<T> ifTrue, Simd512<T> ifFalse) =>
        new(Vector512.ConditionalSelect(mask.Value, ifTrue.Value, ifFalse.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool EqualsAll(Simd512<T> left, Simd512<T> right) => Vector512.EqualsAll(left.Value, right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd512<T> value) => Vector512.Sum(value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GetElement(Simd512<T> value, int index) => value.Value.GetElement(index);

    // Levels 0 and 1 fold 256- then 128-bit halves across the two vectors (vshuff32x4), levels 2 and 3 fold 64-
    // then 32-bit halves within each 128-bit block (unpck*pd, shufps): output 4j + b ends in lane 4b + j.
    private static readonly Vector512<int> s_reduceOrder = Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> ReducePairs(Simd512<T> left, Simd512<T> right, int level)
    {
        if (typeof(T) != typeof(float) || !Avx512F.IsSupported)
        {
            return SimdMath.ReducePairsSoftware<Simd512<T>, T>(left, right, level);
        }

        Vector512<float> a = left.Value.AsSingle(), b = right.Value.AsSingle();
        Vector512<float> sum = level switch
        {
            0 => Avx512F.Shuffle4x128(a, b, 0x44) + Avx512F.Shuffle4x128(a, b, 0xEE),
            1 => Avx512F.Shuffle4x128(a, b, 0x88) + Avx512F.Shuffle4x128(a, b, 0xDD),
            2 => (Avx512F.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle() + Avx512F.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle()),
            _ => Avx512F.Shuffle(a, b, 0x88) + Avx512F.Shuffle(a, b, 0xDD),
        };
        return new(sum.As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> ReduceFinish(Simd512<T> value) =>
        typeof(T) == typeof(float) && Avx512F.IsSupported
            ? new(Avx512F.PermuteVar16x32(value.Value.AsSingle(), s_reduceOrder).As<float, T>())
            : value;

    /// <remarks>
    /// Doubles, 8 × 8: pairs of rows interleaved (unpack), then 128-bit blocks gathered twice (shuffle4x128): 24 shuffles
    /// for 64 elements. Floats (no caller) element by element.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeBlock(T* source, nint sourceStride, T* destination, nint destinationStride)
    {
        if (typeof(T) != typeof(double) || !Avx512F.IsSupported)
        {
            TransposedCopy.Elementwise(source, sourceStride, destination, destinationStride, 0, Count, 0, Count);
            return;
        }

        double* s = (double*)source, d = (double*)destination;
        Vector512<double> r0 = Vector512.Load(s), r1 = Vector512.Load(s + sourceStride);
        Vector512<double> r2 = Vector512.Load(s + 2 * sourceStride), r3 = Vector512.Load(s + 3 * sourceStride);
        Vector512<double> r4 = Vector512.Load(s + 4 * sourceStride), r5 = Vector512.Load(s + 5 * sourceStride);
        Vector512<double> r6 = Vector512.Load(s + 6 * sourceStride), r7 = Vector512.Load(s + 7 * sourceStride);

        // t0 = (r0[0], r1[0] | r0[2], r1[2] | r0[4], r1[4] | r0[6], r1[6]), t1 the odd columns; likewise rows 2–7.
        Vector512<double> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1);
        Vector512<double> t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<double> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5);
        Vector512<double> t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);

        // 0x88 takes blocks 0 and 2 of each operand, 0xDD blocks 1 and 3: u0 = columns 0 and 4 of rows 0–3.
        Vector512<double> u0 = Avx512F.Shuffle4x128(t0, t2, 0x88), u2 = Avx512F.Shuffle4x128(t0, t2, 0xDD);
        Vector512<double> u1 = Avx512F.Shuffle4x128(t1, t3, 0x88), u3 = Avx512F.Shuffle4x128(t1, t3, 0xDD);
        Vector512<double> u4 = Avx512F.Shuffle4x128(t4, t6, 0x88), u6 = Avx512F.Shuffle4x128(t4, t6, 0xDD);
        Vector512<double> u5 = Avx512F.Shuffle4x128(t5, t7, 0x88), u7 = Avx512F.Shuffle4x128(t5, t7, 0xDD);

        Avx512F.Shuffle4x128(u0, u4, 0x88).Store(d);
        Avx512F.Shuffle4x128(u1, u5, 0x88).Store(d + destinationStride);
        Avx512F.Shuffle4x128(u2, u6, 0x88).Store(d + 2 * destinationStride);
        Avx512F.Shuffle4x128(u3, u7, 0x88).Store(d + 3 * destinationStride);
        Avx512F.Shuffle4x128(u0, u4, 0xDD).Store(d + 4 * destinationStride);
        Avx512F.Shuffle4x128(u1, u5, 0xDD).Store(d + 5 * destinationStride);
        Avx512F.Shuffle4x128(u2, u6, 0xDD).Store(d + 6 * destinationStride);
        Avx512F.Shuffle4x128(u3, u7, 0xDD).Store(d + 7 * destinationStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> LoadWidened(float* source) => new(Vector512.WidenLower(Vector256.Load(source).ToVector512Unsafe()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed(Simd512<T> value, float* destination) => Vector512.Narrow(value.Value.AsDouble(), Vector512<double>.Zero).GetLower().Store(destination);
}
