using FourierGen;

namespace ShapeOccupancy;

// The paper's occupancy network (its 3d_shape_occupancy notebook): 3-D point → mapping → 7 × 256 ReLU → 1 logit (8 dense
// layers), trained with binary cross-entropy on the logit. Every Fourier mapping is divided by ‖a‖ (the notebook's
// input_encoder), so ‖γ(v)‖ = 1. One type per mapping shape; σ is data (the constructor's frequencyScale).

/// <summary>No mapping: the sample feeds 2v − 1 ∈ [−1, 1]³, as the notebook does.</summary>
[FourierNetwork(3, 1, Hidden = [256, 256, 256, 256, 256, 256, 256], Initialization = Initialization.JaxStax)]
public partial class RawOccupancyNet;

/// <summary>γ(v) = [cos 2πv, sin 2πv]/√3.</summary>
[FourierNetwork(3, 1, Hidden = [256, 256, 256, 256, 256, 256, 256], Initialization = Initialization.JaxStax)]
[BasicFeatures(Normalize = true)]
public partial class BasicOccupancyNet;

/// <summary>Positional encoding, 85 frequencies per axis (the notebook's 256 // 3), b_j = 2^(σp·j/84) − 1, normalised.</summary>
[FourierNetwork(3, 1, Hidden = [256, 256, 256, 256, 256, 256, 256], Initialization = Initialization.JaxStax)]
[PositionalEncoding(85, 6f, Normalize = true)]
public partial class PositionalOccupancyNet;

/// <summary>Gaussian features: 256 frequencies, B_ij = σ·N(0, 1), normalised.</summary>
[FourierNetwork(3, 1, Hidden = [256, 256, 256, 256, 256, 256, 256], Initialization = Initialization.JaxStax)]
[GaussianFeatures(256, 12f, Normalize = true)]
public partial class GaussianOccupancyNet;
