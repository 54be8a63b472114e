using System;
using System.Linq;
using FourierGen.CompilerServices;
using FourierGen.Generators.Model;

namespace FourierGen.Generators;

public sealed partial class FourierNetworkGenerator
{
    /// <summary>
    /// The checks on values that the attribute's constants decide at compile time but that no single argument's range
    /// captures: frequencies and amplitudes that overflow float (FG0031) and a forward pass whose variance at
    /// initialisation overflows (FG0032). Each returns null when the value is fine, else the reason, in words.
    /// </summary>
    internal static class ValueChecks
    {
        /// <summary>
        /// The largest pre-activation variance FG0032 allows, for unit inputs at initialisation. Beyond it the squared
        /// gradients (Adam's second moment, the loss's square) leave float's range, 3.4e38, within a training step or two.
        /// </summary>
        public const double MaxPreActivationVariance = 1e16;

        /// <summary>The largest |draw| each distribution's sampler can return, times σ (from the runtime's SplitMixRandom):
        /// the polar method's u·√(−2 ln s / s) with s ≥ 2^−104 stays below 12.1, the Laplace draw's −ln(2^−53) below 36.8.</summary>
        private static double LargestDraw(FrequencyDistribution distribution) => distribution switch
        {
            FrequencyDistribution.Gaussian => 12.1,
            FrequencyDistribution.Laplace => 36.8,
            _ => 1, // Uniform: |U| < 1; UniformLog: e^(U ln σ) ≤ σ
        };

        /// <summary>Why the mapping's B or a overflows float, or null.</summary>
        public static string? Overflow(MappingSpec mapping)
        {
            if (mapping.Kind is MappingKind.Positional or MappingKind.Random && (float.IsNaN(mapping.Scale) || float.IsInfinity(mapping.Scale)))
            {
                return null; // FG0007's
            }

            switch (mapping.Kind)
            {
                case MappingKind.Positional when mapping.Scale >= 128:
                    return $"PositionalEncoding's largest frequency 2^σ − 1 is infinite in float for σ = {Format(mapping.Scale)}; σ must be below 128";
                case MappingKind.Random when mapping.Scale * LargestDraw(mapping.Distribution) > float.MaxValue:
                    return $"σ = {Format(mapping.Scale)} times the largest {mapping.Distribution} draw ({Format(LargestDraw(mapping.Distribution))}) " +
                        $"exceeds float's largest value; σ must be at most {Format(float.MaxValue / LargestDraw(mapping.Distribution))}";
                case MappingKind.PowerLaw when float.IsNegativeInfinity(mapping.Exponent):
                    return "PowerLawFeatures' exponent −∞ makes the amplitudes j^∞ infinite (and 1^∞ undefined)";
                case MappingKind.PowerLaw when mapping.Exponent < 0 && -mapping.Exponent * Math.Log(mapping.Size) > Math.Log(float.MaxValue):
                    return $"the amplitude {mapping.Size}^{Format(-mapping.Exponent)} of PowerLawFeatures(size: {mapping.Size}, exponent: " +
                        $"{Format(mapping.Exponent)}) is infinite in float; raise the exponent or lower the size";
                default:
                    return null;
            }
        }

        /// <summary>
        /// Why the forward pass overflows at initialisation, or null: the NNGP's variance recursion (which Nngp/Ntk compute and
        /// the Default initialisation draws by) from γ(v)'s mean square (unit inputs for raw networks) through every layer.
        /// </summary>
        public static string? ForwardOverflow(NetworkSpec spec)
        {
            double meanSquare = InputMeanSquare(spec);
            int layers = spec.Hidden.Count + 1;
            for (int k = 0; k < layers; k++)
            {
                double variance = spec.WeightStd * spec.WeightStd * meanSquare + (spec.Bias ? spec.BiasStd * spec.BiasStd : 0);
                if (!(variance <= MaxPreActivationVariance))
                {
                    string layer = k + 1 == layers ? "the output layer" : $"hidden layer {k + 1}";
                    return $"with WeightStd = {Format(spec.WeightStd)}, BiasStd = {Format(spec.BiasStd)} and amplitudes of mean square " +
                        $"{Format(InputMeanSquare(spec))}, {layer}'s pre-activations have variance {Format(variance)} at initialisation, above " +
                        $"{Format(MaxPreActivationVariance)}";
                }

                Activation activation = k + 1 == layers ? spec.OutputActivation : spec.HiddenActivation;
                meanSquare = activation switch
                {
                    Activation.Relu => variance / 2,
                    Activation.Tanh => Math.Min(variance, 1),
                    Activation.Sigmoid => 1,
                    _ => variance,
                };
            }

            return null;
        }

        /// <summary>‖γ(v)‖² / FeatureSize = Σa² / 2m (1/2m when normalised); 1 for raw inputs, taken to be of unit size.</summary>
        private static double InputMeanSquare(NetworkSpec spec)
        {
            MappingSpec mapping = spec.Mapping;
            int m = mapping.FrequencyCount(spec.Inputs);
            if (mapping.Kind == MappingKind.None || m <= 0)
            {
                return 1;
            }

            double sum = mapping.Kind switch
            {
                MappingKind.Explicit => mapping.Amplitudes.Sum(a => (double)a * a),
                MappingKind.PowerLaw => spec.Inputs * Enumerable.Range(1, mapping.Size).Sum(j => Math.Pow(PowerLawAmplitude(j, mapping.Exponent), 2)),
                _ => m,
            };
            return (mapping.Normalize && sum > 0 ? 1 : sum) / (2.0 * m);
        }

        /// <summary>j^(−p), p = +∞ meaning 1 for j = 1 and 0 after (the runtime's definition).</summary>
        private static double PowerLawAmplitude(int j, float exponent) =>
            float.IsPositiveInfinity(exponent) ? (j == 1 ? 1 : 0) : Math.Pow(j, -exponent);

        private static string Format(double value) => value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
    }
}
