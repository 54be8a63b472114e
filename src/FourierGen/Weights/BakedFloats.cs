// Compiled into the runtime (net10.0) and the generator (netstandard2.0): the generator writes, the runtime reads.
using System;
#if NET
using System.Buffers.Binary;
using System.Buffers.Text;
using System.IO;
using System.Runtime.InteropServices;
#endif

namespace FourierGen.Weights;

/// <summary>
/// How baked weights are written into generated source: the float32 values, little-endian, as base-64 text in lines
/// of <see cref="LineLength"/> characters, emitted as one UTF-8 raw string literal per array.
/// </summary>
/// <remarks>
/// One literal per array instead of one <c>float</c> literal per value: the compiler lexes, binds and constant-folds
/// every element of a collection expression, so a baked network of a million parameters cost far more compile time
/// than the generator's own work (issue 18). A UTF-8 literal is stored as RVA data like the collection expression
/// was (no user-string heap, so no size limit but the image's), and the bits are exact, NaN payloads included.
/// </remarks>
internal static class BakedFloats
{
    /// <summary>Base-64 characters per line (a multiple of 4, so each line decodes on its own).</summary>
    public const int LineLength = 76;

    /// <summary>The values as base-64 lines of little-endian float32 (the last line may be shorter; none if there are no values).</summary>
    public static string[] ToBase64Lines(float[] values)
    {
        byte[] bytes = new byte[checked(values.Length * sizeof(float))];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < bytes.Length; i += sizeof(float))
            {
                Array.Reverse(bytes, i, sizeof(float));
            }
        }

        string text = Convert.ToBase64String(bytes);
        string[] lines = new string[(text.Length + LineLength - 1) / LineLength];
        for (int i = 0; i < lines.Length; i++)
        {
            int start = i * LineLength;
            lines[i] = text.Substring(start, Math.Min(LineLength, text.Length - start));
        }

        return lines;
    }

#if NET
    /// <summary>Decodes what <see cref="ToBase64Lines"/> wrote (line breaks and the literal's indentation are skipped).</summary>
    /// <param name="base64">The UTF-8 text of the generated literal.</param>
    /// <param name="values">Receives the values: as many as the declaration says the literal holds.</param>
    /// <param name="what">The array's name, for the message.</param>
    /// <exception cref="InvalidDataException">The text is not base-64 of exactly <c>values.Length</c> float32 values (generated code edited by hand).</exception>
    public static void FromBase64(ReadOnlySpan<byte> base64, Span<float> values, string what)
    {
        int count = values.Length;
        Span<byte> bytes = MemoryMarshal.AsBytes(values);
        if (Base64.DecodeFromUtf8(base64, bytes, out int consumed, out int written) != System.Buffers.OperationStatus.Done
            || consumed != base64.Length || written != bytes.Length)
        {
            throw new InvalidDataException(
                $"The baked {what} are not base-64 of {count} float32 values (decoded {written} bytes of {bytes.Length}, " +
                $"read {consumed} of {base64.Length} characters): the generated source was changed; rebuild the project.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            Span<int> bits = MemoryMarshal.Cast<float, int>(values);
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }
    }
#endif
}
