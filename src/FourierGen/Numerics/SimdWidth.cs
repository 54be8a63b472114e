using System.Runtime.Intrinsics;

namespace FourierGen.Numerics;

/// <summary>
/// The vector width every kernel runs at, chosen once at start-up: the widest one the hardware accelerates.
/// </summary>
/// <remarks>
/// <c>Vector512.IsHardwareAccelerated</c> is already false where the runtime judges 512-bit code to throttle
/// (and under <c>DOTNET_PreferredVectorBitWidth=256</c>); <c>Vector256</c> needs AVX2 (so a Native AOT binary at
/// the default x64 target (x86-64, no AVX) runs <c>Vector128</c>, as ARM64 does); the scalar width is left for machines
/// without SIMD at all (or <c>DOTNET_EnableHWIntrinsic=0</c>). Being a static readonly field, the JIT folds
/// every dispatch on it into a direct call of the one instantiation.
/// </remarks>
internal static class SimdWidth
{
    /// <summary>The selected width.</summary>
    public static readonly VectorWidth Current =
        Vector512.IsHardwareAccelerated ? VectorWidth.Vector512
        : Vector256.IsHardwareAccelerated ? VectorWidth.Vector256
        : Vector128.IsHardwareAccelerated ? VectorWidth.Vector128
        : VectorWidth.Scalar;
}
