using System.Globalization;

namespace SampleKit;

/// <summary>What a mapping token trains.</summary>
public enum MappingKind
{
    /// <summary>Raw coordinates (token <c>none</c>).</summary>
    None,

    /// <summary>γ(v) = [cos 2πv, sin 2πv] (token <c>basic</c>).</summary>
    Basic,

    /// <summary>Positional encoding with scale σp (token <c>posenc:σ</c>).</summary>
    Positional,

    /// <summary>Gaussian Fourier features with scale σ (token <c>gauss:σ</c>).</summary>
    Gaussian,

    /// <summary>No network: the paper's baseline that optimises the pixels themselves through a sigmoid (token <c>gridopt</c>).</summary>
    GridOpt,
}

/// <summary>One mapping of a run grid, parsed from a token: <c>none</c>, <c>basic</c>, <c>posenc:σ</c>, <c>gauss:σ</c> or <c>gridopt</c>.</summary>
/// <param name="Token">The token, lower-cased and trimmed (it names runs and files).</param>
/// <param name="Kind">What it trains.</param>
/// <param name="Scale">σp or σ; null for the others.</param>
public sealed record MappingToken(string Token, MappingKind Kind, float? Scale)
{
    /// <summary>Parses one token (case-insensitive; σ a finite positive number in invariant culture).</summary>
    /// <param name="token">The token.</param>
    /// <param name="allowGridOpt">Whether this sample has the gridopt baseline.</param>
    /// <exception cref="FormatException">Not one of the forms; the message is one line.</exception>
    public static MappingToken Parse(string token, bool allowGridOpt)
    {
        ArgumentNullException.ThrowIfNull(token);
        string t = token.Trim().ToLowerInvariant();
        string expected = allowGridOpt ? "none, basic, posenc:σ, gauss:σ or gridopt" : "none, basic, posenc:σ or gauss:σ";
        int colon = t.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? t : t[..colon];
        MappingKind? kind = name switch
        {
            "none" => MappingKind.None,
            "basic" => MappingKind.Basic,
            "posenc" => MappingKind.Positional,
            "gauss" => MappingKind.Gaussian,
            "gridopt" when allowGridOpt => MappingKind.GridOpt,
            _ => null,
        };
        if (kind is null)
        {
            throw new FormatException($"unknown mapping '{token}': expected {expected}.");
        }

        bool scaled = kind is MappingKind.Positional or MappingKind.Gaussian;
        if (!scaled)
        {
            return colon < 0 ? new MappingToken(t, kind.Value, null) : throw new FormatException($"mapping '{token}': {name} takes no scale.");
        }

        if (colon < 0)
        {
            throw new FormatException($"mapping '{token}' needs a scale: {name}:σ (e.g. {name}:4).");
        }

        string value = t[(colon + 1)..];
        if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float scale) || !float.IsFinite(scale) || scale <= 0)
        {
            throw new FormatException($"mapping '{token}': the scale '{value}' is not a finite positive number.");
        }

        return new MappingToken(t, kind.Value, scale);
    }

    /// <summary>Parses a comma list of tokens (at least one, no repeats).</summary>
    /// <exception cref="FormatException">A bad token, a repeat, or an empty list.</exception>
    public static IReadOnlyList<MappingToken> ParseList(string list, bool allowGridOpt)
    {
        ArgumentNullException.ThrowIfNull(list);
        MappingToken[] tokens = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => Parse(t, allowGridOpt)).ToArray();
        if (tokens.Length == 0)
        {
            throw new FormatException("no mapping given: expected a comma list such as none,basic,posenc:4,gauss:5.");
        }

        if (tokens.GroupBy(t => t.Token).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new FormatException($"mapping '{repeated.Key}' is listed twice.");
        }

        return tokens;
    }
}
