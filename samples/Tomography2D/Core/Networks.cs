using FourierGen;

namespace Tomography2D;

// The paper's CT network (its 2d_CT notebook): 2-D pixel coordinate → mapping → 3 × 256 ReLU → 1 through a sigmoid,
// initialised as jax stax does. One type per mapping shape; σ is data (the constructor's frequencyScale).

/// <summary>No mapping: raw pixel coordinates in [0, 1)².</summary>
[FourierNetwork(2, 1, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
public partial class RawCtNet;

/// <summary>γ(v) = [cos 2πv, sin 2πv].</summary>
[FourierNetwork(2, 1, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
[BasicFeatures]
public partial class BasicCtNet;

/// <summary>Positional encoding, 128 frequencies per axis (the notebook's embedding size 256 / 2), b_j = 2^(σp·j/127) − 1.</summary>
[FourierNetwork(2, 1, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
[PositionalEncoding(128, 3f)]
public partial class PositionalCtNet;

/// <summary>Gaussian features: 256 frequencies, B_ij = σ·N(0, 1).</summary>
[FourierNetwork(2, 1, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
[GaussianFeatures(256, 4f)]
public partial class GaussianCtNet;
