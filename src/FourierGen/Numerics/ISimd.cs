using System.Numerics;

namespace FourierGen.Numerics;

/// <summary>
/// One vector width as the kernels see it: the operations every numeric kernel of the runtime is written
/// with, once, generic over the width. Implemented by <see cref="Simd512{T}"/>, <see cref="Simd256{T}"/>,
/// <see cref="Simd128{T}"/> (wrappers over <c>Vector512/256/128&lt;T&gt;</c>) and <see cref="SimdScalar{T}"/>
/// (one lane, for machines without SIMD); <see cref="SimdWidth"/> picks one at start-up.
/// </summary>
/// <remarks>
/// <para>
/// Why an interface of our own: .NET's <c>ISimdVector&lt;TSelf, T&gt;</c> is internal. Kernels take the width
/// as a type parameter constrained to this interface (<c>where V : unmanaged, ISimd&lt;V, float&gt;</c>); the
/// JIT compiles one copy per wrapper struct in which every member is inlined to the underlying intrinsic
/// (checked in the disassembly: no call, no copy of the wrapper), and <see cref="Count"/> and the tile sizes
/// are constants.
/// </para>
/// <para>
/// <typeparamref name="T"/> is float or double; the wrappers branch on <c>typeof(T)</c> where the BCL has no
/// generic overload, and those branches fold away per instantiation.
/// </para>
/// </remarks>
internal unsafe interface ISimd<TSelf, T>
    where TSelf : unmanaged, ISimd<TSelf, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>The width this wrapper stands for.</summary>
    static abstract VectorWidth Width { get; }

    /// <summary>True when the hardware runs this width's operations natively (the scalar wrapper always does).</summary>
    static abstract bool IsHardwareAccelerated { get; }

    /// <summary>True when <see cref="MultiplyAdd"/> is a single fused instruction (FMA on x64, FMLA on ARM64).</summary>
    static abstract bool HasFusedMultiplyAdd { get; }

    /// <summary>Rows of the dense kernels' register tile (see <see cref="DenseTileVectors"/>).</summary>
    /// <remarks>
    /// The tile is chosen here, once per width, by measurement: <see cref="DenseTileRows"/> ×
    /// (<see cref="DenseTileVectors"/> · <see cref="Count"/>) accumulators plus one load per tile vector and
    /// one broadcast must fit in the architectural registers (16 on x64 up to AVX2, 32 with AVX-512 and on ARM64).
    /// </remarks>
    static abstract int DenseTileRows { get; }

    /// <summary>Vectors per row of the dense kernels' register tile; the packed panel width is this × <see cref="Count"/>.</summary>
    static abstract int DenseTileVectors { get; }

    /// <summary>
    /// True when the dense kernels pack A broadcast for the register tile: each A element stored as a whole vector of
    /// copies, which the tile loads (a load port) instead of broadcasting (a shuffle, on the ports the products need).
    /// The packing is paid once per tile of A rows and saved once per panel of B; what it buys depends on the
    /// instruction set (see the wrappers).
    /// </summary>
    static abstract bool DensePacksBroadcastA { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>All lanes <paramref name="value"/>.</summary>
    static abstract TSelf Create(T value);

    /// <summary>Loads <see cref="Count"/> values (no alignment needed).</summary>
    static abstract TSelf Load(T* source);

    /// <summary>Stores <see cref="Count"/> values (no alignment needed).</summary>
    static abstract void Store(TSelf value, T* destination);

    /// <summary>
    /// Stores <see cref="Count"/> values past the caches (a streaming store: the line is not read first); the destination
    /// must be aligned to the vector's size. For output written once and not read soon; the writer must end with a full
    /// memory barrier before another thread reads it (streaming stores are weakly ordered on x64).
    /// </summary>
    static abstract void StoreStreaming(TSelf value, T* destination);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf left, TSelf right);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf left, TSelf right);

    /// <summary>Lane-wise quotient.</summary>
    static abstract TSelf operator /(TSelf left, TSelf right);

    /// <summary>Lane-wise negation.</summary>
    static abstract TSelf operator -(TSelf value);

    /// <summary>
    /// left·right + addend: one fused operation where <see cref="HasFusedMultiplyAdd"/>, else a product and a
    /// sum (never a software-emulated fused multiply-add).
    /// </summary>
    static abstract TSelf MultiplyAdd(TSelf left, TSelf right, TSelf addend);

    /// <summary>
    /// accumulator ← left·right + accumulator: <see cref="MultiplyAdd"/> in place, for loop-carried accumulators
    /// (written into the accumulator, the JIT keeps it in its register; through a returned value it computed into
    /// another register and copied back, which cost the 16-register tiles a tenth of their speed).
    /// </summary>
    static abstract void MultiplyAddTo(ref TSelf accumulator, TSelf left, TSelf right);

    /// <summary>
    /// The exact rounding error of a product: left·right − <paramref name="product"/>, where product is the
    /// rounded left·right. One FMA where the hardware has it, else Dekker's exact two-product (Veltkamp split):
    /// both give the same exact value (barring overflow and underflow).
    /// </summary>
    static abstract TSelf ProductError(TSelf left, TSelf right, TSelf product);

    /// <summary>Lane-wise minimum for ordered operands (NaN and signed-zero handling is the platform's).</summary>
    static abstract TSelf Min(TSelf left, TSelf right);

    /// <summary>Lane-wise maximum for ordered operands (NaN and signed-zero handling is the platform's).</summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>ReLU, lane-wise <c>0 &gt; x ? 0 : x</c> exactly: NaN and −0 pass through.</summary>
    static abstract TSelf Relu(TSelf value);

    /// <summary>Lane-wise |x|.</summary>
    static abstract TSelf Abs(TSelf value);

    /// <summary>Lane-wise correctly rounded square root.</summary>
    static abstract TSelf Sqrt(TSelf value);

    /// <summary>Lane-wise round to the nearest integer, ties to even.</summary>
    static abstract TSelf Round(TSelf value);

    /// <summary>Lane-wise round towards −∞.</summary>
    static abstract TSelf Floor(TSelf value);

    /// <summary>Lane-wise eˣ (the BCL's vector algorithm; the scalar wrapper uses <see cref="Math.Exp"/>).</summary>
    static abstract TSelf Exp(TSelf value);

    /// <summary>Lane-wise ln x (the BCL's vector algorithm; the scalar wrapper uses <see cref="Math.Log(double)"/>).</summary>
    static abstract TSelf Log(TSelf value);

    /// <summary>Lane-wise left &gt; right as a mask (all bits set or clear).</summary>
    static abstract TSelf GreaterThan(TSelf left, TSelf right);

    /// <summary>Lane-wise left ≥ right as a mask.</summary>
    static abstract TSelf GreaterThanOrEqual(TSelf left, TSelf right);

    /// <summary>Lane-wise left &lt; right as a mask.</summary>
    static abstract TSelf LessThan(TSelf left, TSelf right);

    /// <summary>Lane-wise left == right as a mask.</summary>
    static abstract TSelf Equal(TSelf left, TSelf right);

    /// <summary>Per lane: mask set ? ifTrue : ifFalse (masks from the comparisons).</summary>
    static abstract TSelf ConditionalSelect(TSelf mask, TSelf ifTrue, TSelf ifFalse);

    /// <summary>True when every lane of left equals the same lane of right.</summary>
    static abstract bool EqualsAll(TSelf left, TSelf right);

    /// <summary>The sum of the lanes, in a fixed order per width.</summary>
    static abstract T Sum(TSelf value);

    /// <summary>Lane <paramref name="index"/>.</summary>
    static abstract T GetElement(TSelf value, int index);

    /// <summary>
    /// One level of a transposing reduction: combines two vectors of partial sums into one holding both halves'
    /// outputs. Applied as a binary tree over <see cref="Count"/> vectors (pairs (0, 1), (2, 3), … at level 0,
    /// pairs of those results at level 1, …, log₂ Count levels) and finished by <see cref="ReduceFinish"/>, it
    /// gives the vector whose lane i is the sum of the lanes of input vector i — each in a fixed order. How the
    /// partial sums are arranged in between is the width's own (its cheapest shuffles).
    /// </summary>
    static abstract TSelf ReducePairs(TSelf left, TSelf right, int level);

    /// <summary>The last step of the reduction of <see cref="ReducePairs"/>: puts output i in lane i.</summary>
    static abstract TSelf ReduceFinish(TSelf value);

    /// <summary>
    /// Copies a <see cref="Count"/> × <see cref="Count"/> block transposed: destination[j·destinationStride + i] =
    /// source[i·sourceStride + j]. Count row loads, the width's shuffles and Count row stores, where an element-wise
    /// copy would make one load and one store per element (every store to another line of a column).
    /// </summary>
    static abstract void TransposeBlock(T* source, nint sourceStride, T* destination, nint destinationStride);

    /// <summary>For double vectors: <see cref="Count"/> floats loaded and widened.</summary>
    static abstract TSelf LoadWidened(float* source);

    /// <summary>For double vectors: the lanes rounded to float and stored (<see cref="Count"/> floats).</summary>
    static abstract void StoreNarrowed(TSelf value, float* destination);
}
