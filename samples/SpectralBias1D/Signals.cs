namespace SpectralBias1D;

/// <summary>The paper's 1D target signals and the small numeric helpers the experiments share.</summary>
public static class Signals
{
    /// <summary>
    /// 1/f^α noise on <paramref name="n"/> points, generated as the paper's notebooks do: FFT-domain
    /// i.i.d. complex Gaussian coefficients X_k = N(0,1) + i·N(0,1) scaled by (1 + |k|)^−α, where
    /// |k| = min(k, n − k); with <paramref name="bandLimit"/> every index k ≥ n/4 is zeroed (this keeps
    /// the non-negative frequencies 0..n/4 − 1 only); the real part of the inverse DFT; min-max
    /// normalised to [−0.5, 0.5].
    /// </summary>
    public static double[] PowerLaw(int n, double alpha, bool bandLimit, int seed)
    {
        if (n < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "A signal needs at least 4 points.");
        }

        var random = new Random(seed);
        var re = new double[n];
        var im = new double[n];
        for (int k = 0; k < n; k++)
        {
            double decay = Math.Pow(1 + Math.Min(k, n - k), -alpha);
            if (bandLimit && k >= n / 4)
            {
                decay = 0;
            }

            re[k] = Gaussian(random) * decay;
            im[k] = Gaussian(random) * decay;
        }

        var signal = new double[n];
        for (int t = 0; t < n; t++)
        {
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                // Re[(re + i·im)·e^{2πikt/n}]; the 1/n of the inverse DFT cancels in the normalisation.
                double phase = 2 * Math.PI * ((long)k * t % n) / n;
                sum += re[k] * Math.Cos(phase) - im[k] * Math.Sin(phase);
            }

            signal[t] = sum;
        }

        double min = signal.Min(), max = signal.Max();
        for (int t = 0; t < n; t++)
        {
            signal[t] = (signal[t] - min) / (max - min) - 0.5;
        }

        return signal;
    }

    /// <summary>|DFT(x)|_k for k = 0..n/2.</summary>
    public static double[] DftMagnitude(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        var magnitude = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++)
        {
            double re = 0, im = 0;
            for (int t = 0; t < n; t++)
            {
                double phase = 2 * Math.PI * ((long)k * t % n) / n;
                re += x[t] * Math.Cos(phase);
                im -= x[t] * Math.Sin(phase);
            }

            magnitude[k] = Math.Sqrt(re * re + im * im);
        }

        return magnitude;
    }

    /// <summary>Mean of (a − b)².</summary>
    public static double Mse(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }

        return sum / a.Length;
    }

    /// <summary>Mean of (a − b)².</summary>
    public static double Mse(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }

        return sum / a.Length;
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller on (0, 1] × [0, 1).
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
