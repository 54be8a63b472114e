using FourierGen.Features;
using FourierGen.Tests.Numerics;

namespace FourierGen.Tests.Reliability;

/// <summary>
/// Finite inputs so large that the float phase b·v overflows (issue 18, finding 7) are encoded in float64: every finite
/// input has finite features, at every vector width, with and without FMA, allocation-free.
/// </summary>
/// <remarks>
/// The reference needs no trigonometry of huge numbers: a float as large as 2⁷⁰ or float.MaxValue is a multiple of
/// 2⁴⁷ (resp. 2¹⁰⁴), and every frequency here is a multiple of 2⁻⁴⁰, so b·v is an integer and contributes no phase:
/// γ([V, x]) = γ([0, x]).
/// </remarks>
public class LargeInputEncodingTests
{
    public static TheoryData<float> HugeInputs() => [float.MaxValue, -float.MaxValue, 1.5e38f, 1180591620717411303424f /* 2⁷⁰ */];

    private const float Other = 0.3125f;

    [Theory]
    [MemberData(nameof(HugeInputs))]
    public void EncodeOfAHugeInputIsTheEncodingWithoutItsPhase(float huge)
    {
        var net = new LargeInputNet(seed: 2);
        AssertFrequenciesAreMultiplesOfTwoToTheMinus40(net.Frequencies);
        float[] expected = new float[LargeInputNet.FeatureSize], actual = new float[LargeInputNet.FeatureSize];

        net.Encode([0f, Other], expected);
        net.Encode([huge, Other], actual);

        Assert.All(actual, value => Assert.True(float.IsFinite(value)));
        AssertClose(expected, actual);
    }

    [Theory]
    [MemberData(nameof(HugeInputs))]
    public void PredictPredictBatchAndTrainingStayFinite(float huge)
    {
        var net = new LargeInputNet(seed: 2);
        float[] expected = new float[2], actual = new float[2], batch = new float[4];

        net.Predict([Other, 0f], expected);
        net.Predict([Other, huge], actual);
        net.PredictBatch([Other, huge, Other, 0f], batch);

        AssertClose(expected, actual);
        AssertClose(expected, batch.AsSpan(0, 2));
        using Trainer<LargeInputNet> trainer = net.CreateTrainer(new TrainerOptions { BatchCapacity = 2, Threads = 1 });
        Assert.True(float.IsFinite(trainer.Step([huge, Other, -huge, huge], [0.5f, 0.5f, -0.5f, 0.5f])));
    }

    public static TheoryData<VectorWidth> Widths() => [.. NumericsReference.VectorWidths];

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidthEncodesHugeInputs(VectorWidth width)
    {
        var map = FeatureMap.Random(2, 40, FrequencyDistribution.Gaussian, 10f, 0, false, 5, null, default);
        float[] expected = new float[80], actual = new float[80];
        map.EncodeAt(width, [0f, Other], expected);
        map.EncodeAt(width, [float.MaxValue, Other], actual);
        AssertClose(expected, actual);
    }

    /// <summary>
    /// Frequencies so large that Dekker's split (no FMA: <c>DOTNET_EnableAVX2=0</c>) overflows whatever the input:
    /// such a map always encodes in float64.
    /// </summary>
    [Fact]
    public void HugeFrequenciesEncodeFinitely()
    {
        float[] b = new float[LargeInputNet.FrequencyCount * 2];
        for (int j = 0; j < LargeInputNet.FrequencyCount; j++)
        {
            b[2 * j] = j == 0 ? 1e36f : j; // 1e36 is a multiple of 2⁶⁶: its phase is 0 at any integer input
            b[2 * j + 1] = 0.25f * j;
        }

        var net = new LargeInputNet(seed: 0, frequencies: b);
        float[] features = new float[LargeInputNet.FeatureSize];
        net.Encode([3f, 0.5f], features);

        Assert.All(features, value => Assert.True(float.IsFinite(value)));
        Assert.Equal(1f, features[0]);               // cos 2π·(3·10³⁶ + 0) = 1
        Assert.Equal(0f, features[LargeInputNet.FrequencyCount]); // sin of the same
    }

    [Fact]
    public void TheFloat64PathAllocatesNothing()
    {
        var net = new LargeInputNet(seed: 2);
        float[] input = [float.MaxValue, Other], output = new float[2];
        net.Predict(input, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            net.Predict(input, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertFrequenciesAreMultiplesOfTwoToTheMinus40(ReadOnlySpan<float> frequencies)
    {
        foreach (float b in frequencies)
        {
            double scaled = Math.ScaleB(b, 40);
            Assert.Equal(Math.Round(scaled), scaled);
        }
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-6, $"[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
