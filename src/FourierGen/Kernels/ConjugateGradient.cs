using System.Diagnostics;
using System.Numerics.Tensors;

namespace FourierGen.Kernels;

/// <summary>
/// Preconditioned conjugate gradients for A·x = b with several right-hand sides, iterated in lockstep so that each
/// iteration applies A once to all of them (an output stops iterating when it has converged). Convergence is
/// judged on the true residual b − A·x: when the recurrence's residual says an output has converged, the true one
/// is recomputed, and the output restarts from its current x if it is not below the tolerance (the recurrence
/// drifts in floating point on ill-conditioned systems).
/// </summary>
internal static class ConjugateGradient
{
    private const int MaxRestarts = 8;

    public static (double[][] Solutions, SolveReport Report) Solve(ISymmetricOperator a, double[][] rightHandSides,
        IterativeSolverOptions options, string solverName, IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int n = a.Size, k = rightHandSides.Length;
        var x = new double[k][];
        var r = new double[k][];
        var z = new double[k][];
        var p = new double[k][];
        var q = new double[k][];
        var rho = new double[k];
        var norms = new double[k];
        var iterations = new int[k];
        var residuals = new double[k];
        var done = new bool[k];
        for (int c = 0; c < k; c++)
        {
            x[c] = new double[n];
            r[c] = (double[])rightHandSides[c].Clone();
            z[c] = new double[n];
            p[c] = new double[n];
            q[c] = new double[n];
            norms[c] = Math.Sqrt(TensorPrimitives.Dot<double>(r[c], r[c]));
            done[c] = norms[c] == 0; // b = 0: x = 0 exactly
        }

        int restarts = 0;
        int iteration = 0;
        Start(Active(), fromZero: true);
        while (true)
        {
            int[] active = Active();
            if (active.Length == 0)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (iteration >= options.MaxIterations)
            {
                double worst = TrueResiduals(active).Max();
                throw new SolverNotConvergedException(solverName, iteration, worst, options.Tolerance);
            }

            iteration++;
            a.Apply(Pick(p, active), Pick(q, active));
            var converged = new List<int>();
            double largest = 0;
            foreach (int c in active)
            {
                double alpha = rho[c] / TensorPrimitives.Dot<double>(p[c], q[c]);
                TensorPrimitives.MultiplyAdd(p[c], alpha, x[c], x[c]);
                TensorPrimitives.MultiplyAdd(q[c], -alpha, r[c], r[c]);
                iterations[c] = iteration;
                double residual = Math.Sqrt(TensorPrimitives.Dot<double>(r[c], r[c])) / norms[c];
                residuals[c] = residual;
                if (residual <= options.Tolerance || !double.IsFinite(alpha))
                {
                    converged.Add(c);
                }
                else
                {
                    largest = Math.Max(largest, residual);
                }
            }

            if (converged.Count > 0)
            {
                // Check the true residual; restart the outputs whose recurrence has drifted below it.
                int[] check = converged.ToArray();
                double[] trueResiduals = TrueResiduals(check);
                var restart = new List<int>();
                for (int i = 0; i < check.Length; i++)
                {
                    residuals[check[i]] = trueResiduals[i];
                    if (trueResiduals[i] <= options.Tolerance || restarts >= MaxRestarts)
                    {
                        done[check[i]] = true;
                    }
                    else
                    {
                        restart.Add(check[i]);
                        largest = Math.Max(largest, trueResiduals[i]);
                    }
                }

                if (restart.Count > 0)
                {
                    restarts++;
                    Start(restart.ToArray());
                }
            }

            int[] stillActive = Active();
            int[] continuing = stillActive.Where(c => !converged.Contains(c)).ToArray();
            if (continuing.Length > 0)
            {
                a.Precondition(Pick(r, continuing), Pick(z, continuing));
                foreach (int c in continuing)
                {
                    double next = TensorPrimitives.Dot<double>(r[c], z[c]);
                    double beta = next / rho[c];
                    rho[c] = next;
                    TensorPrimitives.MultiplyAdd(p[c], beta, z[c], p[c]);
                }
            }

            progress?.Report(new SolverProgress(iteration, largest, done.Count(d => d), k));
        }

        double[] final = TrueResiduals(Enumerable.Range(0, k).ToArray());
        for (int c = 0; c < k; c++)
        {
            residuals[c] = final[c];
            if (final[c] > options.Tolerance)
            {
                throw new SolverNotConvergedException(solverName, iterations[c], final[c], options.Tolerance);
            }
        }

        var report = new SolveReport(iterations.Max(), final.Max(), iterations, residuals, clock.Elapsed.TotalSeconds);
        return (x, report);

        int[] Active() => Enumerable.Range(0, k).Where(c => !done[c]).ToArray();

        // r = b − A·x (x as it stands; b itself at the start, x = 0, without a product), z = M⁻¹r, p = z, ρ = r·z.
        void Start(int[] columns, bool fromZero = false)
        {
            if (columns.Length == 0)
            {
                return;
            }

            if (!fromZero)
            {
                a.Apply(Pick(x, columns), Pick(q, columns));
                foreach (int c in columns)
                {
                    TensorPrimitives.Subtract(rightHandSides[c], q[c], r[c]);
                }
            }

            a.Precondition(Pick(r, columns), Pick(z, columns));
            foreach (int c in columns)
            {
                z[c].CopyTo(p[c], 0);
                rho[c] = TensorPrimitives.Dot<double>(r[c], z[c]);
            }
        }

        double[] TrueResiduals(int[] columns)
        {
            double[][] ax = columns.Select(_ => new double[n]).ToArray();
            a.Apply(Pick(x, columns), ax);
            var result = new double[columns.Length];
            for (int i = 0; i < columns.Length; i++)
            {
                int c = columns[i];
                TensorPrimitives.Subtract(rightHandSides[c], ax[i], ax[i]);
                result[i] = norms[c] == 0 ? 0 : Math.Sqrt(TensorPrimitives.Dot<double>(ax[i], ax[i])) / norms[c];
            }

            return result;
        }
    }

    private static double[][] Pick(double[][] vectors, int[] columns) => columns.Select(c => vectors[c]).ToArray();
}
