using FourierGen;

namespace SpectralBias1D;

// Sizes are the type; values are data. The power-law exponent p is part of the mapping's
// declaration (a_j = j^−p), so each p is its own one-line type. Every network here is the paper's
// `Standard` parameterisation with σ_w = 1, σ_b = 0 and bias parameters (neural-tangents'
// stax.Dense(parameterization='standard') defaults), ReLU hidden layers, identity output.

// ---- powerlaw (Fig. 3) and spectrum (Fig. 2): the paper's 4 × 1024 network ----------------------
[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
public partial class NoMapping1024;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[BasicFeatures]
public partial class Basic1024;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 0f, Normalize = true)]
public partial class PowerLawP0W1024;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 0.5f, Normalize = true)]
public partial class PowerLawP05W1024;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 1f, Normalize = true)]
public partial class PowerLawP1W1024;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 1.5f, Normalize = true)]
public partial class PowerLawP15W1024;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 2f, Normalize = true)]
public partial class PowerLawP2W1024;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, float.PositiveInfinity, Normalize = true)]
public partial class PowerLawPInfW1024;

// ---- powerlaw --quick: the same mappings on a 4 × 512 network ----------------------------------
[FourierNetwork(1, 1, Hidden = [512, 512, 512], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
public partial class NoMapping512;

[FourierNetwork(1, 1, Hidden = [512, 512, 512], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 0f, Normalize = true)]
public partial class PowerLawP0W512;

[FourierNetwork(1, 1, Hidden = [512, 512, 512], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 0.5f, Normalize = true)]
public partial class PowerLawP05W512;

[FourierNetwork(1, 1, Hidden = [512, 512, 512], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 1f, Normalize = true)]
public partial class PowerLawP1W512;

[FourierNetwork(1, 1, Hidden = [512, 512, 512], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 1.5f, Normalize = true)]
public partial class PowerLawP15W512;

[FourierNetwork(1, 1, Hidden = [512, 512, 512], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, 2f, Normalize = true)]
public partial class PowerLawP2W512;

[FourierNetwork(1, 1, Hidden = [512, 512, 512], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[PowerLawFeatures(16, float.PositiveInfinity, Normalize = true)]
public partial class PowerLawPInfW512;

// ---- sampling (Fig. 4): 16 random frequencies, one type per distribution; σ is data (frequencyScale) ----
[FourierNetwork(1, 1, Hidden = [256, 256, 256], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[RandomFeatures(FrequencyDistribution.Gaussian, 16, 1f)]
public partial class GaussianW256;

[FourierNetwork(1, 1, Hidden = [256, 256, 256], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[RandomFeatures(FrequencyDistribution.Uniform, 16, 1f)]
public partial class UniformW256;

[FourierNetwork(1, 1, Hidden = [256, 256, 256], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[RandomFeatures(FrequencyDistribution.UniformLog, 16, 1f)]
public partial class UniformLogW256;

[FourierNetwork(1, 1, Hidden = [256, 256, 256], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[RandomFeatures(FrequencyDistribution.Laplace, 16, 1f)]
public partial class LaplaceW256;

// ---- sampling --quick: a 4 × 64 network -------------------------------------------------------------
[FourierNetwork(1, 1, Hidden = [64, 64, 64], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[RandomFeatures(FrequencyDistribution.Gaussian, 16, 1f)]
public partial class GaussianW64;

[FourierNetwork(1, 1, Hidden = [64, 64, 64], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[RandomFeatures(FrequencyDistribution.Uniform, 16, 1f)]
public partial class UniformW64;

[FourierNetwork(1, 1, Hidden = [64, 64, 64], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[RandomFeatures(FrequencyDistribution.UniformLog, 16, 1f)]
public partial class UniformLogW64;

[FourierNetwork(1, 1, Hidden = [64, 64, 64], Parameterization = Parameterization.Standard, WeightStd = 1.0, BiasStd = 0.0)]
[RandomFeatures(FrequencyDistribution.Laplace, 16, 1f)]
public partial class LaplaceW64;
