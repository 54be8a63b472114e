namespace FourierGen.Numerics;

/// <summary>
/// A small deterministic random source (xoshiro256** seeded by SplitMix64) with the draws the
/// frequency and parameter initialisers need. Not <see cref="Random"/>: its sequence is an
/// implementation detail of the runtime, and a seed here must mean the same B on every machine
/// and every future .NET version.
/// </summary>
internal struct SplitMixRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Seeds the generator from a stream id and up to two user seeds.</summary>
    public SplitMixRandom(ulong stream, int seedA, int seedB = 0)
    {
        ulong x = stream * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)seedA << 32 | (uint)seedB);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
        _spareGaussian = 0;
        _hasSpare = false;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform on [0, 1), 53 random bits.</summary>
    public double NextUniform() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on the open interval (0, 1).</summary>
    public double NextOpenUniform() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Standard normal N(0, 1) by Marsaglia's polar method.</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }

        double u, v, s;
        do
        {
            u = 2 * NextUniform() - 1;
            v = 2 * NextUniform() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);

        double factor = Math.Sqrt(-2 * DeterministicMath.Log(s) / s);
        _spareGaussian = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>Standard Laplace(0, 1): density ½e^−|x|.</summary>
    public double NextLaplace()
    {
        double u = NextOpenUniform() - 0.5; // (−½, ½), never ±½
        double magnitude = -DeterministicMath.Log(1 - 2 * Math.Abs(u));
        return u < 0 ? -magnitude : magnitude;
    }
}
