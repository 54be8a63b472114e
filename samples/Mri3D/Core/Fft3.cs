using System.Numerics;
using FourierGen.Spectral;

namespace Mri3D;

/// <summary>
/// The unnormalised 3-D DFT of an n³ volume (index (i·n + j)·n + k) with the library's <see cref="FftPlan"/> (any length,
/// lines in parallel): on Complex arrays for the tests and pictures, on split real/imaginary arrays for the loss.
/// </summary>
public static class Fft3
{
    /// <summary>A plan for n³ volumes. A cube's 3-D DFT is the same whichever axis the plan takes as its fastest.</summary>
    public static FftPlan Plan(int n) => new(n, n, n);

    /// <summary>X[κ] = Σ x[m]·e^(−2πi κ·m/n) over all three axes, in place (numpy's fftn).</summary>
    public static void Forward(Complex[] volume, int n) => Transform(volume, n, inverse: false);

    /// <summary>x[m] = Σ X[κ]·e^(+2πi κ·m/n), unscaled, in place: the conjugate transpose (adjoint) of <see cref="Forward(Complex[], int)"/>.</summary>
    public static void Adjoint(Complex[] volume, int n) => Transform(volume, n, inverse: true);

    /// <summary>The adjoint (unscaled inverse) on split parts: the plan's inverse is scaled by 1/N, so this multiplies by N.</summary>
    public static void Adjoint(FftPlan plan, Span<double> re, Span<double> im)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.Inverse(re, im);
        System.Numerics.Tensors.TensorPrimitives.Multiply(re, plan.Length, re);
        System.Numerics.Tensors.TensorPrimitives.Multiply(im, plan.Length, im);
    }

    private static void Transform(Complex[] volume, int n, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (volume.Length != n * n * n)
        {
            throw new ArgumentException($"the volume must hold {n}³ values, not {volume.Length}.", nameof(volume));
        }

        var re = new double[volume.Length];
        var im = new double[volume.Length];
        for (int i = 0; i < volume.Length; i++)
        {
            (re[i], im[i]) = (volume[i].Real, volume[i].Imaginary);
        }

        FftPlan plan = Plan(n);
        if (inverse)
        {
            Adjoint(plan, re, im);
        }
        else
        {
            plan.Forward(re, im);
        }

        for (int i = 0; i < volume.Length; i++)
        {
            volume[i] = new Complex(re[i], im[i]);
        }
    }
}
