using System.Buffers;
using FourierGen.Spectral;

namespace FourierGen.Kernels;

/// <summary>
/// T. Chan's optimal circulant approximation of a symmetric (multilevel) Toeplitz matrix T + rI, inverted in Fourier
/// space: the classic preconditioner for conjugate gradients on Toeplitz systems. Level by level,
/// c(j) = Σ_{a_k ∈ {j_k, j_k − n_k}} Π_k ((n_k − |a_k|)/n_k)·t(a), j_k ∈ [0, n_k); the circulant C minimises
/// ‖C − T‖_F over circulants, is positive definite whenever T is, and equals T when T is itself circulant — as for
/// the basic and positional mappings (integer frequencies) on a grid that spans whole periods, where the
/// preconditioned solve converges at once.
/// </summary>
internal sealed class CirculantPreconditioner
{
    private readonly int[] _counts;
    private readonly FftPlan _plan;
    private readonly double[] _inverseEigenvalues;

    /// <summary>Builds C⁻¹ for the symmetric lattice of <paramref name="operatorT"/> (a grid with itself) plus <paramref name="shift"/>·I.</summary>
    public CirculantPreconditioner(GridToeplitz operatorT, int[] counts, double shift)
    {
        _counts = counts;
        _plan = new FftPlan(counts);
        int d = counts.Length;
        double[] lattice = operatorT.Lattice;
        var c = new double[_plan.Length];
        Span<int> index = stackalloc int[RegularGrid.MaxDimensions];
        for (int j = 0; j < c.Length; j++)
        {
            int rest = j;
            for (int axis = 0; axis < d; axis++)
            {
                index[axis] = rest % counts[axis];
                rest /= counts[axis];
            }

            // Sum over the 2^d choices a_k ∈ {j_k, j_k − n_k}; a weight (n − |a|)/n of 0 (a_k = −n_k) drops out.
            double sum = 0;
            for (int choice = 0; choice < 1 << d; choice++)
            {
                double weight = 1;
                int latticeIndex = 0, stride = 1;
                for (int axis = 0; axis < d && weight != 0; axis++)
                {
                    int n = counts[axis];
                    int a = (choice >> axis & 1) == 0 ? index[axis] : index[axis] - n;
                    weight *= (double)(n - Math.Abs(a)) / n;
                    latticeIndex += (a + n - 1) * stride;
                    stride *= 2 * n - 1;
                }

                if (weight != 0)
                {
                    sum += weight * lattice[latticeIndex];
                }
            }

            c[j] = sum;
        }

        var im = new double[c.Length];
        _plan.Forward(c, im);

        // C is symmetric: its eigenvalues are the real parts. Rounding can leave a tiny non-positive value where
        // T's own eigenvalue is ≈ 0; the shift r (or a floor relative to the largest) keeps C + rI invertible.
        double largest = 0;
        foreach (double value in c)
        {
            largest = Math.Max(largest, value);
        }

        double floor = Math.Max(shift, largest * 1e-14);
        _inverseEigenvalues = new double[c.Length];
        for (int k = 0; k < c.Length; k++)
        {
            _inverseEigenvalues[k] = 1.0 / Math.Max(c[k] + shift, floor);
        }
    }

    /// <summary>z₁ = C⁻¹r₁ and, when <paramref name="r2"/> is not empty, z₂ = C⁻¹r₂ (one complex transform for both).</summary>
    public void Apply(ReadOnlySpan<double> r1, ReadOnlySpan<double> r2, Span<double> z1, Span<double> z2)
    {
        int length = _plan.Length;
        double[] re = ArrayPool<double>.Shared.Rent(length);
        double[] im = ArrayPool<double>.Shared.Rent(length);
        try
        {
            Span<double> r = re.AsSpan(0, length), i = im.AsSpan(0, length);
            r1.CopyTo(r);
            if (r2.IsEmpty)
            {
                i.Clear();
            }
            else
            {
                r2.CopyTo(i);
            }

            _plan.Forward(r, i);
            System.Numerics.Tensors.TensorPrimitives.Multiply(r, _inverseEigenvalues, r);
            System.Numerics.Tensors.TensorPrimitives.Multiply(i, _inverseEigenvalues, i);
            _plan.Inverse(r, i);
            r.CopyTo(z1);
            if (!r2.IsEmpty)
            {
                i.CopyTo(z2);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(re);
            ArrayPool<double>.Shared.Return(im);
        }
    }

    /// <summary>The grid counts the preconditioner was built for.</summary>
    public ReadOnlySpan<int> Counts => _counts;
}
