namespace FourierGen.Features;

/// <summary>Support for networks declared without a mapping attribute (γ(v) = v).</summary>
internal static class RawInputs
{
    /// <summary>Throws if a constructor was asked to override a mapping the network does not have; else null (no mapping).</summary>
    public static FeatureMap? RejectOverrides(string network, float? frequencyScale, ReadOnlySpan<float> frequencies, ReadOnlySpan<float> amplitudes)
    {
        if (frequencyScale is not null || !frequencies.IsEmpty || !amplitudes.IsEmpty)
        {
            throw new ArgumentException(
                $"{network} has no feature mapping (raw inputs), so it takes neither frequencyScale, frequencies nor amplitudes.",
                frequencyScale is not null ? nameof(frequencyScale) : !frequencies.IsEmpty ? nameof(frequencies) : nameof(amplitudes));
        }

        return null;
    }
}
