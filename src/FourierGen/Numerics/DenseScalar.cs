namespace FourierGen.Numerics;

/// <summary>
/// The scalar fallback of <see cref="Dense"/> for machines without AVX2/FMA: same semantics, layouts and
/// row blocking, plain loops. Internal so tests can run it on any machine; arguments are validated by
/// <see cref="Dense"/>.
/// </summary>
internal static class DenseScalar
{
    /// <summary>W[o][k] read from a buffer packed by <see cref="Dense.PackWeights"/> for an nOut × nIn layer.</summary>
    private static float Packed(ReadOnlySpan<float> packed, int nIn, int nOut, int o, int k) =>
        nOut <= Dense.NarrowOutputLimit
            ? packed[o * nIn + k]
            : packed[(o / Dense.PanelWidth) * Dense.PanelWidth * nIn + k * Dense.PanelWidth + (o % Dense.PanelWidth)];

    public static void ForwardPacked(
        ReadOnlySpan<float> x, ReadOnlySpan<float> packedW, ReadOnlySpan<float> b, Span<float> y,
        int rows, int nIn, int nOut, Activation activation, float wScale, float bScale)
    {
        bool relu = activation == Activation.Relu;
        bool hasBias = !b.IsEmpty;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * nIn, nIn);
            for (int o = 0; o < nOut; o++)
            {
                float acc = 0f;
                for (int k = 0; k < nIn; k++)
                {
                    acc += xr[k] * Packed(packedW, nIn, nOut, o, k);
                }

                y[r * nOut + o] = ActivationMath.Store(acc, wScale, hasBias ? bScale * b[o] : 0f, hasBias, relu);
            }
        }

        ActivationMath.ApplySmooth(y.Slice(0, rows * nOut), activation);
    }

    public static void ForwardOne(
        ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y,
        int nIn, int nOut, Activation activation, float wScale, float bScale)
    {
        bool relu = activation == Activation.Relu;
        bool hasBias = !b.IsEmpty;
        for (int o = 0; o < nOut; o++)
        {
            ReadOnlySpan<float> wo = w.Slice(o * nIn, nIn);
            float acc = 0f;
            for (int k = 0; k < nIn; k++)
            {
                acc += x[k] * wo[k];
            }

            y[o] = ActivationMath.Store(acc, wScale, hasBias ? bScale * b[o] : 0f, hasBias, relu);
        }

        ActivationMath.ApplySmooth(y.Slice(0, nOut), activation);
    }

    public static unsafe void Backward(
        Span<float> dY, ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> packedTransposedW,
        Span<float> dW, Span<float> db, Span<float> dX,
        int rows, int nIn, int nOut, Activation activation, float wScale, float bScale, bool accumulate)
    {
        for (int r0 = 0; r0 < rows; r0 += Dense.BackwardRowBlock)
        {
            int kc = Math.Min(Dense.BackwardRowBlock, rows - r0);
            Span<float> dz = dY.Slice(r0 * nOut, kc * nOut);
            fixed (float* pdz = dz, py = y.Slice(r0 * nOut, kc * nOut))
            {
                ActivationMath.Derivative(pdz, py, (nint)kc * nOut, activation, vectorize: false);
            }

            bool add = accumulate || r0 > 0;
            if (!db.IsEmpty)
            {
                for (int o = 0; o < nOut; o++)
                {
                    float s = 0f;
                    for (int r = 0; r < kc; r++)
                    {
                        s += dz[r * nOut + o];
                    }

                    db[o] = add ? MathF.FusedMultiplyAdd(s, bScale, db[o]) : s * bScale;
                }
            }

            ReadOnlySpan<float> xb = x.Slice(r0 * nIn, kc * nIn);
            for (int o = 0; o < nOut; o++)
            {
                for (int i = 0; i < nIn; i++)
                {
                    float s = 0f;
                    for (int r = 0; r < kc; r++)
                    {
                        s += dz[r * nOut + o] * xb[r * nIn + i];
                    }

                    int at = o * nIn + i;
                    dW[at] = add ? MathF.FusedMultiplyAdd(s, wScale, dW[at]) : s * wScale;
                }
            }

            if (!dX.IsEmpty)
            {
                // dX = wScale·dZ·W, W read from the transposed packing (an nIn-output "layer" over nOut).
                for (int r = 0; r < kc; r++)
                {
                    for (int i = 0; i < nIn; i++)
                    {
                        float s = 0f;
                        for (int o = 0; o < nOut; o++)
                        {
                            s += dz[r * nOut + o] * Packed(packedTransposedW, nOut, nIn, i, o);
                        }

                        dX[(r0 + r) * nIn + i] = s * wScale;
                    }
                }
            }
        }
    }
}
