using FourierGen;

namespace RealtimeInference;

/// <summary>
/// A coordinate network that has learned an image: (x, y) in [0, 1)² → RGB. Its weights are baked from
/// small-gauss-4.fgw at compile time (see README.md for the command that trained it), so the binary reads no
/// file at run time. The declaration must be exactly the one that saved the file (FG0026 otherwise).
/// </summary>
[FourierNetwork(2, 3, Hidden = [64, 64], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax, Weights = "small-gauss-4.fgw")]
[GaussianFeatures(64, 10f)] // σ = 10 is only the default: the baked file carries the B it was trained with (σ = 4)
public partial class LearnedImage;
