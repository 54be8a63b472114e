using FourierGen.Weights;

namespace FourierGen.Tests.Weights;

/// <summary>Save then Load gives back every value bit for bit, through files and both kinds of stream.</summary>
public class WeightFileRoundTripTests
{
    private static readonly float[] Specials =
    [
        0f, -0f, 1f, -1f, float.Epsilon, -float.Epsilon, 1e-40f, -1e-45f, BitConverter.Int32BitsToSingle(0x007FFFFF),
        float.MaxValue, float.MinValue, BitConverter.Int32BitsToSingle(0x00800000) /* smallest normal */, 3.14159274f, 1e-7f,
    ];

    [Fact]
    public void RoundTripIsBitExactThroughAFile()
    {
        var (b, a, p) = WeightSamples.Values(seed: 7);
        p = [.. Specials, .. p[..(WeightSamples.ParameterCount - Specials.Length)]];
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "net.fgw");

        WeightFile.Save(path, WeightSamples.Fingerprint, WeightSamples.Inputs, b, a, p);
        var loaded = WeightFile.Load(path, WeightSamples.Fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount, WeightSamples.ParameterCount);

        AssertBitExact(b, loaded.Frequencies);
        AssertBitExact(a, loaded.Amplitudes);
        AssertBitExact(p, loaded.Parameters);
        Assert.Equal(["net.fgw"], directory.Files());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RoundTripIsBitExactThroughStreams(bool seekable)
    {
        // Many chunks (64 KiB each) and, for the non-seekable stream, reads of 7 bytes that split floats.
        const int inputs = 3, m = 1000, count = 100_003;
        var random = new Random(11);
        float[] b = WeightSamples.RandomFloats(random, m * inputs);
        float[] a = WeightSamples.RandomFloats(random, m);
        float[] p = [.. Specials, .. WeightSamples.RandomFloats(random, count - Specials.Length)];
        string fingerprint = WeightFingerprint.Create(inputs, 1, [], "gaussian", m, true, "relu", "identity", "ntk", false, 1.5, 0);

        byte[] bytes = WeightSamples.Bytes(fingerprint, inputs, b, a, p);
        Assert.Equal(WeightFileFormat.FileLength(System.Text.Encoding.UTF8.GetByteCount(fingerprint), inputs, m, count), bytes.Length);
        Stream stream = seekable ? new MemoryStream(bytes) : new NonSeekableStream(bytes);
        var loaded = WeightFile.Load(stream, fingerprint, inputs, m, count);

        AssertBitExact(b, loaded.Frequencies);
        AssertBitExact(a, loaded.Amplitudes);
        AssertBitExact(p, loaded.Parameters);
    }

    [Fact]
    public void RawInputsHaveNoFrequenciesOrAmplitudes()
    {
        string fingerprint = WeightFingerprint.Create(4, 1, [8], "None", 0, false, "Relu", "Sigmoid", "Standard", true, 1, 0);
        float[] p = WeightSamples.RandomFloats(new Random(3), 4 * 8 + 8 + 8 + 1);

        byte[] bytes = WeightSamples.Bytes(fingerprint, 4, [], [], p);
        var loaded = WeightFile.Load(new MemoryStream(bytes), fingerprint, 4, 0, p.Length);

        Assert.Empty(loaded.Frequencies);
        Assert.Empty(loaded.Amplitudes);
        AssertBitExact(p, loaded.Parameters);
    }

    [Fact]
    public void SavingTheSameValuesGivesTheSameBytes()
    {
        Assert.Equal(WeightSamples.File(seed: 5), WeightSamples.File(seed: 5));
        Assert.NotEqual(WeightSamples.File(seed: 5), WeightSamples.File(seed: 6));
    }

    [Fact]
    public void GeneratorParserReadsWhatTheRuntimeWrites()
    {
        var (b, a, p) = WeightSamples.Values(seed: 9);
        byte[] bytes = WeightSamples.Bytes(WeightSamples.Fingerprint, WeightSamples.Inputs, b, a, p);

        bool ok = WeightFileFormat.TryParse(
            bytes, WeightSamples.Fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount, WeightSamples.ParameterCount,
            out var contents, out string error);

        Assert.True(ok, error);
        Assert.Equal(string.Empty, error);
        AssertBitExact(b, contents.Frequencies);
        AssertBitExact(a, contents.Amplitudes);
        AssertBitExact(p, contents.Parameters);
    }

    private static void AssertBitExact(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"[{i}]: expected bits 0x{BitConverter.SingleToInt32Bits(expected[i]):X8}, got 0x{BitConverter.SingleToInt32Bits(actual[i]):X8}");
        }
    }
}
