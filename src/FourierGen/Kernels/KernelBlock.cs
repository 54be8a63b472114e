namespace FourierGen.Kernels;

/// <summary>
/// A kernel evaluated as a block: k[i, j] = K(points1 row i, points2 row j), row-major |points1| × |points2|, the
/// points row-major with the network's input size per row. A generated network's <c>NtkMatrix</c> and
/// <c>NngpMatrix</c> are such blocks (pass the method group); the matrix-free solvers call it on tiles so that
/// no n × n matrix is ever held.
/// </summary>
/// <param name="points1">The first points, row-major.</param>
/// <param name="points2">The second points, row-major.</param>
/// <param name="block">The destination, row-major |points1| × |points2|.</param>
public delegate void KernelBlock(ReadOnlySpan<float> points1, ReadOnlySpan<float> points2, Span<double> block);

/// <summary>Which analytic kernel of a network a solver uses.</summary>
public enum AnalyticKernelKind
{
    /// <summary>The neural tangent kernel Θ: the network trained by gradient descent.</summary>
    Ntk = 0,

    /// <summary>The NNGP kernel K: the infinitely wide network as a Gaussian process (Bayesian inference).</summary>
    Nngp = 1,
}

/// <summary>The analytic kernels of generated networks as <see cref="KernelBlock"/>s, with the checks the structured solvers need.</summary>
public static class NetworkKernels
{
    /// <summary>The network's NTK or NNGP as a block kernel (any mapping, raw inputs included).</summary>
    /// <typeparam name="TNet">A generated network type with analytic kernels.</typeparam>
    /// <param name="network">The network (its B and a define the kernel; its trained parameters do not matter).</param>
    /// <param name="kind">Which kernel.</param>
    /// <returns>The kernel.</returns>
    /// <exception cref="ArgumentNullException">The network is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The kind is unknown.</exception>
    public static KernelBlock Block<TNet>(TNet network, AnalyticKernelKind kind = AnalyticKernelKind.Ntk)
        where TNet : IAnalyticNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(network);
        return kind switch
        {
            AnalyticKernelKind.Ntk => network.NtkMatrix,
            AnalyticKernelKind.Nngp => network.NngpMatrix,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Ntk or Nngp."),
        };
    }

    /// <summary>
    /// The network's kernel as a block kernel that is stationary, K(v, v′) = h(v − v′): true exactly when the
    /// network's mapping is a Fourier mapping, γ(v) = [a cos 2πBv, a sin 2πBv], whose dot products and norms depend on
    /// v − v′ alone.
    /// </summary>
    /// <exception cref="ArgumentException">The network takes raw inputs (no Fourier mapping): its kernel is not stationary.</exception>
    /// <typeparam name="TNet">A generated network type with analytic kernels.</typeparam>
    /// <param name="network">The network (its B and a define the kernel).</param>
    /// <param name="kind">Which kernel.</param>
    /// <returns>The kernel.</returns>
    public static KernelBlock StationaryBlock<TNet>(TNet network, AnalyticKernelKind kind = AnalyticKernelKind.Ntk)
        where TNet : IAnalyticNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Frequencies.IsEmpty)
        {
            throw new ArgumentException(
                $"{typeof(TNet).Name} takes raw inputs (no Fourier feature mapping), so its {kind} depends on the points themselves, "
                + "not only on their difference: it is not stationary and has no grid (Toeplitz) structure. "
                + "Use MatrixFreeKernelRegression (any points, O(n²) time) or KernelRegression (dense) instead.",
                nameof(network));
        }

        return Block(network, kind);
    }
}
