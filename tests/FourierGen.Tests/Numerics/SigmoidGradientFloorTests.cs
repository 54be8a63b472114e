using FourierGen.Numerics;

namespace FourierGen.Tests.Numerics;

/// <summary>
/// A saturated sigmoid output makes g·y·(1 − y) subnormal, and subnormals slow every multiply of the backward GEMMs down
/// many times over; the backward pass sets sigmoid gradients below 2⁻¹⁰⁰ to 0 and leaves every other value (NaN
/// included) as it was, at every width.
/// </summary>
public class SigmoidGradientFloorTests
{
    public static TheoryData<VectorWidth> Widths => new(NumericsReference.VectorWidths);

    [Theory]
    [MemberData(nameof(Widths))]
    public unsafe void SaturatedSigmoidGradientsBecomeZeroAndNothingElseChanges(VectorWidth width)
    {
        // 37 values: whole vectors at every width plus a scalar tail.
        float[] y = Enumerable.Range(0, 37).Select(i => (i % 6) switch
        {
            0 => 1e-37f,    // g·y·(1 − y) subnormal
            1 => 1e-30f,    // 5e-31 < 2⁻¹⁰⁰: flushed
            2 => 2e-30f,    // 1e-30 ≥ 2⁻¹⁰⁰: kept
            3 => 0.25f,
            4 => 1e-20f,
            _ => 0.999f,
        }).ToArray();
        float[] g = Enumerable.Range(0, 37).Select(i => i == 36 ? float.NaN : 0.5f).ToArray();
        float[] dz = (float[])g.Clone();

        fixed (float* pdz = dz, py = y)
        {
            switch (width)
            {
                case VectorWidth.Vector512: ActivationMath.Derivative<Simd512<float>>(pdz, py, dz.Length, Activation.Sigmoid); break;
                case VectorWidth.Vector256: ActivationMath.Derivative<Simd256<float>>(pdz, py, dz.Length, Activation.Sigmoid); break;
                case VectorWidth.Vector128: ActivationMath.Derivative<Simd128<float>>(pdz, py, dz.Length, Activation.Sigmoid); break;
                default: ActivationMath.Derivative<SimdScalar<float>>(pdz, py, dz.Length, Activation.Sigmoid); break;
            }
        }

        for (int i = 0; i < dz.Length; i++)
        {
            float exact = g[i] * (y[i] * (1f - y[i]));
            float expected = MathF.Abs(exact) < MathF.Pow(2, -100) ? 0f : exact;
            Assert.Equal(expected, dz[i]);
            Assert.False(float.IsSubnormal(dz[i]), $"dz[{i}] = {dz[i]:R} is subnormal");
        }

        Assert.Equal(0f, dz[0]);
        Assert.Equal(0f, dz[1]);
        Assert.NotEqual(0f, dz[2]);
        Assert.True(float.IsNaN(dz[36]));
    }
}
