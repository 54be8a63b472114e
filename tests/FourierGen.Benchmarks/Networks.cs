namespace FourierGen.Benchmarks;

/// <summary>The paper's image-regression network: 2 → 256 Gaussian (σ = 10) → 256 → 256 → 256 → 3, sigmoid.</summary>
[FourierNetwork(2, 3, Hidden = [256, 256, 256], OutputActivation = Activation.Sigmoid)]
[GaussianFeatures(256, 10f)]
public partial class PaperNet;

/// <summary>A small network: 2 → 16 Gaussian → 64 → 64 → 1.</summary>
[FourierNetwork(2, 1, Hidden = [64, 64])]
[GaussianFeatures(16, 10f)]
public partial class SmallNet;

/// <summary>About a million parameters (1,052,163): the network GeneratorBenchmark bakes. 2 → 256 Gaussian → 4 × 512 → 3.</summary>
[FourierNetwork(2, 3, Hidden = [512, 512, 512, 512])]
[GaussianFeatures(256, 10f)]
public partial class MillionNet;
