using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FourierGen.Spectral;

/// <summary>
/// The 1-D discrete Fourier transform of one length, applied to <see cref="Lanes"/> lines at once: the lines are
/// interleaved (element j of lane l at j·Lanes + l, real and imaginary parts in separate buffers), so every butterfly
/// is one <see cref="Vector{T}"/> operation whatever the hardware's width. Powers of two run an iterative radix-2
/// Cooley–Tukey transform; any other length runs Bluestein's chirp-z algorithm on a power-of-two transform.
/// </summary>
internal sealed class FftLine
{
    /// <summary>Lines transformed together: the width of <see cref="Vector{T}"/> of double.</summary>
    public static readonly int Lanes = Vector<double>.Count;

    private readonly int _length;
    private readonly double[] _twiddleRe, _twiddleIm;     // e^{−2πik/n}, k < n/2 (power-of-two lengths)
    private readonly int[] _bitReverse;                     // gather order (power-of-two lengths)
    private readonly FftLine? _inner;                       // Bluestein: the power-of-two transform of length M
    private readonly double[] _chirpRe = [], _chirpIm = []; // Bluestein: w_j = e^{−πij²/n}
    private readonly double[] _kernelRe = [], _kernelIm = [];  // Bluestein: the forward DFT of conj(w) wrapped to length M, over M

    public FftLine(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        _length = length;
        if (BitOperations.IsPow2(length))
        {
            _twiddleRe = new double[Math.Max(1, length / 2)];
            _twiddleIm = new double[_twiddleRe.Length];
            for (int k = 0; k < length / 2; k++)
            {
                // sin/cos of 2πk/n from the exact fraction k/n: no accumulated rotation error.
                (double sin, double cos) = Math.SinCos(2 * Math.PI * k / length);
                _twiddleRe[k] = cos;
                _twiddleIm[k] = -sin;
            }

            _bitReverse = new int[length];
            int bits = BitOperations.Log2((uint)length);
            for (int j = 0; j < length; j++)
            {
                _bitReverse[j] = bits == 0 ? 0 : (int)(ReverseBits((uint)j) >> (32 - bits));
            }

            return;
        }

        // Bluestein: jk = (j² + k² − (k − j)²)/2, so X_k = w_k Σ_j (x_j w_j) conj(w_{k−j}), a convolution of length ≥ 2n − 1.
        int m = (int)BitOperations.RoundUpToPowerOf2((uint)(2 * length - 1));
        _inner = new FftLine(m);
        _bitReverse = [];
        _twiddleRe = _twiddleIm = [];
        _chirpRe = new double[length];
        _chirpIm = new double[length];
        for (int j = 0; j < length; j++)
        {
            // j² mod 2n keeps the angle's argument small and exact.
            long square = (long)j * j % (2L * length);
            (double sin, double cos) = Math.SinCos(Math.PI * square / length);
            _chirpRe[j] = cos;
            _chirpIm[j] = -sin;
        }

        // Forward DFT of b_m = conj(w_m) for |m| < n (wrapped), scaled by 1/M for the inverse to come, one lane.
        var re = new double[m * Lanes];
        var im = new double[m * Lanes];
        for (int j = 0; j < length; j++)
        {
            re[j * Lanes] = _chirpRe[j];
            im[j * Lanes] = -_chirpIm[j];
            if (j > 0)
            {
                re[(m - j) * Lanes] = _chirpRe[j];
                im[(m - j) * Lanes] = -_chirpIm[j];
            }
        }

        var scratchRe = new double[m * Lanes];
        var scratchIm = new double[m * Lanes];
        _inner.Transform(re, im, scratchRe, scratchIm, inverse: false);
        _kernelRe = new double[m];
        _kernelIm = new double[m];
        for (int k = 0; k < m; k++)
        {
            _kernelRe[k] = scratchRe[k * Lanes] / m;
            _kernelIm[k] = scratchIm[k * Lanes] / m;
        }
    }

    /// <summary>n, the transform length.</summary>
    public int Length => _length;

    /// <summary>The scratch each of the two buffers needs for <see cref="Transform"/>, in doubles.</summary>
    public int ScratchLength => (_inner is null ? _length : 3 * _inner.Length) * Lanes;

    /// <summary>
    /// Transforms the <see cref="Lanes"/> interleaved lines of <paramref name="re"/>/<paramref name="im"/> (n·Lanes each)
    /// into <paramref name="outRe"/>/<paramref name="outIm"/> (the same length; may not alias the input), unscaled:
    /// X_k = Σ_j x_j e^{∓2πijk/n} (− forward, + inverse). Power-of-two lengths need no other scratch; Bluestein's
    /// uses the tail of the outputs beyond n·Lanes, so they must have <see cref="ScratchLength"/> doubles.
    /// </summary>
    public void Transform(Span<double> re, Span<double> im, Span<double> outRe, Span<double> outIm, bool inverse)
    {
        if (_inner is null)
        {
            Radix2(re, im, outRe, outIm, inverse);
        }
        else
        {
            Bluestein(re, im, outRe, outIm, inverse);
        }
    }

    private void Radix2(ReadOnlySpan<double> re, ReadOnlySpan<double> im, Span<double> outRe, Span<double> outIm, bool inverse)
    {
        int n = _length, lanes = Lanes;
        for (int j = 0; j < n; j++)
        {
            int source = _bitReverse[j] * lanes;
            re.Slice(source, lanes).CopyTo(outRe.Slice(j * lanes, lanes));
            im.Slice(source, lanes).CopyTo(outIm.Slice(j * lanes, lanes));
        }

        ref Vector<double> xr = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetReference(outRe));
        ref Vector<double> xi = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetReference(outIm));

        // Size-2 butterflies need no twiddle.
        for (int j = 0; j + 1 < n; j += 2)
        {
            Vector<double> ar = Unsafe.Add(ref xr, j), ai = Unsafe.Add(ref xi, j);
            Vector<double> br = Unsafe.Add(ref xr, j + 1), bi = Unsafe.Add(ref xi, j + 1);
            Unsafe.Add(ref xr, j) = ar + br;
            Unsafe.Add(ref xi, j) = ai + bi;
            Unsafe.Add(ref xr, j + 1) = ar - br;
            Unsafe.Add(ref xi, j + 1) = ai - bi;
        }

        double sign = inverse ? -1 : 1;
        for (int size = 4; size <= n; size *= 2)
        {
            int half = size / 2, stride = n / size;
            for (int k = 0; k < half; k++)
            {
                var wr = new Vector<double>(_twiddleRe[k * stride]);
                var wi = new Vector<double>(sign * _twiddleIm[k * stride]);
                for (int start = k; start < n; start += size)
                {
                    ref Vector<double> ar = ref Unsafe.Add(ref xr, start);
                    ref Vector<double> ai = ref Unsafe.Add(ref xi, start);
                    ref Vector<double> br = ref Unsafe.Add(ref xr, start + half);
                    ref Vector<double> bi = ref Unsafe.Add(ref xi, start + half);
                    Vector<double> tr = Vector.FusedMultiplyAdd(br, wr, -(bi * wi));
                    Vector<double> ti = Vector.FusedMultiplyAdd(br, wi, bi * wr);
                    Vector<double> a0 = ar, a1 = ai;
                    ar = a0 + tr;
                    ai = a1 + ti;
                    br = a0 - tr;
                    bi = a1 - ti;
                }
            }
        }
    }

    private void Bluestein(Span<double> re, Span<double> im, Span<double> outRe, Span<double> outIm, bool inverse)
    {
        FftLine inner = _inner!;
        int n = _length, m = inner.Length, lanes = Lanes;
        double sign = inverse ? -1 : 1; // the inverse uses conj(w) and conj(b): conjugate the imaginary parts
        Span<double> aRe = outRe.Slice(m * lanes, m * lanes), aIm = outIm.Slice(m * lanes, m * lanes);
        Span<double> bRe = outRe.Slice(2 * m * lanes, m * lanes), bIm = outIm.Slice(2 * m * lanes, m * lanes);
        MultiplyLanes(re, im, aRe, aIm, _chirpRe, _chirpIm, n, sign, reversed: false);
        aRe[(n * lanes)..].Clear();
        aIm[(n * lanes)..].Clear();
        inner.Transform(aRe, aIm, bRe, bIm, inverse: false);

        // Multiply by the kernel's spectrum (for the inverse: the spectrum of conj(b), which is conj(B) reversed).
        MultiplyLanes(bRe, bIm, bRe, bIm, _kernelRe, _kernelIm, m, sign, reversed: inverse);
        inner.Transform(bRe, bIm, aRe, aIm, inverse: true);
        MultiplyLanes(aRe, aIm, outRe, outIm, _chirpRe, _chirpIm, n, sign, reversed: false);
    }

    /// <summary>
    /// y_j = x_j·(c_j) for j &lt; <paramref name="count"/>, every lane, with c = factorRe + i·sign·factorIm
    /// (<paramref name="reversed"/>: c at index (count − j) mod count). y may be x.
    /// </summary>
    private static void MultiplyLanes(Span<double> xRe, Span<double> xIm, Span<double> yRe, Span<double> yIm,
        double[] factorRe, double[] factorIm, int count, double sign, bool reversed)
    {
        ref Vector<double> xr = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetReference(xRe));
        ref Vector<double> xi = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetReference(xIm));
        ref Vector<double> yr = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetReference(yRe));
        ref Vector<double> yi = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetReference(yIm));
        for (int j = 0; j < count; j++)
        {
            int index = reversed ? (count - j) % count : j;
            var cr = new Vector<double>(factorRe[index]);
            var ci = new Vector<double>(sign * factorIm[index]);
            Vector<double> vr = Unsafe.Add(ref xr, j), vi = Unsafe.Add(ref xi, j);
            Unsafe.Add(ref yr, j) = Vector.FusedMultiplyAdd(vr, cr, -(vi * ci));
            Unsafe.Add(ref yi, j) = Vector.FusedMultiplyAdd(vr, ci, vi * cr);
        }
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}
