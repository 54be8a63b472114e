using FourierGen.Weights;

namespace FourierGen.Tests.Weights;

/// <summary>CRC-32C: the standard check value, hardware and table paths agree, and every single-byte change is caught.</summary>
public class Crc32CTests
{
    [Fact]
    public void CheckValueMatchesTheStandard()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, Crc32C.Finish(Crc32C.AppendSoftware(Crc32C.InitialState, "123456789"u8)));
        Assert.Equal(0u, Crc32C.Compute([]));

        // RFC 3720 (iSCSI) B.4: 32 bytes of zeros, of ones, ascending.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
    }

    [Fact]
    public void HardwareAndTablePathsAgreeInAnyPieces()
    {
        var random = new Random(17);
        byte[] data = new byte[1000];
        random.NextBytes(data);
        for (int length = 0; length < 200; length++)
        {
            int start = random.Next(0, 16);
            ReadOnlySpan<byte> slice = data.AsSpan(start, length);
            uint whole = Crc32C.Append(Crc32C.InitialState, slice);
            Assert.Equal(Crc32C.AppendSoftware(Crc32C.InitialState, slice), whole);

            int split = random.Next(0, length + 1);
            Assert.Equal(whole, Crc32C.Append(Crc32C.Append(Crc32C.InitialState, slice[..split]), slice[split..]));
        }
    }

    [Fact]
    public void EverySingleByteChangeChangesTheChecksum()
    {
        byte[] data = new byte[64];
        new Random(3).NextBytes(data);
        uint original = Crc32C.Compute(data);
        for (int position = 0; position < data.Length; position++)
        {
            for (int xor = 1; xor < 256; xor++)
            {
                data[position] ^= (byte)xor;
                Assert.NotEqual(original, Crc32C.AppendSoftware(Crc32C.InitialState, data) ^ 0xFFFFFFFFu);
                data[position] ^= (byte)xor;
            }
        }
    }
}
