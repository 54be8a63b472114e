namespace FourierGen.Tests.Training;

[FourierNetwork(2, 3, Hidden = [512, 256], WeightStd = 1.5, BiasStd = 0.25)]
[GaussianFeatures(128, 10f)]
public partial class StandardInitNet;

[FourierNetwork(2, 3, Hidden = [512, 256], Parameterization = Parameterization.Ntk, WeightStd = 1.5, BiasStd = 0.25)]
[GaussianFeatures(128, 10f)]
public partial class NtkInitNet;

[FourierNetwork(2, 3, Hidden = [512, 256], Initialization = Initialization.JaxStax)]
[GaussianFeatures(128, 10f)]
public partial class JaxInitNet;

[FourierNetwork(2, 3, Hidden = [512, 256], Initialization = Initialization.PyTorch)]
[GaussianFeatures(128, 10f)]
public partial class TorchInitNet;

[FourierNetwork(2, 3, Hidden = [512, 256], Bias = false)]
[GaussianFeatures(128, 10f)]
public partial class NoBiasNet;
