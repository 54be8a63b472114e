using FourierGen;

namespace RealtimeInference;

/// <summary>
/// A coordinate network that has learned an image: (x, y) in [0, 1)² → RGB. Its weights are baked from
/// chelsea-small.fgw at compile time (see README.md for the command that trained it), so the binary reads no
/// file at run time. The declaration must be exactly the one that saved the file (FG0026 otherwise).
/// </summary>
[FourierNetwork(2, 3, Hidden = [64, 64], OutputActivation = Activation.Sigmoid, Weights = "chelsea-small.fgw")]
[GaussianFeatures(64, 10f)]
public partial class LearnedImage;
