using System;
using System.Globalization;
using System.Text;

namespace FourierGen.Generators;

/// <summary>An indenting text writer for emitted C# (after System.Text.Json's generator).</summary>
internal sealed class SourceWriter
{
    /// <summary>The longest line <see cref="WriteMember"/> writes on one line.</summary>
    public const int MaxLineLength = 140;

    private readonly StringBuilder _builder = new();
    private int _indentation;

    public void WriteLine() => _builder.AppendLine();

    public void WriteLine(string line)
    {
        if (line.Length > 0)
        {
            _builder.Append(' ', 4 * _indentation);
        }

        _builder.AppendLine(line);
    }

    /// <summary>Writes a multi-line block, each line at the current indentation.</summary>
    public void WriteLines(string text)
    {
        foreach (string line in text.Replace("\r\n", "\n").Split('\n'))
        {
            WriteLine(line);
        }
    }

    /// <summary>An expression-bodied member: on one line when it fits <see cref="MaxLineLength"/>, else the body on the next.</summary>
    public void WriteMember(string signature, string body)
    {
        string line = signature + " => " + body + ";";
        if ((4 * _indentation) + line.Length <= MaxLineLength)
        {
            WriteLine(line);
            return;
        }

        // A signature too long for one line breaks after the last parameter that fits, as often as it takes.
        int limit = MaxLineLength - (4 * _indentation);
        while (signature.Length + 3 > limit)
        {
            // LastIndexOf searches backwards from its start index, which must lie inside the signature.
            int split = signature.LastIndexOf(", ", System.Math.Min(limit, signature.Length) - 1, System.StringComparison.Ordinal);
            if (split <= 0 || (signature.StartsWith("    ", System.StringComparison.Ordinal) && split <= 4))
            {
                break;
            }

            WriteLine(signature.Substring(0, split + 1));
            signature = "    " + signature.Substring(split + 2);
        }

        WriteLine(signature + " =>");
        _indentation++;
        WriteLine(body + ";");
        _indentation--;
    }

    /// <summary>A comma-separated list over as many lines as it needs, each at most <see cref="MaxLineLength"/> long.</summary>
    /// <param name="prefix">Written before the first item (on the first line).</param>
    /// <param name="items">The items, written in order.</param>
    /// <param name="suffix">Written after the last item.</param>
    /// <param name="continuation">Written before the first item of every further line (e.g. a space, to align after a bracket).</param>
    public void WriteWrapped(string prefix, System.Collections.Generic.IEnumerable<string> items, string suffix, string continuation)
    {
        var line = new StringBuilder(prefix);
        bool first = true;
        foreach (string item in items)
        {
            string piece = first ? item : ", " + item;
            // Room for the ',' that ends a full line, or for the suffix after the last item.
            if (!first && (4 * _indentation) + line.Length + piece.Length + System.Math.Max(1, suffix.Length) > MaxLineLength)
            {
                WriteLine(line.Append(',').ToString());
                line.Clear().Append(continuation).Append(item);
            }
            else
            {
                line.Append(piece);
            }

            first = false;
        }

        WriteLine(line.Append(suffix).ToString());
    }

    public void OpenBlock(string header)
    {
        WriteLine(header);
        WriteLine("{");
        _indentation++;
    }

    public void CloseBlock(string suffix = "")
    {
        _indentation--;
        WriteLine("}" + suffix);
    }

    public override string ToString() => _builder.ToString();

    /// <summary>A float literal that reads back to the same bits, in invariant culture.</summary>
    public static string Float(float value) =>
        float.IsPositiveInfinity(value) ? "float.PositiveInfinity"
        : float.IsNegativeInfinity(value) ? "float.NegativeInfinity"
        : float.IsNaN(value) ? "float.NaN"
        : value.ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>A double literal that reads back to the same bits, in invariant culture.</summary>
    public static string Double(double value) =>
        double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
        : double.IsNaN(value) ? "double.NaN"
        : EnsureDecimal(value.ToString("R", CultureInfo.InvariantCulture));

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    private static string EnsureDecimal(string text) =>
        text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
}
