using SampleKit;

namespace Mri3D;

/// <summary>
/// The paper's undersampling mask in 3-D k-space (its 3d_MRI notebook's <c>mri_mask</c>): integer points drawn from
/// N(centre, 2·96·I), truncated toward zero like numpy's <c>astype(int32)</c>, marked, then fftshift-ed so that the dense
/// centre sits at the zero frequency. At 96³ that is 200 000 draws (about 13 % of k-space marked).
/// </summary>
/// <remarks>
/// At another size n the mask is the paper's scaled: 200 000·(n/96)³ draws with variance 2·96·(n/96)², so the marked
/// fraction stays about the same. Negative indices wrap (numpy's indexing); indices ≥ n, about 3.5σ out, are dropped.
/// </remarks>
public static class KSpaceMask
{
    /// <summary>The paper's volume side.</summary>
    public const int PaperSize = 96;

    /// <summary>The paper's number of draws at 96³.</summary>
    public const int PaperSamples = 200_000;

    /// <summary>
    /// The standard deviation of the mask's draws per axis, in k-space index units — cycles per unit length, the volume
    /// spanning [0, 1): √(2·96) at the paper's 96³, scaled with N as the notebook's mask is.
    /// </summary>
    public static double Sigma(int size)
    {
        double ratio = (double)size / PaperSize;
        return Math.Sqrt(2.0 * PaperSize * ratio * ratio);
    }

    /// <summary>The mask for an <paramref name="size"/>³ volume: 1 where k-space is measured, 0 elsewhere, index (i·n + j)·n + k.</summary>
    public static bool[] Create(int size, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        double ratio = (double)size / PaperSize;
        int samples = (int)Math.Round(PaperSamples * ratio * ratio * ratio);
        double sigma = Sigma(size);
        int centre = size / 2;
        var random = new Random(seed);
        var centred = new bool[size * size * size];
        Span<int> index = stackalloc int[3];
        for (int s = 0; s < samples; s++)
        {
            bool inside = true;
            for (int axis = 0; axis < 3; axis++)
            {
                int i = (int)Math.Truncate(centre + sigma * random.NextNormal());
                i = i < 0 ? i + size : i;
                inside &= i >= 0 && i < size;
                index[axis] = i;
            }

            if (inside)
            {
                centred[(index[0] * size + index[1]) * size + index[2]] = true;
            }
        }

        // fftshift: out[i] = in[(i − ⌊n/2⌋) mod n] on every axis.
        var mask = new bool[centred.Length];
        for (int i = 0; i < size; i++)
        {
            int si = Shift(i, size);
            for (int j = 0; j < size; j++)
            {
                int sj = Shift(j, size);
                for (int k = 0; k < size; k++)
                {
                    mask[(i * size + j) * size + k] = centred[(si * size + sj) * size + Shift(k, size)];
                }
            }
        }

        return mask;
    }

    /// <summary>The fraction of k-space the mask measures.</summary>
    public static double Coverage(bool[] mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return mask.Count(m => m) / (double)mask.Length;
    }

    private static int Shift(int i, int n) => ((i - n / 2) % n + n) % n;
}
