using FourierGen.CompilerServices;
using FourierGen.Numerics;

namespace FourierGen.Training;

/// <summary>
/// Draws a network's initial parameters, layer by layer (W row-major [out][in], then b, at the offsets the
/// generator planned), reproducibly for a seed on every machine.
/// </summary>
internal static class ParameterInitializer
{
    /// <summary>The random stream parameter draws use (frequency draws use another).</summary>
    internal const ulong ParameterStream = 2;

    // jax.nn.initializers.variance_scaling's "truncated_normal": N(0,1) cut at ±2, divided by its
    // own standard deviation so that the result has exactly the requested variance.
    private const double TruncatedNormalStd = 0.87962566103423978;

    /// <summary>Initialises <paramref name="parameters"/> for the planned <paramref name="layers"/>, in their order, W then b.</summary>
    public static void Initialize(Span<float> parameters, ReadOnlySpan<LayerPlan> layers, Initialization initialization, int seed)
    {
        var random = new SplitMixRandom(ParameterStream, seed);
        foreach (LayerPlan layer in layers)
        {
            int fanIn = layer.Inputs, fanOut = layer.Outputs;
            Span<float> w = parameters.Slice(layer.WeightOffset, fanIn * fanOut);
            Span<float> b = layer.HasBias ? parameters.Slice(layer.BiasOffset, fanOut) : default;
            double weightStd = layer.WeightStd, biasStd = layer.BiasStd;

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
                case Initialization.Default when layer.Parameterization == Parameterization.Ntk:
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
