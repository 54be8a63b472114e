using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace FourierGen.Generators.Tests;

/// <summary>
/// Numbers the generator writes into code are culture-independent literals that read back to the same bits:
/// generated under a culture with a decimal comma (and one with a U+2212 minus sign), compiled, run.
/// </summary>
public sealed class NumberLiteralTests
{
    /// <summary>Frequencies that stress the shortest round-trip format: tenths, exponents, extremes, subnormals, −0.</summary>
    private static readonly float[] Frequencies =
    [
        0.1f, 1e-7f, 3.4028235e38f, -3.4028235e38f, float.Epsilon, 1.17549435e-38f, -0f, 0.3f,
        123456.79f, 1f / 3f, 16777217f, -2.5e-39f, 6.2831855f, 1e10f, 0f, 1f,
    ];

    private static readonly float[] Amplitudes =
    [
        0.5f, 2.5e-39f, 1e-45f, 3.4028235e38f, 0.1f, 0.2f, 0.7f, 1e-7f,
        1f, 2f, 3f, 4f, 1.0000001f, 0.99999994f, 1e30f, 7f,
    ];

    private const string Source = """
        using FourierGen;

        namespace Demo;

        [FourierNetwork(1, 1, Hidden = [4])]
        [FourierFeatures(
            [0.1f, 1e-7f, 3.4028235e38f, -3.4028235e38f, float.Epsilon, 1.17549435e-38f, -0f, 0.3f,
             123456.79f, 1f / 3f, 16777217f, -2.5e-39f, 6.2831855f, 1e10f, 0f, 1f],
            [0.5f, 2.5e-39f, 1e-45f, 3.4028235e38f, 0.1f, 0.2f, 0.7f, 1e-7f,
             1f, 2f, 3f, 4f, 1.0000001f, 0.99999994f, 1e30f, 7f],
            Normalize = true)] // normalised: amplitudes of 1e38 would overflow the forward pass (FG0032)
        public partial class Net;

        [FourierNetwork(1, 1, Hidden = [4], WeightStd = 0.1, BiasStd = 1e-3)]
        [PositionalEncoding(8, 0.1f)]
        public partial class Positional;

        [FourierNetwork(1, 1, Hidden = [4])]
        [PowerLawFeatures(8, 0.75f)]
        public partial class PowerLaw;

        public static class Probe
        {
            public static float[] Frequencies() => new Net().Frequencies.ToArray();

            public static float[] Amplitudes() => new Net().Amplitudes.ToArray();
        }
        """;

    public static TheoryData<string> Cultures => ["de-DE", "hostile"];

    [Theory]
    [MemberData(nameof(Cultures))]
    public void LiteralsRoundTripUnderAnyCulture(string cultureName)
    {
        GeneratorRun run = WithCulture(Culture(cultureName), () => GeneratorHarness.RunClean(Source));
        string net = run.SourceFor("Demo.Net");

        // Invariant "R" literals: a point, an ASCII minus, an 'E' exponent; never the culture's comma or U+2212.
        Assert.Contains("[0.1f, 1E-07f, 3.4028235E+38f, -3.4028235E+38f, 1E-45f,", net);
        Assert.Contains("[0.5f, 2.5E-39f, 1E-45f, 3.4028235E+38f, 0.1f,", net);
        Assert.Contains("MappingPlan.Positional(8, 0.1f,", run.SourceFor("Demo.Positional"));
        Assert.Contains("MappingPlan.PowerLaw(8, 0.75f,", run.SourceFor("Demo.PowerLaw"));
        Assert.All(run.GeneratedSources, s => Assert.DoesNotContain("\u2212", s.SourceText.ToString()));

        // The same text as under the invariant culture.
        GeneratorRun invariant = WithCulture(CultureInfo.InvariantCulture, () => GeneratorHarness.RunClean(Source));
        Assert.Equal(
            invariant.GeneratedSources.Select(s => s.SourceText.ToString()),
            run.GeneratedSources.Select(s => s.SourceText.ToString()));

        // Compile, load and run: B and a read back bit for bit.
        (float[] frequencies, float[] amplitudes) = RunProbe(run.OutputCompilation);
        AssertSameBits(Frequencies, frequencies);
        AssertSameBits(Amplitudes, amplitudes);
    }

    private static void AssertSameBits(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"[{i}]: expected {expected[i].ToString("R", CultureInfo.InvariantCulture)} (0x{BitConverter.SingleToInt32Bits(expected[i]):X8}), " +
                $"got {actual[i].ToString("R", CultureInfo.InvariantCulture)} (0x{BitConverter.SingleToInt32Bits(actual[i]):X8})");
        }
    }

    private static (float[] Frequencies, float[] Amplitudes) RunProbe(Compilation compilation)
    {
        using var image = new MemoryStream();
        EmitResult emitted = compilation.Emit(image);
        Assert.True(emitted.Success, GeneratorRun.Describe(emitted.Diagnostics));
        image.Position = 0;

        // Collectible, so the compiled test assembly does not stay loaded; FourierGen.dll resolves from the default context.
        var context = new AssemblyLoadContext("NumberLiteralTests", isCollectible: true);
        try
        {
            Assembly assembly = context.LoadFromStream(image);
            Type probe = assembly.GetType("Demo.Probe", throwOnError: true)!;
            float[] frequencies = (float[])probe.GetMethod("Frequencies")!.Invoke(null, null)!;
            float[] amplitudes = (float[])probe.GetMethod("Amplitudes")!.Invoke(null, null)!;
            return (frequencies, amplitudes);
        }
        finally
        {
            context.Unload();
        }
    }


    /// <summary>de-DE (decimal comma), or a culture as unlike the invariant one as number formatting allows.</summary>
    private static CultureInfo Culture(string name)
    {
        if (name != "hostile")
        {
            return new CultureInfo(name);
        }

        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.PositiveSign = "\u002B\u200E";
        culture.NumberFormat.PositiveInfinitySymbol = "\u221E";
        culture.NumberFormat.NaNSymbol = "nicht eine Zahl";
        return culture;
    }

    private static T WithCulture<T>(CultureInfo culture, Func<T> action)
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo previousUi = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }
}
