using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace Mri3D;

/// <summary>
/// The unnormalised 3-D DFT of an n³ volume (index (i·n + j)·n + k) as separable 1-D transforms along each axis, with
/// Math.NET Numerics' FFT (any length); its managed provider has no multi-dimensional transform. Lines run in parallel.
/// </summary>
public static class Fft3
{
    /// <summary>X[κ] = Σ x[m]·e^(−2πi κ·m/n) over all three axes, in place (numpy's fftn).</summary>
    public static void Forward(Complex[] volume, int n) => Transform(volume, n, inverse: false);

    /// <summary>x[m] = Σ X[κ]·e^(+2πi κ·m/n), unscaled, in place: the conjugate transpose (adjoint) of <see cref="Forward"/>.</summary>
    public static void Adjoint(Complex[] volume, int n) => Transform(volume, n, inverse: true);

    private static void Transform(Complex[] volume, int n, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (volume.Length != n * n * n)
        {
            throw new ArgumentException($"the volume must hold {n}³ values, not {volume.Length}.", nameof(volume));
        }

        int[] strides = [n * n, n, 1];
        foreach (int stride in strides)
        {
            // The n² lines along this axis: each starts at a point whose coordinate on the axis is 0.
            Parallel.For(0, n * n, () => new Complex[n], (line, _, buffer) =>
            {
                int start = StartOfLine(line, n, stride);
                for (int t = 0; t < n; t++)
                {
                    buffer[t] = volume[start + t * stride];
                }

                if (inverse)
                {
                    Fourier.Inverse(buffer, FourierOptions.NoScaling);
                }
                else
                {
                    Fourier.Forward(buffer, FourierOptions.NoScaling);
                }

                for (int t = 0; t < n; t++)
                {
                    volume[start + t * stride] = buffer[t];
                }

                return buffer;
            }, _ => { });
        }
    }

    // Line number (a, b) over the two other axes → the flat index of its first point.
    private static int StartOfLine(int line, int n, int stride) => stride switch
    {
        1 => line * n,                                  // lines along k: (i, j) = line
        _ when stride == n => line / n * n * n + line % n, // lines along j: (i, k)
        _ => line,                                      // lines along i: (j, k)
    };
}
