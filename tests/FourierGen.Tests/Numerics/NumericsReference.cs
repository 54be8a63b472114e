using Xunit;
using System.Runtime.CompilerServices;
using FourierGen.Numerics;

namespace FourierGen.Tests.Numerics;

/// <summary>Straightforward float64 references for the numeric kernels, and test data helpers.</summary>
internal static class NumericsReference
{
    public static readonly int[] Widths = [1, 3, 7, 8, 15, 16, 17, 33, 100, 256];
    public static readonly int[] RowCounts = [1, 5, 6, 7, 64, 1000];
    public static readonly Activation[] Activations = [Activation.Relu, Activation.Identity, Activation.Sigmoid, Activation.Tanh];

    /// <summary>
    /// Every vector width this machine accelerates, scalar included: the kernels of each are checked in every
    /// test process (and <c>.ci/run</c> repeats the numerics tests with narrower widths selected for the process).
    /// </summary>
    public static readonly VectorWidth[] VectorWidths =
    [
        VectorWidth.Scalar,
        .. System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? new[] { VectorWidth.Vector128 } : [],
        .. System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? new[] { VectorWidth.Vector256 } : [],
        .. System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? new[] { VectorWidth.Vector512 } : [],
    ];

    /// <summary>
    /// a·b + c as the library computes it: one fused operation where the hardware has FMA, else a rounded product
    /// and a sum (the kernels never emulate FMA in software). For references that must agree bit for bit.
    /// </summary>
    public static double MultiplyAdd(double a, double b, double c) =>
        Hardware.HasFusedMultiplyAdd ? Math.FusedMultiplyAdd(a, b, c) : a * b + c;

    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }

        return values;
    }

    /// <summary>Plausible stored outputs of an activation (for backward tests).</summary>
    public static float[] Outputs(int count, int seed, Activation activation)
    {
        float[] values = Random(count, seed, 2f);
        for (int i = 0; i < count; i++)
        {
            values[i] = activation switch
            {
                Activation.Relu => Math.Max(values[i], 0f),
                Activation.Sigmoid => (float)(1 / (1 + Math.Exp(-values[i]))),
                Activation.Tanh => MathF.Tanh(values[i]),
                _ => values[i],
            };
        }

        return values;
    }

    public static double Activate(double z, Activation activation) => activation switch
    {
        Activation.Relu => Math.Max(z, 0),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.Tanh => Math.Tanh(z),
        _ => z,
    };

    public static double Derivative(double y, Activation activation) => activation switch
    {
        Activation.Relu => y > 0 ? 1 : 0,
        Activation.Sigmoid => y * (1 - y),
        Activation.Tanh => 1 - y * y,
        _ => 1,
    };

    /// <summary>Y = act(ws·X·Wᵀ + bs·b) in double, and the error scale Σ|ws·x·w| + |bs·b| of each output.</summary>
    public static (double[] Y, double[] Scale) Forward(
        float[] x, float[] w, float[] b, int rows, int nIn, int nOut, Activation activation, float ws, float bs)
    {
        var y = new double[rows * nOut];
        var scale = new double[rows * nOut];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < nOut; o++)
            {
                double sum = 0, magnitude = 0;
                for (int k = 0; k < nIn; k++)
                {
                    double p = (double)x[r * nIn + k] * w[o * nIn + k];
                    sum += p;
                    magnitude += Math.Abs(p);
                }

                double bias = b.Length == 0 ? 0 : (double)bs * b[o];
                y[r * nOut + o] = Activate(ws * sum + bias, activation);
                scale[r * nOut + o] = Math.Abs(ws) * magnitude + Math.Abs(bias);
            }
        }

        return (y, scale);
    }

    /// <summary>(f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h in float64; <paramref name="x"/> is restored.</summary>
    public static double CentralDifference(double[] x, int i, double h, Func<double[], double> f)
    {
        double saved = x[i];
        x[i] = saved + h;
        double up = f(x);
        x[i] = saved - h;
        double down = f(x);
        x[i] = saved;
        return (up - down) / (2 * h);
    }

    /// <summary>Tolerance for a float sum of <paramref name="terms"/> products with the given magnitude.</summary>
    public static double Tolerance(double scale, int terms) => scale * (terms + 4) * 1.2e-7 + 2e-6;

    /// <summary>Fails unless |expected − actual| ≤ tolerance; the message is only formatted on failure.</summary>
    public static void AssertClose(
        double expected, double actual, double tolerance,
        [InterpolatedStringHandlerArgument(nameof(expected), nameof(actual), nameof(tolerance))] ref FailureMessage what)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
        {
            Assert.Fail($"{what.ToStringAndClear()}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E3}, tolerance {tolerance:E3}).");
        }
    }

    /// <summary>Fails unless |expected − actual| ≤ tolerance.</summary>
    public static void AssertClose(double expected, double actual, double tolerance, string what)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
        {
            Assert.Fail($"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E3}, tolerance {tolerance:E3}).");
        }
    }

    /// <summary>An interpolated message that is only built when the comparison it belongs to fails.</summary>
    [InterpolatedStringHandler]
    public ref struct FailureMessage
    {
        private DefaultInterpolatedStringHandler _inner;

        public FailureMessage(int literalLength, int formattedCount, double expected, double actual, double tolerance, out bool isNeeded)
        {
            isNeeded = !(Math.Abs(expected - actual) <= tolerance);
            _inner = isNeeded ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
        }

        public void AppendLiteral(string value) => _inner.AppendLiteral(value);

        public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

        public void AppendFormatted<T>(T value, string? format) => _inner.AppendFormatted(value, format);

        public string ToStringAndClear() => _inner.ToStringAndClear();
    }

    public static void AssertBitIdentical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}: element {i} differs: {expected[i]:R} vs {actual[i]:R}.");
            }
        }
    }

    public static float[] Pack(float[] w, int nIn, int nOut) => Pack(Hardware.VectorWidth, w, nIn, nOut);

    public static float[] Pack(VectorWidth width, float[] w, int nIn, int nOut)
    {
        var packed = new float[Dense.PackedWeightsLengthAt(width, nIn, nOut)];
        Dense.PackWeightsAt(width, w, packed, nIn, nOut);
        return packed;
    }

    public static float[] PackTransposed(float[] w, int nIn, int nOut) => PackTransposed(Hardware.VectorWidth, w, nIn, nOut);

    public static float[] PackTransposed(VectorWidth width, float[] w, int nIn, int nOut)
    {
        var packed = new float[Dense.PackedWeightsLengthAt(width, nOut, nIn)];
        Dense.PackTransposedWeightsAt(width, w, packed, nIn, nOut);
        return packed;
    }
}
