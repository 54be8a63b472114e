using Xunit;
using FourierGen.Numerics;
using static FourierGen.Tests.Numerics.NumericsReference;

namespace FourierGen.Tests.Numerics;

public class DenseForwardTests
{
    /// <summary>Every activation, with and without bias, at every vector width the machine accelerates.</summary>
    public static TheoryData<Activation, bool, VectorWidth> Cases()
    {
        var data = new TheoryData<Activation, bool, VectorWidth>();
        foreach (Activation activation in Activations)
        {
            foreach (bool bias in new[] { true, false })
            {
                foreach (VectorWidth width in VectorWidths)
                {
                    data.Add(activation, bias, width);
                }
            }
        }

        return data;
    }

    private static void CheckForward(VectorWidth width, int rows, int nIn, int nOut, Activation activation, bool bias, float ws, float bs, int seed)
    {
        float[] x = Random(rows * nIn, seed);
        float[] w = Random(nIn * nOut, seed + 1);
        float[] b = bias ? Random(nOut, seed + 2) : [];
        float[] y = new float[rows * nOut + 3];
        y.AsSpan().Fill(float.NaN);
        Dense.ForwardPackedAt(width, x, Pack(width, w, nIn, nOut), b, y, rows, nIn, nOut, activation, ws, bs);
        (double[] expected, double[] scale) = Forward(x, w, b, rows, nIn, nOut, activation, ws, bs);
        for (int i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i], y[i], Tolerance(scale[i], nIn), $"{width} rows={rows} nIn={nIn} nOut={nOut} {activation} bias={bias} ws={ws} element {i}");
        }

        for (int i = expected.Length; i < y.Length; i++)
        {
            Assert.True(float.IsNaN(y[i]), $"wrote past the output (rows={rows} nIn={nIn} nOut={nOut})");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_MatchesFloat64Reference(Activation activation, bool bias, VectorWidth width)
    {
        int seed = 0;
        foreach (int nIn in Widths)
        {
            foreach (int nOut in Widths)
            {
                foreach (int rows in new[] { 1, 5, 6, 7, 64 })
                {
                    seed++;
                    float ws = seed % 2 == 0 ? 1f : 0.37f;
                    float bs = seed % 3 == 0 ? 1f : 1.7f;
                    CheckForward(width, rows, nIn, nOut, activation, bias, ws, bs, seed);
                }
            }
        }

        // Large batches cross the kernels' row blocks (96 wide, 256 narrow). 700 inputs are more than Vector128 packs
        // broadcast on x64 (its tile then broadcasts A itself).
        foreach ((int nIn, int nOut) in new[] { (256, 33), (256, 3), (17, 100), (33, 8), (3, 17), (700, 20) })
        {
            CheckForward(width, 1000, nIn, nOut, activation, bias, 0.5f, 2f, ++seed);
        }
    }

    [Fact]
    public void Forward_PaperReadout256To3_MatchesReference()
    {
        Assert.Equal(256 * 3, Dense.PackedWeightsLength(256, 3)); // narrow layers use W as it is
        CheckForward(Hardware.VectorWidth, 1000, 256, 3, Activation.Sigmoid, bias: true, 1f, 1f, 99);
        CheckForward(Hardware.VectorWidth, 1000, 256, 3, Activation.Identity, bias: true, 0.0625f, 0.1f, 98);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardOne_MatchesFloat64Reference(Activation activation, bool bias, VectorWidth width)
    {
        int seed = 500;
        foreach (int nIn in Widths)
        {
            foreach (int nOut in Widths)
            {
                seed++;
                float ws = seed % 2 == 0 ? 1f : 0.37f;
                float[] x = Random(nIn, seed);
                float[] w = Random(nIn * nOut, seed + 1);
                float[] b = bias ? Random(nOut, seed + 2) : [];
                float[] y = new float[nOut + 1];
                y[nOut] = float.NaN;
                Dense.ForwardOneAt(width, x, w, b, y, nIn, nOut, activation, ws, 1.5f);

                (double[] expected, double[] scale) = Forward(x, w, b, 1, nIn, nOut, activation, ws, 1.5f);
                for (int o = 0; o < nOut; o++)
                {
                    AssertClose(expected[o], y[o], Tolerance(scale[o], nIn), $"{width} nIn={nIn} nOut={nOut} {activation} output {o}");
                }

                Assert.True(float.IsNaN(y[nOut]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardOneByColumns_MatchesFloat64Reference(Activation activation, bool bias, VectorWidth width)
    {
        // Wᵀ with rows padded to 16 floats, the padding NaN: a kernel that read or summed a padded lane into a written
        // output would fail, and so would one that wrote past nOut (the sentinel after y).
        // 61 and 125 end in a partial vector inside a block of four or eight vectors at every width (the blocks finish
        // that vector out of line).
        int seed = 700;
        foreach (int nIn in Widths)
        {
            foreach (int nOut in Widths.Concat([16, 61, 64, 100, 125, 128, 129, 300]))
            {
                seed++;
                float ws = seed % 2 == 0 ? 1f : 0.37f;
                float[] x = Random(nIn, seed);
                float[] w = Random(nIn * nOut, seed + 1);
                float[] b = bias ? Random(nOut, seed + 2) : [];
                int stride = (nOut + 15) / 16 * 16;
                float[] transposed = new float[nIn * stride];
                transposed.AsSpan().Fill(float.NaN);
                for (int i = 0; i < nIn; i++)
                {
                    for (int o = 0; o < nOut; o++)
                    {
                        transposed[(i * stride) + o] = w[(o * nIn) + i];
                    }
                }

                float[] y = new float[nOut + 1];
                y[nOut] = float.NaN;
                Dense.ForwardOneByColumnsAt(width, x, transposed, stride, b, y, nIn, nOut, activation, ws, 1.5f);

                (double[] expected, double[] scale) = Forward(x, w, b, 1, nIn, nOut, activation, ws, 1.5f);
                for (int o = 0; o < nOut; o++)
                {
                    AssertClose(expected[o], y[o], Tolerance(scale[o], nIn), $"{width} nIn={nIn} nOut={nOut} {activation} output {o}");
                }

                Assert.True(float.IsNaN(y[nOut]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidthCases))]
    public void ForwardOne_LongRows_MatchesFloat64Reference(VectorWidth width)
    {
        // From 512 inputs on the 16-lane width takes 8 rows per pass (rows of 2 KB evict each other in L1), with
        // 256-bit loads unless every row starts on a cache line: W both on a cache line and one float past it.
        int seed = 900;
        foreach (int nIn in new[] { 511, 512, 515, 1030, 1024 })
        {
            foreach (int nOut in new[] { 3, 8, 17, 40 })
            {
                foreach (int offset in new[] { 0, 1 })
                {
                    seed++;
                    float[] x = Random(nIn, seed), b = Random(nOut, seed + 2);
                    Span<float> w = new AlignedBuffer(nIn * nOut + offset).Slice(offset, nIn * nOut);
                    Random(nIn * nOut, seed + 1).CopyTo(w);
                    float[] y = new float[nOut];
                    Dense.ForwardOneAt(width, x, w, b, y, nIn, nOut, Activation.Relu, 0.5f, 1.5f);
                    (double[] expected, double[] scale) = Forward(x, w.ToArray(), b, 1, nIn, nOut, Activation.Relu, 0.5f, 1.5f);
                    for (int o = 0; o < nOut; o++)
                    {
                        AssertClose(expected[o], y[o], Tolerance(scale[o], nIn), $"{width} nIn={nIn} nOut={nOut} offset={offset} output {o}");
                    }
                }
            }
        }
    }

    public static TheoryData<VectorWidth> VectorWidthCases() => [.. VectorWidths];

    public static TheoryData<Activation, VectorWidth> PositionCases()
    {
        var data = new TheoryData<Activation, VectorWidth>();
        foreach (Activation activation in new[] { Activation.Relu, Activation.Identity })
        {
            foreach (VectorWidth width in VectorWidths)
            {
                data.Add(activation, width);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PositionCases))]
    public void Forward_RowResultDoesNotDependOnItsPositionInTheBatch(Activation activation, VectorWidth width)
    {
        foreach ((int nIn, int nOut) in new[] { (256, 256), (33, 17), (100, 3), (7, 8), (17, 40), (3, 40), (8, 17) })
        {
            const int rows = 103;
            float[] x = Random(rows * nIn, nIn + nOut);
            float[] w = Random(nIn * nOut, 7);
            float[] b = Random(nOut, 8);
            float[] packed = Pack(width, w, nIn, nOut);
            float[] batch = new float[rows * nOut];
            Dense.ForwardPackedAt(width, x, packed, b, batch, rows, nIn, nOut, activation, 0.3f, 1.1f);
            float[] single = new float[nOut];
            for (int r = 0; r < rows; r++)
            {
                Dense.ForwardPackedAt(width, x.AsSpan(r * nIn, nIn), packed, b, single, 1, nIn, nOut, activation, 0.3f, 1.1f);
                AssertBitIdentical(batch.AsSpan(r * nOut, nOut), single, $"{width} {nIn}->{nOut} row {r}");
            }
        }
    }

    [Fact]
    public void Forward_WithPackBuffer_EqualsForwardPacked()
    {
        const int rows = 50, nIn = 40, nOut = 70;
        float[] x = Random(rows * nIn, 1), w = Random(nIn * nOut, 2), b = Random(nOut, 3);
        float[] pack = new float[Dense.PackedWeightsLength(nIn, nOut) + 5];
        float[] y1 = new float[rows * nOut], y2 = new float[rows * nOut];
        Dense.Forward(x, w, b, y1, pack, rows, nIn, nOut, Activation.Tanh, 0.5f, 0.25f);
        Dense.ForwardPacked(x, Pack(w, nIn, nOut), b, y2, rows, nIn, nOut, Activation.Tanh, 0.5f, 0.25f);
        AssertBitIdentical(y1, y2, "Forward vs ForwardPacked");
    }

    [Fact]
    public void PackWeights_EqualsElementByElementPacking()
    {
        foreach (VectorWidth width in VectorWidths)
        {
            foreach (int nIn in Widths)
            {
                foreach (int nOut in new[] { 9, 15, 16, 17, 33, 100, 256 })
                {
                    float[] w = Random(nIn * nOut, nIn * 1000 + nOut);
                    float[] expected = new float[Dense.PackedWeightsLengthAt(width, nIn, nOut)];
                    expected.AsSpan().Fill(float.NaN);
                    float[] actual = (float[])expected.Clone();
                    Dense.PackRowMajorScalar(width, w, expected, nIn, nOut);
                    Dense.PackWeightsAt(width, w, actual, nIn, nOut);
                    AssertBitIdentical(expected, actual, $"{width} pack {nIn}x{nOut}");
                    Assert.DoesNotContain(actual, float.IsNaN); // padding is written as zeros
                }
            }
        }
    }

    [Fact]
    public void PackedLengths_FollowThePanelRule()
    {
        Assert.Equal(Dense.PanelWidthAt(Hardware.VectorWidth), Dense.PanelWidth);
        Assert.Equal(16, Dense.PanelWidthAt(VectorWidth.Vector256));                          // the 6×16 tile of AVX2
        foreach (VectorWidth width in VectorWidths)
        {
            int panel = Dense.PanelWidthAt(width);
            Assert.Equal(8 * 5, Dense.PackedWeightsLengthAt(width, 5, 8));                       // narrow: W itself
            Assert.Equal((9 + panel - 1) / panel * panel * 5, Dense.PackedWeightsLengthAt(width, 5, 9)); // whole zero-padded panels
            Assert.Equal((17 + panel - 1) / panel * panel * 256, Dense.PackedWeightsLengthAt(width, 256, 17));
            Assert.Equal(256 * 256, Dense.PackedWeightsLengthAt(width, 256, 256));
        }

        Assert.Equal(Dense.PackedWeightsLength(3, 256), Dense.PackedTransposedWeightsLength(256, 3));
    }

    [Fact]
    public void WideLayers_GiveTheSameBitsAtEveryWidth()
    {
        // A wide layer sums every output in k order, one multiply-add per step, at any width; only which
        // outputs share a tile changes. (Multiply-adds are fused at every width of one process or at none.)
        foreach ((int rows, int nIn, int nOut) in new[] { (64, 256, 256), (33, 17, 17), (7, 5, 40), (13, 700, 20) })
        {
            float[] x = Random(rows * nIn, 11), w = Random(nIn * nOut, 12), b = Random(nOut, 13);
            float[] expected = new float[rows * nOut];
            Dense.ForwardPacked(x, Pack(w, nIn, nOut), b, expected, rows, nIn, nOut, Activation.Relu, 0.7f, 1f);
            foreach (VectorWidth width in VectorWidths)
            {
                float[] actual = new float[rows * nOut];
                Dense.ForwardPackedAt(width, x, Pack(width, w, nIn, nOut), b, actual, rows, nIn, nOut, Activation.Relu, 0.7f, 1f);
                AssertBitIdentical(expected, actual, $"{width} vs {Hardware.VectorWidth}, {rows}x{nIn}->{nOut}");
            }
        }
    }

    [Fact]
    public void Forward_RejectsShortBuffers()
    {
        float[] x = new float[10], packed = new float[Dense.PackedWeightsLength(5, 20)], y = new float[40];
        Assert.Throws<ArgumentException>(() => Dense.ForwardPacked(x, packed, [], y, 3, 5, 20, Activation.Relu));
        Assert.Throws<ArgumentException>(() => Dense.ForwardPacked(x, packed.AsSpan(1), [], y, 2, 5, 20, Activation.Relu));
        Assert.Throws<ArgumentException>(() => Dense.ForwardPacked(x, packed, new float[3], y, 2, 5, 20, Activation.Relu));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dense.ForwardPacked(x, packed, [], y, 2, 0, 20, Activation.Relu));
    }
}
