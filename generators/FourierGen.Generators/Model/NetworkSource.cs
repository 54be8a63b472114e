namespace FourierGen.Generators.Model;

/// <summary>The bytes of one .fgw AdditionalFiles item (or why they could not be read), by path.</summary>
internal sealed record WeightFileInput(string Path, EquatableArray<byte> Bytes, string? ReadError);

/// <summary>A weight file's values, baked into the generated source.</summary>
internal sealed record BakedWeights(EquatableArray<float> Frequencies, EquatableArray<float> Amplitudes, EquatableArray<float> Parameters);

/// <summary>Why a plan could not be emitted as a network (a weight-file error, or an internal error): a diagnostic without a location.</summary>
internal sealed record PlanProblem(string DescriptorId, EquatableArray<string> MessageArguments, bool AtWeights);

/// <summary>
/// What the source output emits for one declaration: the plan with its baked weights, or — after a problem —
/// its stubs. Holds no location and no diagnostic: moving code in a file never changes it.
/// </summary>
internal sealed record NetworkSource(NetworkPlan Plan, BakedWeights? Weights, PlanProblem? Problem)
{
    /// <summary>Whether the members are emitted as stubs that throw.</summary>
    public bool IsStub => Plan.IsStub || Problem is not null;
}
