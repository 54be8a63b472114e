using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace FourierGen.Numerics;

/// <summary><see cref="ISimd{TSelf, T}"/> over <see cref="Vector128{T}"/>; every member is an inlined call to the BCL.</summary>
/// <remarks>
/// The FMA test is written out in each member (the same rule as <see cref="SimdMath.HasFusedMultiplyAdd"/>):
/// <c>IsSupported</c> folds while the JIT imports a method, a property call only after inlining, and the inlined
/// calls of a big kernel count against the locals the JIT can keep in registers (measured: through the property,
/// the 16-register tile spilled its accumulators on every step).
/// </remarks>
internal unsafe struct Simd128<T> : ISimd<Simd128<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Not readonly: MultiplyAddTo writes an accumulator in place.
    public Vector128<T> Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Simd128(Vector128<T> value) => Value = value;

    public static int Count => Vector128<T>.Count;

    public static VectorWidth Width => VectorWidth.Vector128;

    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    public static bool HasFusedMultiplyAdd => Fma.IsSupported || AdvSimd.IsSupported;

    // 6 × 8 (6 × 4 doubles): 12 accumulators, two B vectors, the A vector and, where there is no FMA (two-operand
    // SSE), one register for a product: all 16 xmm registers on x64 (checked in the disassembly: nothing spilled),
    // and measured a little faster there than 4 × 8 once A arrives packed broadcast (below). ARM64 has 32.
    // (A compile-time constant: a default Native AOT build tests FMA at run time, and the tile size must fold.)
    public static int DenseTileRows => 6;

    public static int DenseTileVectors => 2;

    // On x64 this width runs on SSE (a default Native AOT build) or AVX without AVX2 (DOTNET_EnableAVX2=0), and there
    // a broadcast is a load and a shuffle (movss + shufps or vpermilps), a shuffle per row of the tile per k, on the
    // ports that the products and sums (no FMA) already keep busy. ARM64 multiplies by a lane directly. (Keyed on
    // AdvSimd for the same reason as the tile: a compile-time constant in a Native AOT build.)
    public static bool DensePacksBroadcastA => !AdvSimd.IsSupported;

    public static Simd128<T> Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Vector128<T>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Create(T value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Load(T* source) => new(Vector128.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd128<T> value, T* destination) => value.Value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStreaming(Simd128<T> value, T* destination) => value.Value.StoreAlignedNonTemporal(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator +(Simd128<T> left, Simd128<T> right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator -(Simd128<T> left, Simd128<T> right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator *(Simd128<T> left, Simd128<T> right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator /(Simd128<T> left, Simd128<T> right) => new(left.Value / right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator -(Simd128<T> value) => new(-value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> MultiplyAdd(Simd128<T> left, Simd128<T> right, Simd128<T> addend)
    {
        if (!(Fma.IsSupported || AdvSimd.IsSupported))
        {
            return new(left.Value * right.Value + addend.Value);
        }

        return typeof(T) == typeof(float)
            ? new(Vector128.FusedMultiplyAdd(left.Value.AsSingle(), right.Value.AsSingle(), addend.Value.AsSingle()).As<float, T>())
            : new(Vector128.FusedMultiplyAdd(left.Value.AsDouble(), right.Value.AsDouble(), addend.Value.AsDouble()).As<double, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAddTo(ref Simd128<T> accumulator, Simd128<T> left, Simd128<T> right)
    {
        // Written into the accumulator's own field: the JIT then keeps the accumulator in its register (one FMA
        // with it as destination); through a returned wrapper it computed into another register and copied back.
        if (!(Fma.IsSupported || AdvSimd.IsSupported))
        {
            // The sum with the accumulator on the left (the same value: IEEE addition commutes), so the two-operand SSE
            // encoding adds into the accumulator's register; as product + accumulator the JIT added into the product's
            // register and copied it back on every other step of the unrolled loop.
            accumulator.Value = accumulator.Value + left.Value * right.Value;
        }
        else if (typeof(T) == typeof(float))
        {
            accumulator.Value = Vector128.FusedMultiplyAdd(left.Value.AsSingle(), right.Value.AsSingle(), accumulator.Value.AsSingle()).As<float, T>();
        }
        else
        {
            accumulator.Value = Vector128.FusedMultiplyAdd(left.Value.AsDouble(), right.Value.AsDouble(), accumulator.Value.AsDouble()).As<double, T>();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> ProductError(Simd128<T> left, Simd128<T> right, Simd128<T> product) =>
        Fma.IsSupported || AdvSimd.IsSupported ? MultiplyAdd(left, right, -product) : SimdMath.TwoProductError<Simd128<T>, T>(left, right, product);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Min(Simd128<T> left, Simd128<T> right) => new(Vector128.MinNative(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Max(Simd128<T> left, Simd128<T> right) => new(Vector128.MaxNative(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Relu(Simd128<T> value) =>
        new(Vector128.ConditionalSelect(Vector128.GreaterThan(Vector128<T>.Zero, value.Value), Vector128<T>.Zero, value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Abs(Simd128<T> value) => new(Vector128.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Sqrt(Simd128<T> value) => new(Vector128.Sqrt(value.Value));

    // Rounding by the instruction where there is one: a default Native AOT build (SSE4.1 only under a run-time check) compiled Vector128.Round as a
    // call of MathF.Round per lane (measured in a profile of the real-time sample).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Round(Simd128<T> value)
    {
        if (Sse41.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Sse41.RoundToNearestInteger(value.Value.AsSingle()).As<float, T>())
                : new(Sse41.RoundToNearestInteger(value.Value.AsDouble()).As<double, T>());
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(AdvSimd.RoundToNearest(value.Value.AsSingle()).As<float, T>())
                : new(AdvSimd.Arm64.RoundToNearest(value.Value.AsDouble()).As<double, T>());
        }

        return typeof(T) == typeof(float)
            ? new(Vector128.Round(value.Value.AsSingle()).As<float, T>())
            : new(Vector128.Round(value.Value.AsDouble()).As<double, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Floor(Simd128<T> value)
    {
        if (Sse41.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(Sse41.Floor(value.Value.AsSingle()).As<float, T>())
                : new(Sse41.Floor(value.Value.AsDouble()).As<double, T>());
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return typeof(T) == typeof(float)
                ? new(AdvSimd.Floor(value.Value.AsSingle()).As<float, T>())
                : new(AdvSimd.Arm64.Floor(value.Value.AsDouble()).As<double, T>());
        }

        return typeof(T) == typeof(float)
            ? new(Vector128.Floor(value.Value.AsSingle()).As<float, T>())
            : new(Vector128.Floor(value.Value.AsDouble()).As<double, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Exp(Simd128<T> value) => typeof(T) == typeof(float)
        ? new(Vector128.Exp(value.Value.AsSingle()).As<float, T>())
        : new(Vector128.Exp(value.Value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Log(Simd128<T> value) => typeof(T) == typeof(float)
        ? new(Vector128.Log(value.Value.AsSingle()).As<float, T>())
        : new(Vector128.Log(value.Value.AsDouble()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> GreaterThan(Simd128<T> left, Simd128<T> right) => new(Vector128.GreaterThan(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> GreaterThanOrEqual(Simd128<T> left, Simd128<T> right) => new(Vector128.GreaterThanOrEqual(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> LessThan(Simd128<T> left, Simd128<T> right) => new(Vector128.LessThan(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Equal(Simd128<T> left, Simd128<T> right) => new(Vector128.Equals(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> ConditionalSelect(Simd128<T> mask, Simd128<T> ifTrue, Simd128<T> ifFalse) =>
        new(Vector128.ConditionalSelect(mask.Value, ifTrue.Value, ifFalse.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool EqualsAll(Simd128<T> left, Simd128<T> right) => Vector128.EqualsAll(left.Value, right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd128<T> value) => Vector128.Sum(value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GetElement(Simd128<T> value, int index) => value.Value.GetElement(index);

    // Pairwise adds (haddps on x64, faddp on ARM64): output i ends in lane i.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> ReducePairs(Simd128<T> left, Simd128<T> right, int level)
    {
        if (typeof(T) == typeof(float) && Sse3.IsSupported)
        {
            return new(Sse3.HorizontalAdd(left.Value.AsSingle(), right.Value.AsSingle()).As<float, T>());
        }

        if (typeof(T) == typeof(float) && AdvSimd.Arm64.IsSupported)
        {
            return new(AdvSimd.Arm64.AddPairwise(left.Value.AsSingle(), right.Value.AsSingle()).As<float, T>());
        }

        return SimdMath.ReducePairsSoftware<Simd128<T>, T>(left, right, level);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> ReduceFinish(Simd128<T> value) => value;

    /// <remarks>Doubles, 2 × 2: one unpack (SSE2) or zip (ARM64) per output row; floats element by element.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposeBlock(T* source, nint sourceStride, T* destination, nint destinationStride)
    {
        double* s = (double*)source, d = (double*)destination;
        if (typeof(T) == typeof(double) && Sse2.IsSupported)
        {
            Vector128<double> r0 = Vector128.Load(s), r1 = Vector128.Load(s + sourceStride);
            Sse2.UnpackLow(r0, r1).Store(d);
            Sse2.UnpackHigh(r0, r1).Store(d + destinationStride);
        }
        else if (typeof(T) == typeof(double) && AdvSimd.Arm64.IsSupported)
        {
            Vector128<double> r0 = Vector128.Load(s), r1 = Vector128.Load(s + sourceStride);
            AdvSimd.Arm64.ZipLow(r0, r1).Store(d);
            AdvSimd.Arm64.ZipHigh(r0, r1).Store(d + destinationStride);
        }
        else
        {
            TransposedCopy.Elementwise(source, sourceStride, destination, destinationStride, 0, Count, 0, Count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> LoadWidened(float* source) => new(Vector128.WidenLower(Vector128.CreateScalarUnsafe(*(double*)source).AsSingle()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed(Simd128<T> value, float* destination) => *(double*)destination = Vector128.Narrow(value.Value.AsDouble(), Vector128<double>.Zero).AsDouble().ToScalar();
}
