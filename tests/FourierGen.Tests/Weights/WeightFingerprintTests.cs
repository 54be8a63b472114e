using System.Globalization;
using FourierGen.Weights;

namespace FourierGen.Tests.Weights;

/// <summary>The canonical fingerprint: exact text, culture-invariant, host-independent doubles, readable differences.</summary>
public class WeightFingerprintTests
{
    [Fact]
    public void PaperImageNetFingerprintIsExact()
    {
        string fingerprint = WeightFingerprint.Create(
            inputs: 2, outputs: 3, hidden: [256, 256, 256], mappingKind: "Random", frequencyCount: 256, normalize: false,
            hiddenActivation: "Relu", outputActivation: "Sigmoid", parameterization: "Standard", bias: true,
            weightStd: Math.Sqrt(2), biasStd: 0.05);

        Assert.Equal(
            "schema=1;inputs=2;features=512;outputs=3;hidden=[256,256,256];mapping=random;frequency-count=256;normalize=false;" +
            "activation=relu;output-activation=sigmoid;parameterization=standard;bias=true;weight-std=1.4142135623730951;bias-std=0.05",
            fingerprint);
    }

    [Fact]
    public void RawInputsAndNoHiddenLayers()
    {
        Assert.Equal(
            "schema=1;inputs=3;features=3;outputs=1;hidden=[];mapping=none;frequency-count=0;normalize=false;" +
            "activation=none;output-activation=identity;parameterization=ntk;bias=false;weight-std=1;bias-std=0",
            WeightFingerprint.Create(3, 1, [], "None", 0, false, "Tanh", "Identity", "Ntk", false, 1, -0.0));
    }

    [Fact]
    public void FingerprintIgnoresTheCurrentCulture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        var odd = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        odd.NumberFormat.NumberDecimalSeparator = ",";
        odd.NumberFormat.NegativeSign = "~";
        odd.NumberFormat.PositiveInfinitySymbol = "oo";
        string invariant = Create(weightStd: -1.25, biasStd: 1e-20);
        try
        {
            CultureInfo.CurrentCulture = odd;
            Assert.Equal(invariant, Create(weightStd: -1.25, biasStd: 1e-20));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.EndsWith(";weight-std=-1.25;bias-std=1E-20", invariant);
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.05, "0.05")]
    [InlineData(-0.0, "0")]
    [InlineData(1e-20, "1E-20")]
    [InlineData(1e300, "1E+300")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1.4142135623730951, "1.4142135623730951")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void DoublesUseRoundTripForm(double value, string expected) => Assert.Equal(expected, WeightFingerprint.FormatDouble(value));

    [Fact]
    public void DoublesRoundTrip()
    {
        var random = new Random(5);
        for (int i = 0; i < 10_000; i++)
        {
            double value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (double.IsFinite(value))
            {
                Assert.Equal(value, double.Parse(WeightFingerprint.FormatDouble(value), CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public void EveryDeclaredValueChangesTheFingerprint()
    {
        string baseline = Create();
        string[] variants =
        [
            WeightFingerprint.Create(3, 2, [4], "random", 5, false, "relu", "identity", "standard", true, 1, 0.05),
            WeightFingerprint.Create(2, 3, [4], "random", 5, false, "relu", "identity", "standard", true, 1, 0.05),
            WeightFingerprint.Create(2, 2, [4, 4], "random", 5, false, "relu", "identity", "standard", true, 1, 0.05),
            WeightFingerprint.Create(2, 2, [4], "positional", 5, false, "relu", "identity", "standard", true, 1, 0.05),
            WeightFingerprint.Create(2, 2, [4], "random", 6, false, "relu", "identity", "standard", true, 1, 0.05),
            WeightFingerprint.Create(2, 2, [4], "random", 5, true, "relu", "identity", "standard", true, 1, 0.05),
            WeightFingerprint.Create(2, 2, [4], "random", 5, false, "tanh", "identity", "standard", true, 1, 0.05),
            WeightFingerprint.Create(2, 2, [4], "random", 5, false, "relu", "sigmoid", "standard", true, 1, 0.05),
            WeightFingerprint.Create(2, 2, [4], "random", 5, false, "relu", "identity", "ntk", true, 1, 0.05),
            WeightFingerprint.Create(2, 2, [4], "random", 5, false, "relu", "identity", "standard", false, 1, 0.05),
            WeightFingerprint.Create(2, 2, [4], "random", 5, false, "relu", "identity", "standard", true, 1.0000000000000002, 0.05),
            WeightFingerprint.Create(2, 2, [4], "random", 5, false, "relu", "identity", "standard", true, 1, 0.050000000000000003 + 1e-17),
        ];

        Assert.All(variants, variant => Assert.NotEqual(baseline, variant));
        Assert.Equal(variants.Length, variants.Distinct().Count());
    }

    [Fact]
    public void NamesAreCaseInsensitiveAndValidated()
    {
        Assert.Equal(Create(), WeightFingerprint.Create(2, 2, [4], "RANDOM", 5, false, "ReLU", "Identity", "Standard", true, 1, 0.05));
        Assert.Throws<ArgumentException>(() => WeightFingerprint.Create(2, 2, [4], "random;bias=false", 5, false, "relu", "identity", "standard", true, 1, 0.05));
        Assert.Throws<ArgumentException>(() => WeightFingerprint.Create(2, 2, [4], "random", 5, false, string.Empty, "identity", "standard", true, 1, 0.05));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightFingerprint.Create(0, 2, [4], "random", 5, false, "relu", "identity", "standard", true, 1, 0.05));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightFingerprint.Create(2, 2, [0], "random", 5, false, "relu", "identity", "standard", true, 1, 0.05));
    }

    [Fact]
    public void DescribeDifferenceNamesTheFieldsThatDiffer()
    {
        string file = WeightFingerprint.Create(2, 3, [256, 256], "random", 256, false, "relu", "sigmoid", "standard", true, 1, 0.05);
        string declared = WeightFingerprint.Create(2, 3, [128], "random", 256, false, "relu", "sigmoid", "standard", true, 1, 0.05);

        Assert.Equal(
            "the file was saved by a network with hidden=[256,256] but this declaration has hidden=[128]",
            WeightFingerprint.DescribeDifference(file, declared));
        Assert.Equal(
            "the file was saved by a network with schema=2, no extra but this declaration has schema=1, extra=1",
            WeightFingerprint.DescribeDifference("schema=2", "schema=1;extra=1"));
        Assert.Equal(
            "the file was saved by a network with a different declaration",
            WeightFingerprint.DescribeDifference("free text", declared));
    }

    [Fact]
    public void HashIsFnv1a64()
    {
        Assert.Equal(0xCBF29CE484222325UL, WeightFingerprint.Hash([]));
        Assert.Equal(0xAF63DC4C8601EC8CUL, WeightFingerprint.Hash("a"u8));
        Assert.Equal(0x85944171F73967E8UL, WeightFingerprint.Hash("foobar"u8));
    }

    private static string Create(double weightStd = 1, double biasStd = 0.05) =>
        WeightFingerprint.Create(2, 2, [4], "random", 5, false, "relu", "identity", "standard", true, weightStd, biasStd);
}
