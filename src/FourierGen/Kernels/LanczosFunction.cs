using System.Diagnostics;
using System.Numerics.Tensors;

namespace FourierGen.Kernels;

/// <summary>
/// x = φ(A)·b for a symmetric positive-definite operator A and a scalar function φ, by the Lanczos method in two
/// passes so that memory stays O(n): the first pass runs the three-term recurrence, keeping only the tridiagonal
/// T_j (α, β), until β₀·φ(T_j)e₁ stops changing; the second reruns the recurrence with the stored coefficients and
/// accumulates x = V_j·β₀φ(T_j)e₁. Several right-hand sides iterate in lockstep (one operator application per
/// iteration for all of them); each stops when its own approximation has converged.
/// </summary>
internal static class LanczosFunction
{
    /// <summary>How often (in iterations) the approximation is recomputed and compared: each check eigendecomposes T_j.</summary>
    private const int CheckInterval = 8;

    public static (double[][] Solutions, SolveReport Report) Apply(ISymmetricOperator a, double[][] rightHandSides, Func<double, double> phi,
        IterativeSolverOptions options, IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int n = a.Size, k = rightHandSides.Length;
        var alphas = new List<double>[k];
        var betas = new List<double>[k];
        var coefficients = new double[k][];
        var norms = new double[k];
        var changes = new double[k];
        var done = new bool[k];
        var previous = new double[k][];
        var current = new double[k][];
        var next = new double[k][];
        for (int c = 0; c < k; c++)
        {
            alphas[c] = [];
            betas[c] = [];
            norms[c] = Math.Sqrt(TensorPrimitives.Dot<double>(rightHandSides[c], rightHandSides[c]));
            done[c] = norms[c] == 0;
            coefficients[c] = [];
            previous[c] = new double[n];
            current[c] = new double[n];
            next[c] = new double[n];
            if (!done[c])
            {
                TensorPrimitives.Multiply(rightHandSides[c], 1 / norms[c], current[c]);
            }
        }

        // Pass 1: the recurrence, checked every CheckInterval steps.
        int iteration = 0;
        while (true)
        {
            int[] active = Enumerable.Range(0, k).Where(c => !done[c]).ToArray();
            if (active.Length == 0)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (iteration >= options.MaxIterations)
            {
                throw new SolverNotConvergedException("The Lanczos approximation of the gradient-descent dynamics", iteration,
                    active.Max(c => changes[c]), options.Tolerance);
            }

            iteration++;
            a.Apply(active.Select(c => current[c]).ToArray(), active.Select(c => next[c]).ToArray());
            double largest = 0;
            foreach (int c in active)
            {
                double beta = betas[c].Count > 0 ? betas[c][^1] : 0;
                (double alpha, double newBeta) = Step(previous[c], current[c], next[c], beta, 0);
                alphas[c].Add(alpha);
                betas[c].Add(newBeta);
                (previous[c], current[c], next[c]) = (current[c], next[c], previous[c]);

                // An invariant subspace (β ≈ 0) makes the approximation exact.
                bool exhausted = newBeta <= 1e-14 * Math.Abs(alpha) || alphas[c].Count == n;
                if (exhausted || alphas[c].Count % CheckInterval == 0)
                {
                    double[] y = Coefficients(alphas[c], betas[c], norms[c], phi);
                    changes[c] = Change(y, coefficients[c]);
                    coefficients[c] = y;
                    if (exhausted || changes[c] <= options.Tolerance)
                    {
                        done[c] = true;
                        continue;
                    }
                }

                largest = Math.Max(largest, coefficients[c].Length == 0 ? 1 : changes[c]);
            }

            progress?.Report(new SolverProgress(iteration, largest, done.Count(d => d), k));
        }

        // Pass 2: the same recurrence with the stored coefficients, accumulating x = Σ_j y_j v_j.
        var x = new double[k][];
        for (int c = 0; c < k; c++)
        {
            x[c] = new double[n];
            Array.Clear(previous[c]);
            if (norms[c] != 0)
            {
                TensorPrimitives.Multiply(rightHandSides[c], 1 / norms[c], current[c]);
                TensorPrimitives.MultiplyAdd(current[c], coefficients[c][0], x[c], x[c]);
            }
        }

        for (int j = 1; ; j++)
        {
            int[] active = Enumerable.Range(0, k).Where(c => j < coefficients[c].Length).ToArray();
            if (active.Length == 0)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            a.Apply(active.Select(c => current[c]).ToArray(), active.Select(c => next[c]).ToArray());
            foreach (int c in active)
            {
                double beta = j >= 2 ? betas[c][j - 2] : 0;
                Step(previous[c], current[c], next[c], beta, alphas[c][j - 1], betas[c][j - 1]);
                (previous[c], current[c], next[c]) = (current[c], next[c], previous[c]);
                TensorPrimitives.MultiplyAdd(current[c], coefficients[c][j], x[c], x[c]);
            }
        }

        int[] perOutput = coefficients.Select(y => y.Length).ToArray();
        var report = new SolveReport(perOutput.Max(), changes.Max(), perOutput, changes, clock.Elapsed.TotalSeconds);
        return (x, report);
    }

    /// <summary>
    /// w ← A·v_j (already in <paramref name="next"/>) − β_{j−1}v_{j−1} − α_j v_j, then v_{j+1} = w/β_j. In pass 1
    /// α_j = w·v_j and β_j = ‖w‖ are computed (and returned); in pass 2 the stored ones are used.
    /// </summary>
    private static (double Alpha, double Beta) Step(double[] previous, double[] current, double[] next, double previousBeta,
        double storedAlpha, double storedBeta = double.NaN)
    {
        if (previousBeta != 0)
        {
            TensorPrimitives.MultiplyAdd(previous, -previousBeta, next, next);
        }

        bool replay = !double.IsNaN(storedBeta);
        double alpha = replay ? storedAlpha : TensorPrimitives.Dot<double>(next, current);
        TensorPrimitives.MultiplyAdd(current, -alpha, next, next);
        double beta = replay ? storedBeta : Math.Sqrt(TensorPrimitives.Dot<double>(next, next));
        if (beta > 0)
        {
            TensorPrimitives.Multiply(next, 1 / beta, next);
        }

        return (alpha, beta);
    }

    /// <summary>β₀·φ(T_j)e₁ from T_j's eigendecomposition: Σᵢ φ(λᵢ)·qᵢ[0]·qᵢ.</summary>
    private static double[] Coefficients(List<double> alphas, List<double> betas, double norm, Func<double, double> phi)
    {
        int j = alphas.Count;
        var t = new double[j * j];
        for (int i = 0; i < j; i++)
        {
            t[i * j + i] = alphas[i];
            if (i + 1 < j)
            {
                t[i * j + i + 1] = t[(i + 1) * j + i] = betas[i];
            }
        }

        var lambda = new double[j];
        var vectors = new double[j * j];
        SymmetricEigen.Decompose(t, j, lambda, vectors);
        var y = new double[j];
        for (int i = 0; i < j; i++)
        {
            double weight = norm * phi(lambda[i]) * vectors[i * j];
            TensorPrimitives.MultiplyAdd(vectors.AsSpan(i * j, j), weight, y, y);
        }

        return y;
    }

    /// <summary>‖y − previous (zero-padded)‖/‖y‖.</summary>
    private static double Change(double[] y, double[] previous)
    {
        double difference = 0, norm = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double p = i < previous.Length ? previous[i] : 0;
            difference += (y[i] - p) * (y[i] - p);
            norm += y[i] * y[i];
        }

        return norm == 0 ? 0 : Math.Sqrt(difference / norm);
    }
}
