using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using Xunit;

namespace FourierGen.Tests.Numerics;

/// <summary>
/// The width the library runs at is the one the process's environment implies. <c>.ci/run</c> repeats the
/// numerics tests under <c>DOTNET_PreferredVectorBitWidth=256</c>, <c>DOTNET_EnableAVX2=0</c> and
/// <c>DOTNET_EnableHWIntrinsic=0</c>; if a knob did not reach the test process (or the library chose another
/// path), this test fails instead of the run silently testing the default width again. <c>.ci/arm64-check.sh</c> runs
/// them once more as an ARM64 process.
/// </summary>
public class VectorWidthTests
{
    [Fact]
    public void SelectedWidthIsTheWidestAcceleratedOne()
    {
        VectorWidth expected = Vector512.IsHardwareAccelerated ? VectorWidth.Vector512
            : Vector256.IsHardwareAccelerated ? VectorWidth.Vector256
            : Vector128.IsHardwareAccelerated ? VectorWidth.Vector128
            : VectorWidth.Scalar;
        Assert.Equal(expected, Hardware.VectorWidth);
    }

    [Fact]
    public void SelectedWidthIsWhatTheRuntimeKnobsAsk()
    {
        if (Knob("DOTNET_EnableHWIntrinsic") == "0")
        {
            Assert.Equal(VectorWidth.Scalar, Hardware.VectorWidth);
            Assert.False(Hardware.HasFusedMultiplyAdd);
        }
        else if (Knob("DOTNET_EnableAVX2") == "0")
        {
            // x64 without AVX2: Vector128 (x86-64-v2), and no FMA either (.NET groups it with AVX2).
            Assert.Equal(VectorWidth.Vector128, Hardware.VectorWidth);
            Assert.False(Hardware.HasFusedMultiplyAdd);
        }
        else if (Knob("DOTNET_PreferredVectorBitWidth") == "256")
        {
            Assert.NotEqual(VectorWidth.Vector512, Hardware.VectorWidth);
            Assert.Equal(Vector256.IsHardwareAccelerated ? VectorWidth.Vector256 : VectorWidth.Vector128, Hardware.VectorWidth);
        }

        // .ci/run also names the width it expects on this machine, so that a knob which did not reach the test
        // process (the run would silently test the default width again) fails here.
        string? named = Environment.GetEnvironmentVariable("FOURIERGEN_EXPECT_VECTOR_WIDTH");
        if (named is not null)
        {
            Assert.Equal(Enum.Parse<VectorWidth>(named), Hardware.VectorWidth);
        }

        // .ci/arm64-check.sh runs these tests as an ARM64 process (emulated on x64): there the library must take the
        // AdvSimd path, Vector128 with FMA, and the run must really be ARM64.
        string? architecture = Environment.GetEnvironmentVariable("FOURIERGEN_EXPECT_ARCHITECTURE");
        if (architecture is not null)
        {
            Assert.Equal(Enum.Parse<Architecture>(architecture), RuntimeInformation.ProcessArchitecture);
        }

        if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 && Knob("DOTNET_EnableHWIntrinsic") != "0")
        {
            Assert.True(AdvSimd.IsSupported);
            Assert.Equal(VectorWidth.Vector128, Hardware.VectorWidth);
            Assert.True(Hardware.HasFusedMultiplyAdd);
        }

        // The kernels are vectorised exactly when a SIMD width was chosen.
        Assert.Equal(Hardware.VectorWidth != VectorWidth.Scalar, FourierGen.Numerics.Dense.IsVectorized);
    }

    private static string? Knob(string name) =>
        Environment.GetEnvironmentVariable(name) ?? Environment.GetEnvironmentVariable(name.Replace("DOTNET_", "COMPlus_", StringComparison.Ordinal));
}
