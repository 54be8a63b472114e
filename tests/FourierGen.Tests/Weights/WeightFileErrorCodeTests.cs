using FourierGen.Weights;

namespace FourierGen.Tests.Weights;

/// <summary>Every failed check carries its <see cref="WeightFileError"/>: callers (the generator's FG0025/FG0026) branch on the code, not the message.</summary>
public class WeightFileErrorCodeTests
{
    private static readonly (string MessageStart, WeightFileError Code)[] Checks =
    [
        ("Not a FourierGen weight file (bad magic)", WeightFileError.NotAWeightFile),
        ("Unsupported weight file version", WeightFileError.UnsupportedVersion),
        ("Unsupported weight file flags", WeightFileError.UnsupportedFlags),
        ("Corrupt weight file", WeightFileError.CorruptHeader),
        ("Weight file fingerprint mismatch", WeightFileError.FingerprintMismatch),
        ("Truncated weight file", WeightFileError.Truncated),
        ("Trailing bytes after the weight file", WeightFileError.TrailingBytes),
        ("Weight file checksum mismatch", WeightFileError.ChecksumMismatch),
        ("Non-finite value in weight file", WeightFileError.NonFiniteValue),
    ];

    [Fact]
    public void EveryDamagedByteFailsWithTheCodeOfItsMessage()
    {
        byte[] valid = WeightSamples.File();
        var seen = new HashSet<WeightFileError>();
        for (int position = 0; position < valid.Length; position++)
        {
            byte[] damaged = (byte[])valid.Clone();
            damaged[position] ^= 0xFF;
            InvalidDataException e = Assert.Throws<InvalidDataException>(() => WeightSamples.Load(damaged, seekable: true));
            WeightFileError expected = Checks.First(c => e.Message.StartsWith(c.MessageStart, StringComparison.Ordinal)).Code;
            Assert.Equal(expected, WeightFileFormat.ErrorOf(e));

            Assert.False(WeightFileFormat.TryParse(damaged, WeightSamples.Fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount,
                WeightSamples.ParameterCount, out _, out WeightFileError code, out string message));
            Assert.Equal((expected, e.Message), (code, message));
            seen.Add(code);
        }

        Assert.True(seen.Count >= 5, string.Join(", ", seen));
    }

    [Fact]
    public void TruncationTrailingBytesAndAnotherDeclarationHaveTheirCodes()
    {
        byte[] valid = WeightSamples.File();
        Assert.Equal(WeightFileError.Truncated, Code(valid[..^3], WeightSamples.Fingerprint));
        Assert.Equal(WeightFileError.TrailingBytes, Code([.. valid, 0], WeightSamples.Fingerprint));
        Assert.Equal(WeightFileError.FingerprintMismatch, Code(valid, WeightSamples.OtherFingerprint));
        Assert.Equal(WeightFileError.None, Code(valid, WeightSamples.Fingerprint));
    }

    [Fact]
    public void LoadingByPathKeepsTheCode()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fouriergen-code-{Guid.NewGuid():N}.fgw");
        try
        {
            File.WriteAllBytes(path, WeightSamples.File()[..^1]);
            InvalidDataException e = Assert.Throws<InvalidDataException>(() => WeightFile.Load(
                path, WeightSamples.Fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount, WeightSamples.ParameterCount));
            Assert.StartsWith(path, e.Message);
            Assert.Equal(WeightFileError.Truncated, WeightFileFormat.ErrorOf(e));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static WeightFileError Code(byte[] bytes, string fingerprint)
    {
        WeightFileFormat.TryParse(bytes, fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount, WeightSamples.ParameterCount,
            out _, out WeightFileError code, out _);
        return code;
    }
}
