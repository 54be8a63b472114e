namespace FourierGen.Tests.Reliability;

// Networks for the runtime's reliability tests (issue 18, findings 6-10).

/// <summary>A network declared as a struct: the same members as a class network.</summary>
[FourierNetwork(2, 1, Hidden = [8])]
[GaussianFeatures(16, 3f)]
public partial struct StructNet;

/// <summary>One input, 512 features: 2²² points' features in float64 are 2³¹ values, one more than any array holds.</summary>
[FourierNetwork(1, 1, Hidden = [4])]
[GaussianFeatures(256, 1f)]
public partial class WideFeatureNet;

/// <summary>One input, 4096 outputs: 2¹⁹ rows of outputs are 2³¹ values.</summary>
[FourierNetwork(1, 4096, Hidden = [1])]
public partial class WideOutputNet;

/// <summary>Two inputs, σ = 10: large inputs make |b·v| overflow float.</summary>
[FourierNetwork(2, 2, Hidden = [16])]
[GaussianFeatures(40, 10f)]
public partial class LargeInputNet;
