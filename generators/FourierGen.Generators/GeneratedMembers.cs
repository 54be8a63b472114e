using System.Collections.Generic;
using FourierGen.Generators.Model;

namespace FourierGen.Generators;

/// <summary>
/// The names the emitter declares on a network type, so the parser can report a user's member of the same name
/// (FG0028) instead of letting the generated part fail to compile. <c>GeneratedMembersTests</c> compares this list with
/// what the emitter actually writes.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>
    /// The file-local class in FourierGen.Generated that every generated file declares to hold its network's plan; the
    /// parser reports a network whose outermost type has this full name (FG0035).
    /// </summary>
    public const string PlanClass = "Plan";

    private static readonly string[] s_always =
    [
        "InputSize", "FrequencyCount", "FeatureSize", "OutputSize", "ParameterCount", "Fingerprint", "__core",
        "Seed", "Frequencies", "Amplitudes", "Parameters", "SetParameters", "Encode", "EncodeBatch", "Predict", "PredictBatch", "CreateTrainer", "EmpiricalNtk",
        "Save", "SaveAsync", "Load", "LoadAsync", "TryLoad",
    ];

    private static readonly string[] s_kernels = ["Nngp", "Ntk", "NngpMatrix", "NtkMatrix"];

    private static readonly string[] s_stationaryKernels = ["KernelOfDifference", "NngpOfDifference"];

    /// <summary>
    /// The member names generated for a declaration that has <paramref name="analytic"/> kernels, a mapping and a Weights file
    /// as given; a struct also gets the property that checks for a core (its default value has none).
    /// </summary>
    public static IEnumerable<string> Names(bool analytic, bool hasMapping, bool baked, bool isStruct = false)
    {
        if (isStruct)
        {
            yield return "__checkedCore";
        }

        foreach (string name in s_always)
        {
            yield return name;
        }

        if (analytic)
        {
            foreach (string name in s_kernels)
            {
                yield return name;
            }

            if (hasMapping)
            {
                foreach (string name in s_stationaryKernels)
                {
                    yield return name;
                }
            }
        }

        if (baked)
        {
            yield return "Baked";
        }
    }

    /// <summary>The names for a parsed declaration.</summary>
    public static IEnumerable<string> Of(NetworkSpec spec) =>
        Names(spec.HasAnalyticKernel, spec.Mapping.Kind != CompilerServices.MappingKind.None, spec.Weights is not null, IsStruct(spec.Type));

    /// <summary>True for a <c>struct</c> or <c>record struct</c> network (it gets a generated parameterless constructor).</summary>
    public static bool IsStruct(TypeSpec type) => type.Keyword.EndsWith("struct", System.StringComparison.Ordinal);
}
