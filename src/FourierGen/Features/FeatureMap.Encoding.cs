using System.ComponentModel;
using System.Runtime.CompilerServices;
using FourierGen.Numerics;

namespace FourierGen.Features;

internal sealed partial class FeatureMap
{
    /// <summary>Frequencies per block in the encoder's padded layout: a multiple of every vector's lane count.</summary>
    private const int EncoderBlock = 16;

    /// <summary>
    /// γ(v) into <paramref name="features"/>: <see cref="FrequencyCount"/> cosines, then as many sines, each times
    /// its amplitude (normalised if the mapping normalises), with the exact phase. What generated <c>Encode</c>,
    /// <c>Predict</c> and the batched passes call.
    /// </summary>
    /// <param name="input">The first of <see cref="InputSize"/> inputs.</param>
    /// <param name="features">The first of 2·<see cref="FrequencyCount"/> outputs.</param>
    /// <remarks>
    /// No argument checks (callers check lengths and finiteness), no allocation, thread-safe (it only reads
    /// the map). Runs at <see cref="Hardware.VectorWidth"/>: one vector of frequencies per step, the input axes
    /// unrolled for 1–3 inputs.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void EncodeUnchecked(ref float input, ref float features)
    {
        if (!WithinFloatLimits(ref input))
        {
            EncodeInDouble(ref input, ref features);
            return;
        }

        switch (SimdWidth.Current)
        {
            case VectorWidth.Vector512: Encode<Simd512<float>>(ref input, ref features); break;
            case VectorWidth.Vector256: Encode<Simd256<float>>(ref input, ref features); break;
            case VectorWidth.Vector128: Encode<Simd128<float>>(ref input, ref features); break;
            default: Encode<SimdScalar<float>>(ref input, ref features); break;
        }
    }

    /// <summary>γ(v) at the scalar (one-lane) width: the same exact-phase code as the vector widths.</summary>
    public void EncodeScalar(ReadOnlySpan<float> input, Span<float> features) => EncodeAt(VectorWidth.Scalar, input, features);

    /// <summary>γ(v) at an explicit width (for the tests: every width the machine accelerates).</summary>
    internal void EncodeAt(VectorWidth width, ReadOnlySpan<float> input, Span<float> features)
    {
        Guard.Length(input, InputSize, nameof(input), "InputSize");
        Guard.Length(features, 2 * FrequencyCount, nameof(features), "2 × FrequencyCount");
        ref float x = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(input);
        ref float f = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(features);
        if (!WithinFloatLimits(ref x))
        {
            EncodeInDouble(ref x, ref f);
            return;
        }

        switch (width)
        {
            case VectorWidth.Vector512: Encode<Simd512<float>>(ref x, ref f); break;
            case VectorWidth.Vector256: Encode<Simd256<float>>(ref x, ref f); break;
            case VectorWidth.Vector128: Encode<Simd128<float>>(ref x, ref f); break;
            default: Encode<SimdScalar<float>>(ref x, ref f); break;
        }
    }

    /// <summary>γ(v) in float64 from the float input, B and a: the kernels' feature map.</summary>
    public void EncodeDouble(ReadOnlySpan<float> input, Span<double> features)
    {
        switch (SimdWidth.Current)
        {
            case VectorWidth.Vector512: EncodeDouble<Simd512<double>>(input, features); break;
            case VectorWidth.Vector256: EncodeDouble<Simd256<double>>(input, features); break;
            case VectorWidth.Vector128: EncodeDouble<Simd128<double>>(input, features); break;
            default: EncodeDouble<SimdScalar<double>>(input, features); break;
        }
    }

    /// <summary>
    /// γ(v) in float64, V.Count frequencies at a time (the last block overlapping the one before, as in the float
    /// encoder); fewer frequencies than lanes take the one-lane width.
    /// </summary>
    /// <remarks>
    /// Never inlined: when the JIT inlined it into the width dispatch above, it ran out of inlining budget and left
    /// <see cref="FourierMath.SinCos2Pi{V, T}"/> and its constants as calls to unoptimised code (measured 14× slower
    /// than this method compiled on its own).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private unsafe void EncodeDouble<V>(ReadOnlySpan<float> input, Span<double> features)
        where V : unmanaged, ISimd<V, double>
    {
        int m = FrequencyCount, count = V.Count;
        if (m < count)
        {
            EncodeDouble<SimdScalar<double>>(input, features);
            return;
        }

        fixed (float* x = input)
        fixed (double* f = features)
        {
            for (int j = 0; ; j = Math.Min(j + count, m - count))
            {
                FeatureBlockInDouble(x, j, out V cos, out V sin);
                V.Store(cos, f + j);
                V.Store(sin, f + m + j);
                if (j + count >= m)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// The largest |v_i| per input axis for which the float encoder is used: every product b·v, its exact error (also
    /// by Dekker's split, which multiplies each factor by 4097) and the sums stay far from float's range. Beyond it, or
    /// for any input when an axis has a frequency so large that the split itself overflows (−1: nothing passes), the
    /// encoder computes in float64 instead (<see cref="EncodeInDouble"/>), so every finite input has finite features.
    /// </summary>
    private static float[] FloatInputLimits(float[] frequenciesByInput, int inputs)
    {
        const double ProductLimit = 18446744073709551616d; // 2⁶⁴: |b·v| ≤ 2⁶⁴ (and |v| ≤ 2⁶⁴): a factor 2⁶⁰ below float's largest value
        int m = frequenciesByInput.Length / inputs;
        var limits = new float[inputs];
        for (int i = 0; i < inputs; i++)
        {
            double largest = 0;
            foreach (float b in frequenciesByInput.AsSpan(i * m, m))
            {
                largest = Math.Max(largest, Math.Abs((double)b));
            }

            limits[i] = largest * 4097 > float.MaxValue ? -1f : (float)Math.Min(ProductLimit, ProductLimit / largest);
        }

        return limits;
    }

    /// <summary>Whether every input is within <see cref="FloatInputLimits"/> (false for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool WithinFloatLimits(ref float input)
    {
        float[] limits = _floatInputLimits;
        for (int i = 0; i < limits.Length; i++)
        {
            if (!(MathF.Abs(Unsafe.Add(ref input, i)) <= limits[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>γ(v) for an input beyond the float encoder's limits: each feature in float64, then rounded to float.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private unsafe void EncodeInDouble(ref float input, ref float features)
    {
        int m = FrequencyCount;
        fixed (float* x = &input, f = &features)
        {
            for (int j = 0; j < m; j++)
            {
                FeatureBlockInDouble(x, j, out SimdScalar<double> cos, out SimdScalar<double> sin);
                SimdScalar<double>.StoreNarrowed(cos, f + j);
                SimdScalar<double>.StoreNarrowed(sin, f + m + j);
            }
        }
    }

    /// <summary>
    /// a_j·cos(2π b_j·v) and a_j·sin(2π b_j·v) in float64 for the V.Count frequencies from <paramref name="first"/> on
    /// (a normalised if the mapping normalises). The phase b_j·v is reduced modulo 1 exactly up to the last sum: each
    /// product of two floats is exact in float64 (48 significant bits, and no overflow: |b·v| &lt; 2²⁵⁶), so its integer
    /// part is dropped exactly before the sum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void FeatureBlockInDouble<V>(float* x, int first, out V cos, out V sin)
        where V : unmanaged, ISimd<V, double>
    {
        int m = FrequencyCount;
        fixed (float* b = FrequenciesByInput, a = _amplitudes)
        {
            V phase = V.Zero;
            for (int i = 0; i < InputSize; i++)
            {
                V product = V.LoadWidened(b + (i * m) + first) * V.Create(x[i]);
                phase += product - V.Round(product);
            }

            FourierMath.SinCos2Pi<V, double>(phase - V.Round(phase), out V s, out V c);
            V amplitude = V.LoadWidened(a + first) * V.Create(AmplitudeScale);
            cos = amplitude * c;
            sin = amplitude * s;
        }
    }

    /// <summary>Bᵀ and a with each axis's frequencies padded with zeros to whole <see cref="EncoderBlock"/>s.</summary>
    private static (float[] Frequencies, float[] Amplitudes) PadForEncoder(float[] frequenciesByInput, float[] amplitudes, int inputs)
    {
        int m = amplitudes.Length, padded = (m + EncoderBlock - 1) / EncoderBlock * EncoderBlock;
        float[] b = new float[inputs * padded], a = new float[padded];
        for (int i = 0; i < inputs; i++)
        {
            frequenciesByInput.AsSpan(i * m, m).CopyTo(b.AsSpan(i * padded));
        }

        amplitudes.CopyTo(a, 0);
        return (b, a);
    }

    private unsafe void Encode<V>(ref float input, ref float features)
        where V : unmanaged, ISimd<V, float>
    {
        fixed (float* x = &input, f = &features, b = _encoderFrequencies, a = _encoderAmplitudes)
        {
            switch (InputSize)
            {
                case 1: EncodeBlocks<V, Count1>(x, f, b, a); break;
                case 2: EncodeBlocks<V, Count2>(x, f, b, a); break;
                case 3: EncodeBlocks<V, Count3>(x, f, b, a); break;
                default: EncodeBlocks<V, Count4>(x, f, b, a); break;
            }
        }
    }

    /// <summary>
    /// Every block of V.Count frequencies: exact phase over the inputs (unrolled for TInputs ≤ 3, a loop beyond),
    /// sin/cos, amplitude, store. The last partial block overlaps the one before (it rewrites a few values
    /// identically: every lane is computed the same way wherever its block starts); fewer frequencies than lanes
    /// go through a stack buffer. Never inlined: inlined into the dispatch on the input count (four instantiations), the
    /// JIT ran out of inlining budget and left sin/cos's vector operations as calls (seen at Vector128).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private unsafe void EncodeBlocks<V, TInputs>(float* x, float* features, float* b, float* a)
        where V : unmanaged, ISimd<V, float>
        where TInputs : struct, ICount
    {
        int m = FrequencyCount, padded = _encoderAmplitudes.Length, count = V.Count;
        if (m < count)
        {
            EncodeShort<V, TInputs>(x, features, b, a);
            return;
        }

        // One call site of the (inlined) block: the last block starts at m − count.
        for (int j = 0; ; j = Math.Min(j + count, m - count))
        {
            EncodeBlock<V, TInputs>(x, b + j, padded, a + j, features + j, features + m + j);
            if (j + count >= m)
            {
                return;
            }
        }
    }

    /// <summary>Fewer frequencies than lanes: one block from the zero-padded B and a, through a stack buffer.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private unsafe void EncodeShort<V, TInputs>(float* x, float* features, float* b, float* a)
        where V : unmanaged, ISimd<V, float>
        where TInputs : struct, ICount
    {
        int m = FrequencyCount;
        float* cos = stackalloc float[2 * EncoderBlock];
        float* sin = cos + EncoderBlock;
        EncodeBlock<V, TInputs>(x, b, _encoderAmplitudes.Length, a, cos, sin);
        for (int t = 0; t < m; t++)
        {
            features[t] = cos[t];
            features[m + t] = sin[t];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void EncodeBlock<V, TInputs>(float* x, float* b, int axisStride, float* a, float* cos, float* sin)
        where V : unmanaged, ISimd<V, float>
        where TInputs : struct, ICount
    {
        int unrolled = TInputs.Value;
        var phase = FourierMath.PhaseStart(V.Load(b), V.Create(x[0]));
        if (unrolled > 1)
        {
            phase = FourierMath.PhaseAdd(phase, V.Load(b + axisStride), V.Create(x[1]));
        }

        if (unrolled > 2)
        {
            phase = FourierMath.PhaseAdd(phase, V.Load(b + 2 * axisStride), V.Create(x[2]));
        }

        if (unrolled > 3)
        {
            for (int i = 3; i < InputSize; i++)
            {
                phase = FourierMath.PhaseAdd(phase, V.Load(b + i * axisStride), V.Create(x[i]));
            }
        }

        FourierMath.SinCos2Pi<V, float>(FourierMath.PhaseFinish(phase), out V s, out V c);
        V amplitude = V.Load(a);
        V.Store(c * amplitude, cos);
        V.Store(s * amplitude, sin);
    }
}
