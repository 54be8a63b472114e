using FourierGen;

namespace ImageRegression;

// The paper's image network (Tancik et al. 2020, §6): 2-D coordinate → mapping → 3 × 256 ReLU → RGB
// through a sigmoid, initialised as the paper's jax stax code does. One type per mapping *shape*:
// the scale σ is data, passed to the constructor's frequencyScale, so one type serves gauss:1,
// gauss:10 and gauss:100, and one serves every posenc:σ.

/// <summary>No mapping: the raw coordinates feed the first layer.</summary>
[FourierNetwork(2, 3, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
public partial class RawImageNet;

/// <summary>The basic mapping γ(v) = [cos 2πv, sin 2πv].</summary>
[FourierNetwork(2, 3, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
[BasicFeatures]
public partial class BasicImageNet;

/// <summary>Positional encoding, 128 frequencies per axis (256 in all, as the paper's 256), b_j = 2^(σ_p·j/127) − 1.</summary>
[FourierNetwork(2, 3, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
[PositionalEncoding(128, 6f)]
public partial class PositionalImageNet;

/// <summary>Gaussian features: 256 frequencies, B_ij = σ·N(0, 1).</summary>
[FourierNetwork(2, 3, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
[GaussianFeatures(256, 10f)]
public partial class GaussianImageNet;

/// <summary>
/// A network small enough for real-time per-pixel inference: 64 Gaussian frequencies, 2 × 64 hidden. Exactly the
/// declaration samples/RealtimeInference bakes (its weight file's fingerprint must match).
/// </summary>
[FourierNetwork(2, 3, Hidden = [64, 64], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
[GaussianFeatures(64, 10f)]
public partial class SmallGaussianImageNet;
