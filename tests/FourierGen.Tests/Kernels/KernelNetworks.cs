namespace FourierGen.Tests.Kernels;

// The architectures of shared/reference/ntk-cases.json, declared as users declare networks.
[FourierNetwork(2, 1, Hidden = [512, 512], Parameterization = Parameterization.Ntk, WeightStd = 1.5, BiasStd = 0.05000000074505806)]
public partial class RawNtkCaseNet;

[FourierNetwork(2, 1, Hidden = [512, 512], Parameterization = Parameterization.Standard, WeightStd = 1.5, BiasStd = 0.05000000074505806)]
public partial class RawStandardCaseNet;

[FourierNetwork(2, 1, Hidden = [256, 256, 256], Parameterization = Parameterization.Ntk, WeightStd = 1.4142135381698608, BiasStd = 0.7071067690849304)]
[GaussianFeatures(16, 10f)]
public partial class GaussNtkCaseNet;

[FourierNetwork(2, 1, Hidden = [256, 256, 256], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[GaussianFeatures(16, 10f)]
public partial class GaussStandardCaseNet;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 1f, Normalize = true)]
public partial class PowerLawOneCaseNet;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 0f, Normalize = true)]
public partial class PowerLawZeroCaseNet;

/// <summary>Wide, NTK-parameterised: its empirical NTK approaches the analytic one.</summary>
[FourierNetwork(2, 1, Hidden = [2048, 2048], Parameterization = Parameterization.Ntk, WeightStd = 1.4142135623730951, BiasStd = 0.1)]
[GaussianFeatures(16, 2f)]
public partial class WideNtkNet;

/// <summary>A small analytic network for the kernel calls' cancellation and progress.</summary>
[FourierNetwork(2, 1, Hidden = [64])]
[GaussianFeatures(32, 3f)]
public partial class KernelMlpNet;
