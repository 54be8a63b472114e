using System;
using System.Globalization;
using System.Text;

namespace FourierGen.Generators;

/// <summary>An indenting text writer for emitted C# (after System.Text.Json's generator).</summary>
internal sealed class SourceWriter
{
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
