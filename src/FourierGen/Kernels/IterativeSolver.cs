namespace FourierGen.Kernels;

/// <summary>Settings of the iterative (matrix-free) kernel solvers.</summary>
public sealed record IterativeSolverOptions
{
    /// <summary>
    /// Relative diagonal regulariser, neural-tangents' <c>diag_reg</c> as in <see cref="KernelRegression"/>:
    /// r = DiagReg × mean of the kernel's diagonal is added to the diagonal. ≥ 0.
    /// </summary>
    public double DiagReg { get; init; }

    /// <summary>Stop when ‖y − (K + rI)α‖ ≤ Tolerance·‖y‖ for every output (conjugate gradients), or when the Lanczos
    /// approximation changes by less than Tolerance relative between checks. In (0, 1).</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>The most iterations per output before giving up with <see cref="SolverNotConvergedException"/>.</summary>
    public int MaxIterations { get; init; } = 10_000;

    internal void Validate()
    {
        KernelRegression.CheckDiagReg(DiagReg);
        if (!(Tolerance > 0 && Tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "The tolerance must be in (0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxIterations, nameof(MaxIterations));
    }
}

/// <summary>A progress report of an iterative solve, sent after every iteration.</summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="RelativeResidual">The largest relative residual ‖y − Aα‖/‖y‖ over the outputs still iterating (Lanczos: the relative change of the approximation at the last check).</param>
/// <param name="ConvergedOutputs">Outputs whose solve has converged.</param>
/// <param name="Outputs">Outputs in all.</param>
public sealed record SolverProgress(int Iteration, double RelativeResidual, int ConvergedOutputs, int Outputs);

/// <summary>How an iterative solve ended.</summary>
/// <param name="Iterations">The most iterations any output took.</param>
/// <param name="RelativeResidual">The largest relative residual ‖y − (K + rI)α‖/‖y‖ over the outputs, recomputed from α at the end (not the recurrence's estimate).</param>
/// <param name="IterationsPerOutput">Iterations of each output's solve.</param>
/// <param name="ResidualPerOutput">Each output's final relative residual.</param>
/// <param name="Seconds">Wall-clock time of the solve.</param>
public sealed record SolveReport(int Iterations, double RelativeResidual, IReadOnlyList<int> IterationsPerOutput,
    IReadOnlyList<double> ResidualPerOutput, double Seconds);

/// <summary>An iterative solve reached its iteration limit before its tolerance.</summary>
public sealed class SolverNotConvergedException : ArithmeticException
{
    /// <summary>Creates the exception for a solve that stopped after <paramref name="iterations"/> at <paramref name="residual"/>.</summary>
    /// <param name="solver">The solver's name, for the message.</param>
    /// <param name="iterations">Iterations done.</param>
    /// <param name="residual">The relative residual reached.</param>
    /// <param name="tolerance">The tolerance asked for.</param>
    public SolverNotConvergedException(string solver, int iterations, double residual, double tolerance)
        : base($"{solver} did not converge: relative residual {residual:0.###e0} after {iterations} iterations (tolerance {tolerance:0.###e0}). "
            + "The kernel matrix is too ill-conditioned for this tolerance: use a larger diagReg (e.g. 1e-6 … 1e-3), a looser tolerance, or more iterations.")
    {
        Iterations = iterations;
        Residual = residual;
    }

    /// <summary>Iterations done.</summary>
    public int Iterations { get; }

    /// <summary>The relative residual reached.</summary>
    public double Residual { get; }
}

/// <summary>
/// A symmetric positive-definite operator A (and an optional preconditioner M⁻¹) applied to several vectors at once,
/// so that an implementation can share work between them (one complex FFT for two real vectors; one kernel tile
/// for all of them).
/// </summary>
internal interface ISymmetricOperator
{
    /// <summary>The order n.</summary>
    int Size { get; }

    /// <summary>ys[c] = A·xs[c] for every c.</summary>
    void Apply(ReadOnlySpan<double[]> xs, ReadOnlySpan<double[]> ys);

    /// <summary>zs[c] = M⁻¹·rs[c] for every c (a copy when there is no preconditioner).</summary>
    void Precondition(ReadOnlySpan<double[]> rs, ReadOnlySpan<double[]> zs);
}
