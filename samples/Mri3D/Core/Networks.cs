using FourierGen;

namespace Mri3D;

// The paper's MRI network (its 3d_MRI notebook): 3-D voxel coordinate → mapping → 3 × 256 ReLU → 1 through a sigmoid,
// initialised as jax stax does. One type per mapping shape; σ is data (the constructor's frequencyScale).

/// <summary>No mapping: raw voxel coordinates in [0, 1)³.</summary>
[FourierNetwork(3, 1, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
public partial class RawMriNet;

/// <summary>γ(v) = [cos 2πv, sin 2πv].</summary>
[FourierNetwork(3, 1, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
[BasicFeatures]
public partial class BasicMriNet;

/// <summary>Positional encoding, 85 frequencies per axis (the notebook's embedding size 256 / 3), b_j = 2^(σp·j/84) − 1.</summary>
[FourierNetwork(3, 1, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
[PositionalEncoding(85, 4f)]
public partial class PositionalMriNet;

/// <summary>Gaussian features: 256 frequencies, B_ij = σ·N(0, 1).</summary>
[FourierNetwork(3, 1, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid, Initialization = Initialization.JaxStax)]
[GaussianFeatures(256, 5f)]
public partial class GaussianMriNet;
