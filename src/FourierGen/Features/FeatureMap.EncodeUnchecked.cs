// TEMPORARY: replaced by the width-generic encoder of issue 13 at merge.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FourierGen.Features;

internal sealed partial class FeatureMap
{
    /// <summary>
    /// γ(v) into <paramref name="features"/>: FeatureSize floats, the cosines then the sines, amplitudes applied,
    /// with the exact phase of <see cref="FourierMath"/>. No argument checks, no allocation; thread-safe.
    /// </summary>
    /// <remarks>
    /// The same operations in the same order as the unrolled encoder the generator used to emit per network:
    /// 8-frequency <see cref="Vector256{T}"/> blocks, the last one overlapping when m is not a multiple of 8, the
    /// scalar path for m &lt; 8 or without Vector256 acceleration — so the features are bit-identical to it.
    /// </remarks>
    internal void EncodeUnchecked(ref float input, ref float features)
    {
        int m = FrequencyCount, d = InputSize;
        if (m < 8 || !Vector256.IsHardwareAccelerated)
        {
            EncodeScalar(MemoryMarshal.CreateReadOnlySpan(ref input, d), MemoryMarshal.CreateSpan(ref features, 2 * m));
            return;
        }

        // Sizes and the first input's broadcast in locals: the loop's stores go through refs the JIT cannot tell apart from fields.
        ref float b = ref MemoryMarshal.GetArrayDataReference(FrequenciesByInput);
        ref float a = ref MemoryMarshal.GetArrayDataReference(FeatureAmplitudes);
        Vector256<float> first = Vector256.Create(input);
        nuint last = (nuint)(m - 8);
        for (nuint j = 0; j < last; j += 8)
        {
            EncodeBlock(ref b, ref a, first, ref input, ref features, j, (nuint)m, d);
        }

        // The last block: ends at m exactly (overlapping the one before when m % 8 != 0, rewriting a few values identically).
        EncodeBlock(ref b, ref a, first, ref input, ref features, last, (nuint)m, d);
    }

    /// <summary>Frequencies j..j+7: exact phase over the inputs, sin/cos, amplitude, store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EncodeBlock(ref float b, ref float a, Vector256<float> first, ref float input, ref float features, nuint j, nuint m, int d)
    {
        var phase = FourierMath.PhaseStart(Vector256.LoadUnsafe(ref b, j), first);
        for (int i = 1; i < d; i++)
        {
            phase = FourierMath.PhaseAdd(phase, Vector256.LoadUnsafe(ref b, j + ((nuint)i * m)), Vector256.Create(Unsafe.Add(ref input, i)));
        }

        FourierMath.SinCos2Pi(FourierMath.PhaseFinish(phase), out Vector256<float> sin, out Vector256<float> cos);
        Vector256<float> amplitude = Vector256.LoadUnsafe(ref a, j);
        Vector256.StoreUnsafe(cos * amplitude, ref features, j);
        Vector256.StoreUnsafe(sin * amplitude, ref features, j + m);
    }
}
