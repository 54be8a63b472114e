using FourierGen.Numerics;

namespace FourierGen;

/// <summary>The SIMD width the numeric kernels run at.</summary>
public enum VectorWidth
{
    /// <summary>No SIMD: one value at a time (the kernels are the same code, one lane wide).</summary>
    Scalar = 0,

    /// <summary>128-bit vectors: x64 without AVX2 (x86-64-v2, e.g. a default Native AOT build), ARM64 (AdvSimd).</summary>
    Vector128 = 128,

    /// <summary>256-bit vectors: x64 with AVX2 and FMA (x86-64-v3).</summary>
    Vector256 = 256,

    /// <summary>512-bit vectors: x64 with AVX-512 where the runtime accelerates it (x86-64-v4).</summary>
    Vector512 = 512,
}

/// <summary>What the machine gives the numeric kernels, as chosen once when the process starts.</summary>
/// <remarks>
/// <para>
/// Every kernel (dense layers, feature encoding, losses, optimisers, kernel matrices, Cholesky) is written once
/// and runs at <see cref="VectorWidth"/>: <c>Vector512</c> where <c>Vector512.IsHardwareAccelerated</c>, else
/// <c>Vector256</c>, else <c>Vector128</c>, else scalar. The .NET runtime's knobs change it for a process:
/// <c>DOTNET_PreferredVectorBitWidth=256</c> (no <c>Vector512</c>), <c>DOTNET_EnableAVX2=0</c> (<c>Vector128</c>,
/// without FMA), <c>DOTNET_EnableHWIntrinsic=0</c> (scalar).
/// </para>
/// <para>
/// Results are bit-identical for any thread count at one width on one machine. Different widths (and machines
/// with and without FMA) may differ in the last bits: reductions are grouped by lane count.
/// </para>
/// <para>
/// Native AOT fixes the instruction set when publishing: by default x86-64 on x64 (SSE2; SSE3–SSE4.2 under run-time
/// checks), which gives
/// <c>Vector128</c> without FMA. Publish with <c>-p:IlcInstructionSet=x86-64-v3</c> (AVX2 + FMA) or
/// <c>x86-64-v4</c> (AVX-512) for the wider kernels; the binary then refuses to start on older CPUs.
/// </para>
/// </remarks>
public static class Hardware
{
    /// <summary>The width the kernels run at in this process.</summary>
    public static VectorWidth VectorWidth => SimdWidth.Current;

    /// <summary>True when the kernels' multiply-adds are fused (FMA); false means a rounded product and a sum.</summary>
    public static bool HasFusedMultiplyAdd => SimdMath.HasFusedMultiplyAdd;
}
