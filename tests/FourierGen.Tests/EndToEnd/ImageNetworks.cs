namespace FourierGen.Tests.EndToEnd;

// The paper's image network (3 × 256 ReLU, sigmoid RGB) on each mapping of its Table 1.
[FourierNetwork(2, 3, OutputActivation = Activation.Sigmoid)]
public partial class NoMappingImageNet;

[FourierNetwork(2, 3, OutputActivation = Activation.Sigmoid)]
[BasicFeatures]
public partial class BasicImageNet;

[FourierNetwork(2, 3, OutputActivation = Activation.Sigmoid)]
[PositionalEncoding(128, 6f)]
public partial class PositionalImageNet;

[FourierNetwork(2, 3, OutputActivation = Activation.Sigmoid)]
[GaussianFeatures(256, 10f)]
public partial class GaussianImageNet;
