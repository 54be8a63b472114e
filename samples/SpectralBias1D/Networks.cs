using FourierGen;

namespace SpectralBias1D;

// Sizes are the type; values are data. One declaration per network size: the power-law exponent p goes to the
// constructor as the amplitudes a_j = j^−p, the distribution and σ of the random frequencies as B itself. Every
// network here is the paper's `Standard` parameterisation with σ_w = 1, σ_b = 0 and bias parameters
// (neural-tangents' stax.Dense(parameterization='standard') defaults), ReLU hidden layers, identity output.

// ---- powerlaw (Fig. 3) and spectrum (Fig. 2): the paper's 4 × 1024 network; --quick: 4 × 512 ---------
[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
public partial class NoMapping1024;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[BasicFeatures]
public partial class Basic1024;

/// <summary>b_j = j, j = 1..16; the declared p = 0 is the default amplitudes, the experiments pass theirs.</summary>
[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 0f, Normalize = true)]
public partial class PowerLaw1024;

[FourierNetwork(1, 1, Hidden = [512, 512, 512], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
public partial class NoMapping512;

[FourierNetwork(1, 1, Hidden = [512, 512, 512], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 0f, Normalize = true)]
public partial class PowerLaw512;

// ---- sampling (Fig. 4): 16 random frequencies on a 4 × 256 network; --quick: 4 × 64 ------------------------
[FourierNetwork(1, 1, Hidden = [256, 256, 256], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[RandomFeatures(FrequencyDistribution.Gaussian, 16, 1f)]
public partial class Random256;

[FourierNetwork(1, 1, Hidden = [64, 64, 64], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[RandomFeatures(FrequencyDistribution.Gaussian, 16, 1f)]
public partial class Random64;
