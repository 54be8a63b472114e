namespace FourierGen;

/// <summary>An element-wise activation function.</summary>
public enum Activation
{
    /// <summary>ReLU, max(0, x). The hidden activation with an analytic (arc-cosine) kernel.</summary>
    Relu = 0,

    /// <summary>The identity, x.</summary>
    Identity = 1,

    /// <summary>The logistic sigmoid, 1 / (1 + e^−x).</summary>
    Sigmoid = 2,

    /// <summary>The hyperbolic tangent.</summary>
    Tanh = 3,
}

/// <summary>How a dense layer's parameters are scaled, as neural-tangents defines it.</summary>
public enum Parameterization
{
    /// <summary>W ~ N(0, σ_w²/n_in), b ~ N(0, σ_b²); the forward pass is y = Wx + b.</summary>
    Standard = 0,

    /// <summary>W, b ~ N(0, 1); the forward pass is y = (σ_w/√n_in)·Wx + σ_b·b.</summary>
    Ntk = 1,
}

/// <summary>How the trainable parameters are initialised.</summary>
public enum Initialization
{
    /// <summary>The parameterisation's own: see <see cref="Parameterization"/>.</summary>
    Default = 0,

    /// <summary>The paper's (jax.example_libraries.stax): Glorot-normal W and b ~ N(0, 0.01²).</summary>
    JaxStax = 1,

    /// <summary>PyTorch nn.Linear's default: W, b ~ U(−1/√n_in, 1/√n_in).</summary>
    PyTorch = 2,
}

/// <summary>The distribution of the entries of a random frequency matrix B (the paper's Table 2).</summary>
public enum FrequencyDistribution
{
    /// <summary>B_ij = σ·N(0, 1).</summary>
    Gaussian = 0,

    /// <summary>B_ij = σ·U[0, 1).</summary>
    Uniform = 1,

    /// <summary>B_ij = σ^U[0, 1).</summary>
    UniformLog = 2,

    /// <summary>B_ij = σ·Laplace(0, 1).</summary>
    Laplace = 3,
}
