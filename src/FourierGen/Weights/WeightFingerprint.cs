// Shared source: compiled into the runtime (net10.0) and linked into the generator
// (netstandard2.0 + System.Memory). Use only APIs both have.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FourierGen.Weights;

/// <summary>
/// The canonical fingerprint of a network declaration: the values that decide whether a weight
/// file fits it. The generator builds it from the declaration at compile time and emits it as a
/// constant; the runtime compares that constant with the fingerprint stored in a file.
/// </summary>
/// <remarks>
/// Grammar (docs/weights-format.md): <c>key=value</c> fields joined by <c>;</c>, in this order:
/// <c>schema=1;inputs=d;features=f;outputs=o;hidden=[w1,w2,...];mapping=kind;frequency-count=m;
/// normalize=true|false;activation=a;output-activation=a;parameterization=p;bias=true|false;
/// weight-std=x;bias-std=x</c>. Integers in invariant decimal, names lower-case, doubles in
/// round-trip form (<see cref="FormatDouble"/>). Values that travel in the file (B, a, the
/// parameters) and values that only decide how they were first drawn (seed, scale, distribution,
/// exponent, initialization preset) are not part of it.
/// </remarks>
internal static class WeightFingerprint
{
    /// <summary>The grammar version written as the first field; bump it when fields change.</summary>
    public const int SchemaVersion = 1;

    /// <summary>
    /// The canonical fingerprint of a declaration, from plain values. Culture-invariant and the
    /// same in every .NET host (the generator may run on .NET Framework, the runtime on .NET 10).
    /// </summary>
    /// <param name="inputs">d, the number of inputs (≥ 1).</param>
    /// <param name="outputs">The number of outputs (≥ 1).</param>
    /// <param name="hidden">The hidden widths, input side first (each ≥ 1; may be empty).</param>
    /// <param name="mappingKind">The mapping's kind, e.g. the generator's <c>MappingKind</c> member name (lower-cased here); letters, digits, '-' and '_' only.</param>
    /// <param name="frequencyCount">m, the number of rows of B (0 for raw inputs).</param>
    /// <param name="normalize">Whether the mapping divides a by ‖a‖.</param>
    /// <param name="hiddenActivation">The hidden activation's name (written as <c>none</c> when there are no hidden layers).</param>
    /// <param name="outputActivation">The output activation's name.</param>
    /// <param name="parameterization">The parameterisation's name.</param>
    /// <param name="bias">Whether dense layers have biases.</param>
    /// <param name="weightStd">σ_w.</param>
    /// <param name="biasStd">σ_b.</param>
    /// <exception cref="ArgumentException">A value no valid declaration has (the generator calls this only for declarations without errors).</exception>
    public static string Create(
        int inputs,
        int outputs,
        ReadOnlySpan<int> hidden,
        string mappingKind,
        int frequencyCount,
        bool normalize,
        string hiddenActivation,
        string outputActivation,
        string parameterization,
        bool bias,
        double weightStd,
        double biasStd)
    {
        if (inputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "A network has at least one input.");
        }

        if (outputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "A network has at least one output.");
        }

        if (frequencyCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frequencyCount), frequencyCount, "The number of frequencies cannot be negative.");
        }

        var text = new StringBuilder(192);
        Field(text, "schema", Int(SchemaVersion));
        Field(text, "inputs", Int(inputs));

        // Raw inputs feed d values to the first layer; a Fourier mapping feeds 2m (cosines, then sines).
        Field(text, "features", frequencyCount == 0 ? Int(inputs) : ((2L * frequencyCount).ToString(CultureInfo.InvariantCulture)));
        Field(text, "outputs", Int(outputs));

        var widths = new StringBuilder("[");
        for (int k = 0; k < hidden.Length; k++)
        {
            if (hidden[k] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(hidden), hidden[k], "Every hidden width is at least 1.");
            }

            widths.Append(k == 0 ? string.Empty : ",").Append(Int(hidden[k]));
        }

        Field(text, "hidden", widths.Append(']').ToString());
        Field(text, "mapping", Name(mappingKind, nameof(mappingKind)));
        Field(text, "frequency-count", Int(frequencyCount));
        Field(text, "normalize", Bool(normalize));

        // Without hidden layers the hidden activation is never applied: any value gives the same network.
        string activation = Name(hiddenActivation, nameof(hiddenActivation));
        Field(text, "activation", hidden.Length == 0 ? "none" : activation);
        Field(text, "output-activation", Name(outputActivation, nameof(outputActivation)));
        Field(text, "parameterization", Name(parameterization, nameof(parameterization)));
        Field(text, "bias", Bool(bias));
        Field(text, "weight-std", FormatDouble(weightStd));
        Field(text, "bias-std", FormatDouble(biasStd));
        return text.ToString();
    }

    /// <summary>
    /// A double in round-trip form, identical on every .NET host: the shortest of the "G15" and
    /// "G17" invariant forms that parses back to the same value (the historical definition of
    /// "R"), "0" for ±0, and "nan", "inf", "-inf" for the non-finite values.
    /// </summary>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return "0";
        }

        string shorter = value.ToString("G15", CultureInfo.InvariantCulture);
        return double.Parse(shorter, NumberStyles.Float, CultureInfo.InvariantCulture) == value
            ? shorter
            : value.ToString("G17", CultureInfo.InvariantCulture);
    }

    /// <summary>FNV-1a, 64 bits, of the fingerprint's UTF-8 bytes (stored in the header next to the text).</summary>
    public static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte b in utf8)
        {
            hash = unchecked((hash ^ b) * 0x100000001B3UL);
        }

        return hash;
    }

    /// <summary>
    /// Names the fields in which two fingerprints differ: "the file was saved by a network with
    /// hidden=[256,256] but this declaration has hidden=[128]". Never throws.
    /// </summary>
    public static string DescribeDifference(string fileFingerprint, string expectedFingerprint)
    {
        List<KeyValuePair<string, string>>? file = Parse(fileFingerprint);
        List<KeyValuePair<string, string>>? expected = Parse(expectedFingerprint);
        if (file is null || expected is null)
        {
            return "the file was saved by a network with a different declaration";
        }

        var fileSide = new List<string>();
        var expectedSide = new List<string>();
        foreach (KeyValuePair<string, string> field in expected)
        {
            string? other = Find(file, field.Key);
            if (other != field.Value)
            {
                fileSide.Add(other is null ? "no " + field.Key : field.Key + "=" + other);
                expectedSide.Add(field.Key + "=" + field.Value);
            }
        }

        foreach (KeyValuePair<string, string> field in file)
        {
            if (Find(expected, field.Key) is null)
            {
                fileSide.Add(field.Key + "=" + field.Value);
                expectedSide.Add("no " + field.Key);
            }
        }

        return fileSide.Count == 0
            ? "the file was saved by a network with a different declaration"
            : "the file was saved by a network with " + string.Join(", ", fileSide) +
              " but this declaration has " + string.Join(", ", expectedSide);
    }

    private static List<KeyValuePair<string, string>>? Parse(string fingerprint)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (string part in fingerprint.Split(';'))
        {
            int equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return null;
            }

            string key = part.Substring(0, equals);
            if (Find(fields, key) is not null)
            {
                return null;
            }

            fields.Add(new KeyValuePair<string, string>(key, part.Substring(equals + 1)));
        }

        return fields;
    }

    private static string? Find(List<KeyValuePair<string, string>> fields, string key)
    {
        foreach (KeyValuePair<string, string> field in fields)
        {
            if (field.Key == key)
            {
                return field.Value;
            }
        }

        return null;
    }

    private static void Field(StringBuilder text, string key, string value)
    {
        if (text.Length > 0)
        {
            text.Append(';');
        }

        text.Append(key).Append('=').Append(value);
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Name(string value, string parameter)
    {
        if (value is null || value.Length == 0)
        {
            throw new ArgumentException("A name is required.", parameter);
        }

        var lower = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_')
            {
                lower.Append(c);
            }
            else if (c is >= 'A' and <= 'Z')
            {
                lower.Append((char)(c - 'A' + 'a'));
            }
            else
            {
                throw new ArgumentException($"'{value}' is not a name: use ASCII letters, digits, '-' and '_' only.", parameter);
            }
        }

        return lower.ToString();
    }
}
