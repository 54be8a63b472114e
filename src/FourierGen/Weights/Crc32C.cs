// Shared source: compiled into the runtime (net10.0) and linked into the generator
// (netstandard2.0 + System.Memory). Use only APIs both have; hardware paths sit behind #if NET.
using System;
#if NET
using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
#endif

namespace FourierGen.Weights;

/// <summary>
/// CRC-32C (Castagnoli; reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF),
/// the checksum at the end of a weight file. Table-driven (slicing-by-8) everywhere; the runtime
/// also uses the SSE4.2 / ARMv8 CRC32C instructions, which compute the same function.
/// </summary>
/// <remarks>
/// A CRC of degree 32 whose polynomial has a nonzero constant term detects every error burst of
/// at most 32 bits: any change confined to 4 consecutive bytes (in particular any single changed
/// byte) always changes the checksum. Other corruptions go unnoticed with probability about 2⁻³².
/// A CRC does not by itself detect every truncation, so the reader checks the exact file length
/// (fixed by the header and the declaration) before it compares checksums.
/// </remarks>
internal static class Crc32C
{
    /// <summary>The running state before any byte (the CRC register is preset to all ones).</summary>
    public const uint InitialState = 0xFFFFFFFFu;

    private const uint ReflectedPolynomial = 0x82F63B78u;

    /// <summary>8 tables of 256 entries: table k advances a byte through k further zero bytes.</summary>
    private static readonly uint[] Table = CreateTable();

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(InitialState, data));

    /// <summary>The final CRC value of a running state (the state with every bit inverted).</summary>
    public static uint Finish(uint state) => ~state;

    /// <summary>Advances a running state (start with <see cref="InitialState"/>) over <paramref name="data"/>.</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
#if NET
        if (Sse42.X64.IsSupported)
        {
            ulong crc = state;
            while (data.Length >= 8)
            {
                crc = Sse42.X64.Crc32(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data.Slice(8);
            }

            state = (uint)crc;
            foreach (byte b in data)
            {
                state = Sse42.Crc32(state, b);
            }

            return state;
        }

        if (Crc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                state = Crc32.Arm64.ComputeCrc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data.Slice(8);
            }

            foreach (byte b in data)
            {
                state = Crc32.ComputeCrc32C(state, b);
            }

            return state;
        }
#endif
        return AppendSoftware(state, data);
    }

    /// <summary>The table-driven path (the only one in the generator); tests compare it with the hardware path.</summary>
    internal static uint AppendSoftware(uint state, ReadOnlySpan<byte> data)
    {
        uint[] t = Table;
        uint crc = state;
        int i = 0;
        for (; data.Length - i >= 8; i += 8)
        {
            uint low = crc ^ (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
            uint high = (uint)(data[i + 4] | data[i + 5] << 8 | data[i + 6] << 16 | data[i + 7] << 24);
            crc = t[(7 * 256) + (low & 0xFF)] ^ t[(6 * 256) + ((low >> 8) & 0xFF)]
                ^ t[(5 * 256) + ((low >> 16) & 0xFF)] ^ t[(4 * 256) + (low >> 24)]
                ^ t[(3 * 256) + (high & 0xFF)] ^ t[(2 * 256) + ((high >> 8) & 0xFF)]
                ^ t[256 + ((high >> 16) & 0xFF)] ^ t[high >> 24];
        }

        for (; i < data.Length; i++)
        {
            crc = t[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] CreateTable()
    {
        uint[] table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ ReflectedPolynomial : c >> 1;
            }

            table[n] = c;
        }

        for (int k = 1; k < 8; k++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint previous = table[((k - 1) * 256) + n];
                table[(k * 256) + n] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
