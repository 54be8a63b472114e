using System.ComponentModel;
using FourierGen.Numerics;

namespace FourierGen.Training;

/// <summary>
/// Draws a network's initial parameters, layer by layer (W row-major [out][in], then b),
/// reproducibly for a seed on every machine.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ParameterInitializer
{
    /// <summary>The random stream parameter draws use (frequency draws use another).</summary>
    internal const ulong ParameterStream = 2;

    // jax.nn.initializers.variance_scaling's "truncated_normal": N(0,1) cut at ±2, divided by its
    // own standard deviation so that the result has exactly the requested variance.
    private const double TruncatedNormalStd = 0.87962566103423978;

    /// <summary>Initialises <paramref name="parameters"/> for layers of the given widths (features, hidden..., outputs).</summary>
    public static void Initialize(Span<float> parameters, ReadOnlySpan<int> widths, bool bias, Parameterization parameterization,
        Initialization initialization, double weightStd, double biasStd, int seed)
    {
        var random = new SplitMixRandom(ParameterStream, seed);
        int offset = 0;
        for (int layer = 0; layer + 1 < widths.Length; layer++)
        {
            int fanIn = widths[layer], fanOut = widths[layer + 1];
            Span<float> w = parameters.Slice(offset, fanIn * fanOut);
            offset += w.Length;
            Span<float> b = bias ? parameters.Slice(offset, fanOut) : default;
            offset += b.Length;

            switch (initialization)
            {
                case Initialization.JaxStax:
                    double glorot = Math.Sqrt(2.0 / (fanIn + fanOut)) / TruncatedNormalStd;
                    Fill(w, ref random, (ref SplitMixRandom r) => glorot * TruncatedNormal(ref r));
                    Fill(b, ref random, (ref SplitMixRandom r) => 0.01 * r.NextGaussian());
                    break;
                case Initialization.PyTorch:
                    double bound = 1 / Math.Sqrt(fanIn);
                    Fill(w, ref random, (ref SplitMixRandom r) => bound * (2 * r.NextUniform() - 1));
                    Fill(b, ref random, (ref SplitMixRandom r) => bound * (2 * r.NextUniform() - 1));
                    break;
                case Initialization.Default when parameterization == Parameterization.Ntk:
                    // The NTK parameterisation scales in the forward pass; the parameters are standard normal.
                    Fill(w, ref random, (ref SplitMixRandom r) => r.NextGaussian());
                    Fill(b, ref random, (ref SplitMixRandom r) => r.NextGaussian());
                    break;
                case Initialization.Default:
                    double wStd = weightStd / Math.Sqrt(fanIn);
                    Fill(w, ref random, (ref SplitMixRandom r) => wStd * r.NextGaussian());
                    Fill(b, ref random, (ref SplitMixRandom r) => biasStd * r.NextGaussian());
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(initialization), initialization, "Unknown initialization.");
            }
        }

        if (offset != parameters.Length)
        {
            throw new ArgumentException($"parameters must have length {offset} for these widths, not {parameters.Length}.", nameof(parameters));
        }
    }

    private delegate double Draw(ref SplitMixRandom random);

    private static void Fill(Span<float> values, ref SplitMixRandom random, Draw draw)
    {
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = (float)draw(ref random);
        }
    }

    private static double TruncatedNormal(ref SplitMixRandom random)
    {
        double z;
        do
        {
            z = random.NextGaussian();
        }
        while (Math.Abs(z) > 2);

        return z;
    }
}
