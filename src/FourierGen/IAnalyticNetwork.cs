namespace FourierGen;

/// <summary>
/// A network whose hidden activation has a closed-form infinite-width kernel (ReLU, identity), without its type:
/// its analytic NNGP and NTK on its own feature mapping, in float64, as neural-tangents defines them. They depend
/// on the declaration and on B and a, not on the trained parameters.
/// </summary>
public interface IAnalyticNetwork : IFourierNetwork
{
    /// <summary>The NNGP K(x₁, x₂) of the infinitely wide network.</summary>
    /// <param name="x1">InputSize values.</param>
    /// <param name="x2">InputSize values.</param>
    /// <returns>K(x₁, x₂).</returns>
    /// <exception cref="ArgumentException">An input has the wrong length or holds NaN or ∞.</exception>
    double Nngp(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2);

    /// <summary>The NTK Θ(x₁, x₂) of the infinitely wide network.</summary>
    /// <param name="x1">InputSize values.</param>
    /// <param name="x2">InputSize values.</param>
    /// <returns>Θ(x₁, x₂).</returns>
    /// <exception cref="ArgumentException">An input has the wrong length or holds NaN or ∞.</exception>
    double Ntk(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2);

    /// <summary>The NNGP between every row of <paramref name="xs1"/> and of <paramref name="xs2"/>.</summary>
    /// <param name="xs1">n₁ × InputSize values, row-major.</param>
    /// <param name="xs2">n₂ × InputSize values, row-major.</param>
    /// <param name="k">At least n₁ × n₂ values: receives K row-major.</param>
    /// <exception cref="ArgumentException">The inputs are not whole rows or hold NaN or ∞, or <paramref name="k"/> is too short.</exception>
    void NngpMatrix(ReadOnlySpan<float> xs1, ReadOnlySpan<float> xs2, Span<double> k);

    /// <summary>The NTK between every row of <paramref name="xs1"/> and of <paramref name="xs2"/>.</summary>
    /// <param name="xs1">n₁ × InputSize values, row-major.</param>
    /// <param name="xs2">n₂ × InputSize values, row-major.</param>
    /// <param name="k">At least n₁ × n₂ values: receives Θ row-major.</param>
    /// <exception cref="ArgumentException">The inputs are not whole rows or hold NaN or ∞, or <paramref name="k"/> is too short.</exception>
    void NtkMatrix(ReadOnlySpan<float> xs1, ReadOnlySpan<float> xs2, Span<double> k);

    /// <summary>The NNGP between every row of <paramref name="xs1"/> and of <paramref name="xs2"/>, cancellable, with progress (O(n₁n₂) work).</summary>
    /// <param name="xs1">n₁ × InputSize values, row-major.</param>
    /// <param name="xs2">n₂ × InputSize values, row-major.</param>
    /// <param name="k">At least n₁ × n₂ values: receives K row-major.</param>
    /// <param name="progress">Told the fraction of tiles done (0..1), at most once per percent, possibly from worker threads; or null.</param>
    /// <param name="cancellationToken">Checked between tiles.</param>
    /// <exception cref="ArgumentException">The inputs are not whole rows or hold NaN or ∞, or <paramref name="k"/> is too short.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled (<paramref name="k"/> is then partly written).</exception>
    void NngpMatrix(ReadOnlySpan<float> xs1, ReadOnlySpan<float> xs2, Span<double> k, IProgress<double>? progress, CancellationToken cancellationToken);

    /// <summary>The NTK between every row of <paramref name="xs1"/> and of <paramref name="xs2"/>, cancellable, with progress (O(n₁n₂) work).</summary>
    /// <param name="xs1">n₁ × InputSize values, row-major.</param>
    /// <param name="xs2">n₂ × InputSize values, row-major.</param>
    /// <param name="k">At least n₁ × n₂ values: receives Θ row-major.</param>
    /// <param name="progress">Told the fraction of tiles done (0..1), at most once per percent, possibly from worker threads; or null.</param>
    /// <param name="cancellationToken">Checked between tiles.</param>
    /// <exception cref="ArgumentException">The inputs are not whole rows or hold NaN or ∞, or <paramref name="k"/> is too short.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled (<paramref name="k"/> is then partly written).</exception>
    void NtkMatrix(ReadOnlySpan<float> xs1, ReadOnlySpan<float> xs2, Span<double> k, IProgress<double>? progress, CancellationToken cancellationToken);
}

/// <summary>
/// A generated network type whose hidden activation has a closed-form infinite-width kernel (ReLU, identity):
/// <see cref="IAnalyticNetwork"/> with the static sizes of <see cref="IFourierNetwork{TSelf}"/>.
/// </summary>
/// <typeparam name="TSelf">The generated network type.</typeparam>
public interface IAnalyticNetwork<TSelf> : IFourierNetwork<TSelf>, IAnalyticNetwork
    where TSelf : IAnalyticNetwork<TSelf>
{
}
