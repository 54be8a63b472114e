namespace FourierGen.Tests.Training;

// Small networks for gradient checks: every output activation in both parameterisations.
[FourierNetwork(2, 2, Hidden = [9, 6])]
[GaussianFeatures(5, 2f)]
public partial class GradIdentityStandard;

[FourierNetwork(2, 2, Hidden = [9, 6], OutputActivation = Activation.Sigmoid)]
[GaussianFeatures(5, 2f)]
public partial class GradSigmoidStandard;

[FourierNetwork(2, 2, Hidden = [9, 6], OutputActivation = Activation.Tanh)]
[GaussianFeatures(5, 2f)]
public partial class GradTanhStandard;

[FourierNetwork(2, 2, Hidden = [9, 6], Parameterization = Parameterization.Ntk, WeightStd = 1.5, BiasStd = 0.3)]
[GaussianFeatures(5, 2f)]
public partial class GradIdentityNtk;

[FourierNetwork(2, 2, Hidden = [9, 6], OutputActivation = Activation.Sigmoid, Parameterization = Parameterization.Ntk, WeightStd = 1.5, BiasStd = 0.3)]
[GaussianFeatures(5, 2f)]
public partial class GradSigmoidNtk;

[FourierNetwork(2, 2, Hidden = [9, 6], OutputActivation = Activation.Tanh, Parameterization = Parameterization.Ntk, WeightStd = 1.5, BiasStd = 0.3)]
[GaussianFeatures(5, 2f)]
public partial class GradTanhNtk;

[FourierNetwork(3, 1, Hidden = [7], Bias = false)]
public partial class GradRawNoBias;

// The peer-trajectory cases of shared/reference (architectures as their descriptions state).
[FourierNetwork(3, 1, Hidden = [32, 32])]
public partial class BceReferenceNet;

[FourierNetwork(1, 1, Hidden = [64, 64])]
[PowerLawFeatures(16, 1f, Normalize = true)]
public partial class HalfSumReferenceNet;

[FourierNetwork(2, 3, Hidden = [32, 32], OutputActivation = Activation.Sigmoid)]
[GaussianFeatures(8, 10f)]
public partial class MseSigmoidReferenceNet;

// A network wide enough that batches span several chunks and layers take the tiled kernels.
[FourierNetwork(2, 3, Hidden = [64, 48], OutputActivation = Activation.Sigmoid)]
[GaussianFeatures(40, 6f)]
public partial class MediumNet;
