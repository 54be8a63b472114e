extern alias Runtime;

using System.Globalization;
using System.Reflection;

namespace FourierGen.Generators.Tests;

/// <summary>
/// The facts the generator needs from the runtime — enums, attribute defaults, the layer plan — are one definition,
/// linked into the generator as source. These fail if either side gets its own copy and the two drift apart.
/// </summary>
public sealed class DriftTests
{
    public static TheoryData<Type, Type> Enums => new()
    {
        { typeof(Runtime::FourierGen.Activation), typeof(Activation) },
        { typeof(Runtime::FourierGen.Parameterization), typeof(Parameterization) },
        { typeof(Runtime::FourierGen.Initialization), typeof(Initialization) },
        { typeof(Runtime::FourierGen.FrequencyDistribution), typeof(FrequencyDistribution) },
    };

    [Theory]
    [MemberData(nameof(Enums))]
    public void EnumsHaveTheRuntimesNamesAndValues(Type runtime, Type generator)
    {
        Assert.Equal(typeof(FourierNetworkGenerator).Assembly, generator.Assembly);
        Assert.Equal(Members(runtime), Members(generator));
    }

    [Fact]
    public void AttributeDefaultsAreTheRuntimeAttributes()
    {
        var network = new Runtime::FourierGen.FourierNetworkAttribute(2, 3);
        Assert.Equal(AttributeDefaults.Hidden, network.Hidden);
        Assert.Equal((int)AttributeDefaults.HiddenActivation, (int)network.Activation);
        Assert.Equal((int)AttributeDefaults.OutputActivation, (int)network.OutputActivation);
        Assert.Equal((int)AttributeDefaults.Parameterization, (int)network.Parameterization);
        Assert.Equal((int)AttributeDefaults.Initialization, (int)network.Initialization);
        Assert.Equal(AttributeDefaults.WeightStd, network.WeightStd);
        Assert.Equal(AttributeDefaults.BiasStd, network.BiasStd);
        Assert.Equal(AttributeDefaults.Bias, network.Bias);
        var gaussian = new Runtime::FourierGen.GaussianFeaturesAttribute(8, 1f);
        Assert.Equal(AttributeDefaults.Normalize, gaussian.Normalize);
        Assert.Equal(AttributeDefaults.MappingSeed, gaussian.Seed);
        Assert.Equal(AttributeDefaults.MappingSeed, new Runtime::FourierGen.RandomFeaturesAttribute(Runtime::FourierGen.FrequencyDistribution.Uniform, 8, 1f).Seed);
    }

    /// <summary>End to end: leaving every optional argument out generates what writing the runtime attributes' defaults generates.</summary>
    [Fact]
    public void OmittedArgumentsMeanTheRuntimeAttributesDefaults()
    {
        var d = new Runtime::FourierGen.FourierNetworkAttribute(2, 3);
        var g = new Runtime::FourierGen.GaussianFeaturesAttribute(8, 1f);
        string spelledOut =
            $"[FourierNetwork(2, 3, Hidden = [{string.Join(", ", d.Hidden)}], Activation = Activation.{d.Activation}, " +
            $"OutputActivation = Activation.{d.OutputActivation}, Parameterization = Parameterization.{d.Parameterization}, " +
            $"WeightStd = {d.WeightStd.ToString("R", CultureInfo.InvariantCulture)}, BiasStd = {d.BiasStd.ToString("R", CultureInfo.InvariantCulture)}, " +
            $"Bias = {(d.Bias ? "true" : "false")}, Initialization = Initialization.{d.Initialization})]\n" +
            $"[GaussianFeatures(8, 1f, Normalize = {(g.Normalize ? "true" : "false")}, Seed = {g.Seed})]";

        string omitted = GeneratorHarness.RunClean(DiagnosticTests.Net("[FourierNetwork(2, 3)]\n[GaussianFeatures(8, 1f)]")).SingleSource;
        Assert.Equal(omitted, GeneratorHarness.RunClean(DiagnosticTests.Net(spelledOut)).SingleSource);
    }

    /// <summary>The generator writes LayerPlan constructor calls for the runtime's LayerPlan: the same parameters, in the same order.</summary>
    [Fact]
    public void LayerPlanIsTheRuntimes()
    {
        static string[] Parameters(Type type) => Assert.Single(type.GetConstructors()).GetParameters()
            .Select(p => $"{p.ParameterType.Name} {p.Name}").ToArray();
        Assert.Equal(Parameters(typeof(Runtime::FourierGen.CompilerServices.LayerPlan)), Parameters(typeof(FourierGen.CompilerServices.LayerPlan)));
        Assert.Equal(typeof(FourierNetworkGenerator).Assembly, typeof(FourierGen.CompilerServices.LayerPlan).Assembly);
    }

    private static string[] Members(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => $"{f.Name}={Convert.ToInt64(f.GetRawConstantValue(), CultureInfo.InvariantCulture)}")
            .ToArray();
}
