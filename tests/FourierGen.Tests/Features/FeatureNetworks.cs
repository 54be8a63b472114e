namespace FourierGen.Tests.Features;

// Networks declared the way users declare them; the generator completes them at build time.
// Sizes are chosen to hit both encoder paths: multiples of 8 (whole vector blocks), others
// (an overlapping last block), fewer than 8 (scalar), and more than 64 blocks (a loop).

[FourierNetwork(2, 1, Hidden = [8])]
public partial class RawNet;

[FourierNetwork(3, 1, Hidden = [8])]
[BasicFeatures]
public partial class BasicNet;

[FourierNetwork(2, 1, Hidden = [8])]
[PositionalEncoding(10, 6f)]
public partial class PositionalNet;

/// <summary>The consumer example of the foundation issue: the paper's image network.</summary>
[FourierNetwork(2, 3, Hidden = [256, 256, 256])]
[GaussianFeatures(256, 10f)]
public partial class PaperImageNet;

[FourierNetwork(3, 2, Hidden = [8])]
[GaussianFeatures(13, 100f, Seed = 7, Normalize = true)]
public partial class WideScaleNet;

[FourierNetwork(2, 1, Hidden = [8])]
[GaussianFeatures(1024, 10f)]
public partial class LoopedGaussianNet;

[FourierNetwork(1, 1, Hidden = [8])]
[RandomFeatures(FrequencyDistribution.Gaussian, 4096, 3f)]
public partial class GaussianMomentsNet;

[FourierNetwork(1, 1, Hidden = [8])]
[RandomFeatures(FrequencyDistribution.Uniform, 4096, 3f)]
public partial class UniformMomentsNet;

[FourierNetwork(1, 1, Hidden = [8])]
[RandomFeatures(FrequencyDistribution.UniformLog, 4096, 3f)]
public partial class UniformLogMomentsNet;

[FourierNetwork(1, 1, Hidden = [8])]
[RandomFeatures(FrequencyDistribution.Laplace, 4096, 3f)]
public partial class LaplaceMomentsNet;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024])]
[PowerLawFeatures(16, 1f, Normalize = true)]
public partial class PowerLawNet;

[FourierNetwork(1, 1, Hidden = [1024, 1024, 1024])]
[PowerLawFeatures(16, 0f, Normalize = true)]
public partial class FlatPowerLawNet;

[FourierNetwork(1, 1, Hidden = [8])]
[PowerLawFeatures(4, float.PositiveInfinity)]
public partial class InfinitePowerLawNet;

[FourierNetwork(2, 1, Hidden = [8])]
[FourierFeatures([1f, 0f, 0f, 1f, 2.5f, -1.25f], [1f, 0.5f, 0.25f], Normalize = true)]
public partial class ExplicitNet;

[FourierNetwork(2, 1, Hidden = [256, 256, 256])]
[GaussianFeatures(16, 10f)]
public partial class SixteenGaussianNet;
