using System.ComponentModel;

namespace FourierGen.Features;

/// <summary>Support for networks declared without a mapping attribute (γ(v) = v).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RawInputs
{
    /// <summary>Throws if a constructor was asked to override a mapping the network does not have.</summary>
    public static void RejectOverrides(string network, float? frequencyScale, ReadOnlySpan<float> frequencies)
    {
        if (frequencyScale is not null || !frequencies.IsEmpty)
        {
            throw new ArgumentException(
                $"{network} has no feature mapping (raw inputs), so it takes neither frequencyScale nor frequencies.",
                frequencyScale is not null ? nameof(frequencyScale) : nameof(frequencies));
        }
    }
}
