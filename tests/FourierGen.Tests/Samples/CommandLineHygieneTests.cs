namespace FourierGen.Tests.Samples;

/// <summary>The samples' command lines: --help everywhere, and errors in the user's words (no .NET type names).</summary>
public class CommandLineHygieneTests
{
    [Theory]
    [InlineData("SpectralBias1D", "powerlaw --steps abc", "--steps expects a whole number, not 'abc'.")]
    [InlineData("SpectralBias1D", "sampling --threads many", "--threads expects a whole number, not 'many'.")]
    [InlineData("ImageRegression", "--size twelve", "--size expects a whole number, not 'twelve'.")]
    [InlineData("RealtimeInference", "--size abc", "--size must be a whole number from 1 to 16384, not 'abc'.")]
    [InlineData("RealtimeInference", "--repeat 0", "--repeat must be a whole number from 1 to 1000, not '0'.")]
    [InlineData("RealtimeInference", "--bogus", "'--bogus'")]
    public void BadValuesAreNamedWithoutTypeNames(string sample, string arguments, string expected)
    {
        SampleProcess.AssertOneLineError(sample, arguments);
        (_, _, string stderr) = SampleProcess.Run(sample, arguments);
        Assert.Contains(expected, stderr);
        Assert.DoesNotContain("System.", stderr);
        Assert.DoesNotContain("`1", stderr);
    }

    [Fact]
    public void RealtimeInferenceHasHelp() => SampleProcess.AssertHelpNames("RealtimeInference", "--out", "--size", "--repeat");
}
