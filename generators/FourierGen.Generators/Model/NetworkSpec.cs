namespace FourierGen.Generators.Model;

/// <summary>
/// Everything the emitter needs about one declared network: plain values only (no symbols,
/// syntax or compilation), so equal declarations give equal models and the pipeline caches.
/// </summary>
internal sealed record NetworkSpec(
    TypeSpec Type,
    int Inputs,
    int Outputs,
    EquatableArray<int> Hidden,
    ActivationKind HiddenActivation,
    ActivationKind OutputActivation,
    ParameterizationKind Parameterization,
    double WeightStd,
    double BiasStd,
    bool Bias,
    InitializationKind Initialization,
    MappingSpec Mapping,
    string? Weights = null)
{
    /// <summary>The first layer's input width: 2m for a Fourier mapping, d for raw inputs.</summary>
    public int FeatureSize => Mapping.Kind == MappingKind.None ? Inputs : 2 * Mapping.FrequencyCount(Inputs);

    /// <summary>Layer widths from features to outputs: FeatureSize, hidden..., Outputs.</summary>
    public int[] LayerWidths()
    {
        int[] widths = new int[Hidden.Count + 2];
        widths[0] = FeatureSize;
        for (int k = 0; k < Hidden.Count; k++)
        {
            widths[k + 1] = Hidden[k];
        }

        widths[widths.Length - 1] = Outputs;
        return widths;
    }

    /// <summary>Σ over dense layers of n_in·n_out (+ n_out biases).</summary>
    public long ParameterCount()
    {
        int[] widths = LayerWidths();
        long count = 0;
        for (int k = 0; k + 1 < widths.Length; k++)
        {
            count += (long)widths[k] * widths[k + 1] + (Bias ? widths[k + 1] : 0);
        }

        return count;
    }

    /// <summary>Whether the declared hidden activation has a closed-form kernel.</summary>
    public bool HasAnalyticKernel => HiddenActivation is ActivationKind.Relu or ActivationKind.Identity || Hidden.Count == 0;
}

/// <summary>Where the generated partial goes: namespace, containing types and the type itself (names as C# spells them, e.g. <c>@class</c>).</summary>
internal sealed record TypeSpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Keyword,
    string Name)
{
    /// <summary>
    /// A name for the generated file, unique per type: the dotted name, then a hash of its exact spelling,
    /// because Roslyn compares hint names ignoring case and <c>Demo.Net</c> and <c>Demo.NET</c> are two types.
    /// </summary>
    public string HintName()
    {
        var parts = new System.Collections.Generic.List<string>();
        if (Namespace is not null)
        {
            parts.Add(Namespace);
        }

        foreach (ContainingTypeSpec outer in ContainingTypes)
        {
            parts.Add(outer.Name);
        }

        parts.Add(Name);
        // '@' (of escaped keywords) is not allowed in hint names, and @class is the type class.
        string name = string.Join(".", parts).Replace("@", "");
        return $"{name}.{CaseSensitiveHash(name):x8}.FourierNetwork.g.cs";
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across runs and platforms, unlike string.GetHashCode.</summary>
    private static uint CaseSensitiveHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}

/// <summary>A type enclosing the network type (it must be partial too).</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>Mirrors <c>FourierGen.Activation</c> (values are the runtime enum's).</summary>
internal enum ActivationKind
{
    Relu = 0,
    Identity = 1,
    Sigmoid = 2,
    Tanh = 3,
}

/// <summary>Mirrors <c>FourierGen.Parameterization</c>.</summary>
internal enum ParameterizationKind
{
    Standard = 0,
    Ntk = 1,
}

/// <summary>Mirrors <c>FourierGen.Initialization</c>.</summary>
internal enum InitializationKind
{
    Default = 0,
    JaxStax = 1,
    PyTorch = 2,
}
