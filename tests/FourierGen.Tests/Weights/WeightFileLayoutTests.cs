using System.Text;
using FourierGen.Weights;

namespace FourierGen.Tests.Weights;

/// <summary>The bytes on disk are exactly docs/weights-format.md's table, built here field by field.</summary>
public class WeightFileLayoutTests
{
    [Fact]
    public void SavedBytesFollowTheDocumentedLayout()
    {
        const string fingerprint = "schema=1;test=é";
        float[] b = [1f, -2f, 0.5f, 3f];
        float[] a = [1f, 0.25f];
        float[] p = [-0f, float.Epsilon, float.MaxValue];
        byte[] text = Encoding.UTF8.GetBytes(fingerprint);

        var expected = new List<byte>();
        expected.AddRange("FGW1"u8.ToArray());
        expected.AddRange([1, 0]);              // version 1
        expected.AddRange([0, 0]);              // flags
        expected.AddRange([2, 0, 0, 0]);        // d
        expected.AddRange([2, 0, 0, 0]);        // m
        expected.AddRange([3, 0, 0, 0]);        // P
        expected.AddRange(BitConverter.GetBytes((uint)text.Length));
        expected.AddRange(BitConverter.GetBytes(Fnv1a64(text)));
        Assert.Equal(32, expected.Count);
        expected.AddRange(text);
        foreach (float value in (float[])[.. b, .. a, .. p])
        {
            expected.AddRange(BitConverter.GetBytes(value));
        }

        expected.AddRange(BitConverter.GetBytes(Crc32C.Compute(expected.ToArray())));
        Assert.True(BitConverter.IsLittleEndian);

        using var stream = new MemoryStream();
        WeightFile.Save(stream, fingerprint, inputs: 2, b, a, p);

        Assert.Equal(expected.ToArray(), stream.ToArray());
        Assert.Equal(WeightFileFormat.FileLength(text.Length, 2, 2, 3), stream.Length);
        Assert.Equal(1, WeightFile.FormatVersion);
    }

    [Fact]
    public void SaveToAStreamWritesAtItsPositionAndLoadReadsFromIt()
    {
        var (b, a, p) = WeightSamples.Values();
        using var stream = new MemoryStream();
        stream.Write("prefix"u8);
        WeightFile.Save(stream, WeightSamples.Fingerprint, WeightSamples.Inputs, b, a, p);

        stream.Position = 6;
        var loaded = WeightFile.Load(stream, WeightSamples.Fingerprint, WeightSamples.Inputs, WeightSamples.FrequencyCount, WeightSamples.ParameterCount);

        Assert.Equal(p, loaded.Parameters);
    }

    private static ulong Fnv1a64(byte[] bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte x in bytes)
        {
            hash = (hash ^ x) * 1099511628211UL;
        }

        return hash;
    }
}
