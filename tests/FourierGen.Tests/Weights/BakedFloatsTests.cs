using System.Text;
using FourierGen.Weights;

namespace FourierGen.Tests.Weights;

/// <summary>Baked weights travel through generated source as base-64 text; every bit must come back, and a damaged literal must say so.</summary>
public class BakedFloatsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(19)] // 76 bytes: exactly one full line
    [InlineData(57)]
    [InlineData(1000)]
    public void EveryBitComesBackThroughTheGeneratedLiteral(int count)
    {
        var random = new Random(count);
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
        }

        if (count > 3)
        {
            values[0] = -0f;
            values[1] = float.Epsilon;
            values[2] = BitConverter.Int32BitsToSingle(0x7FC0_1234); // a NaN with a payload
        }

        string[] lines = BakedFloats.ToBase64Lines(values);
        Assert.All(lines, line => Assert.True(line.Length <= BakedFloats.LineLength && line.Length % 4 == 0));
        float[] back = new float[count];
        BakedFloats.FromBase64(Literal(lines), back, "parameters");
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), back.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void ALiteralOfAnotherLengthIsInvalidData()
    {
        float[] values = [1f, 2f, 3f, 4f];
        byte[] literal = Literal(BakedFloats.ToBase64Lines(values));
        var tooFew = Assert.Throws<InvalidDataException>(() => BakedFloats.FromBase64(literal, new float[5], "parameters"));
        Assert.Contains("baked parameters are not base-64 of 5 float32 values", tooFew.Message);
        Assert.Throws<InvalidDataException>(() => BakedFloats.FromBase64(literal, new float[3], "parameters"));
    }

    [Fact]
    public void ADamagedLiteralIsInvalidData()
    {
        byte[] literal = Literal(BakedFloats.ToBase64Lines([1f, 2f, 3f]));
        literal[5] = (byte)'*';
        var error = Assert.Throws<InvalidDataException>(() => BakedFloats.FromBase64(literal, new float[3], "amplitudes"));
        Assert.Contains("baked amplitudes", error.Message);
    }

    /// <summary>The bytes of the raw UTF-8 literal the generator writes: one line per base-64 line, indented, then stripped of the closing quotes' indentation.</summary>
    private static byte[] Literal(string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines));
}
