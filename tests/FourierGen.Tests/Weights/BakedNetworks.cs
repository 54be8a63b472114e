namespace FourierGen.Tests.Weights;

/// <summary>Data/baked-small.fgw baked into the assembly.</summary>
[FourierNetwork(2, 3, Hidden = [32, 32], OutputActivation = Activation.Sigmoid, Weights = "Data/baked-small.fgw")]
[GaussianFeatures(16, 10f)]
public partial class BakedSmallNet;

/// <summary>The same declaration without baking: loads the same file at run time.</summary>
[FourierNetwork(2, 3, Hidden = [32, 32], OutputActivation = Activation.Sigmoid)]
[GaussianFeatures(16, 10f)]
public partial class LoadedSmallNet;

/// <summary>Another declaration (wider): must not load the small network's file.</summary>
[FourierNetwork(2, 3, Hidden = [33, 32], OutputActivation = Activation.Sigmoid)]
[GaussianFeatures(16, 10f)]
public partial class OtherSmallNet;
