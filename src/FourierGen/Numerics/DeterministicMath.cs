namespace FourierGen.Numerics;

/// <summary>
/// Logarithm and exponential built from +, −, ×, ÷ and exact scaling only. IEEE 754 makes those
/// bit-reproducible, so sampled frequencies are identical on every machine and runtime, which
/// <see cref="Math.Log(double)"/> (a platform libm call) does not promise.
/// </summary>
internal static class DeterministicMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01; // ln 2, upper 32 bits
    private const double Ln2Lo = 1.90821492927058770002e-10; // ln 2 − Ln2Hi
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>ln x for finite x &gt; 0 (NaN otherwise); accurate to a few ulp.</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || double.IsInfinity(x))
        {
            return x == 0 ? double.NegativeInfinity : double.IsPositiveInfinity(x) ? x : double.NaN;
        }

        // x = m·2^e with m in [√½, √2): then ln x = e·ln 2 + 2·atanh((m − 1)/(m + 1)).
        int e = Math.ILogB(x);
        double m = Math.ScaleB(x, -e);
        if (m > Sqrt2)
        {
            m *= 0.5;
            e++;
        }

        double s = (m - 1) / (m + 1); // |s| ≤ 0.172, so the series below converges to < 1e-19
        double s2 = s * s;
        double sum = 0;
        for (int k = 21; k >= 3; k -= 2)
        {
            sum = (sum + 1.0 / k) * s2;
        }

        double atanh2 = 2 * s * (1 + sum);
        return (e * Ln2Lo + atanh2) + e * Ln2Hi;
    }

    /// <summary>e^x for finite x (overflow gives +∞, underflow 0).</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x > 709.8)
        {
            return double.PositiveInfinity;
        }

        if (x < -745.2)
        {
            return 0;
        }

        // x = k·ln 2 + r with |r| ≤ ln2/2; e^r by its Taylor series (error < 1e-18 at 20 terms).
        double k = Math.Round(x / (Ln2Hi + Ln2Lo));
        double r = (x - k * Ln2Hi) - k * Ln2Lo;
        double term = 1, sum = 1;
        for (int n = 1; n <= 20; n++)
        {
            term *= r / n;
            sum += term;
        }

        return Math.ScaleB(sum, (int)k);
    }
}
