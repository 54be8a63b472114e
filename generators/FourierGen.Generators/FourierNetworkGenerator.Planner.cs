using System.Collections.Generic;
using FourierGen.CompilerServices;
using FourierGen.Generators.Model;
using FourierGen.Weights;

namespace FourierGen.Generators;

public sealed partial class FourierNetworkGenerator
{
    /// <summary>
    /// Plans a declaration (parse → plan → emit, as the Regex generator's parse → analyse → emit): the layer widths,
    /// each layer's W/b offsets, activation offset, activation, forward scales and kernel values, the sizes and the
    /// weight-file fingerprint. This is the one place any of them is derived; the emitter writes the plan as it is
    /// and the runtime reads what was written.
    /// </summary>
    internal static class Planner
    {
        public static NetworkPlan Plan(NetworkSpec spec)
        {
            if (spec.HasErrors)
            {
                return Stub(spec);
            }

            var layers = new List<LayerPlan>(spec.Hidden.Count + 1);
            int parameterCount = checked((int)Walk(spec, layers));
            int frequencyCount = spec.Mapping.FrequencyCount(spec.Inputs);
            return new NetworkPlan(spec.Type, IsStub: false, spec.Inputs, frequencyCount, layers[0].Inputs, spec.Outputs, parameterCount,
                spec.Mapping, spec.Initialization, layers.ToEquatableArray(), Fingerprint(spec, frequencyCount), spec.HasAnalyticKernel, spec.Weights);
        }

        /// <summary>The number of trainable parameters, for the parser's FG0020 bound before any plan exists (it may not fit an int).</summary>
        public static long ParameterCount(NetworkSpec spec) => Walk(spec, layers: null);

        /// <summary>
        /// Lays the layers out from features to outputs — per layer W row-major [n_out][n_in], then b; activations per
        /// row: the features, then each layer's output — into <paramref name="layers"/> when given; returns the parameter count.
        /// </summary>
        private static long Walk(NetworkSpec spec, List<LayerPlan>? layers)
        {
            int[] widths = LayerWidths(spec);
            long parameterOffset = 0;
            int activationOffset = 0;
            bool ntk = spec.Parameterization == Parameterization.Ntk;
            for (int k = 0; k + 1 < widths.Length; k++)
            {
                int inputs = widths[k], outputs = widths[k + 1];
                long weightOffset = parameterOffset;
                parameterOffset += (long)inputs * outputs;
                long biasOffset = spec.Bias ? parameterOffset : -1;
                parameterOffset += spec.Bias ? outputs : 0;
                if (layers is not null)
                {
                    // The NTK parameterisation multiplies by σ_w/√n_in and σ_b in the forward pass; the standard one keeps them in W and b.
                    float weightScale = ntk ? (float)(spec.WeightStd / System.Math.Sqrt(inputs)) : 1f;
                    float biasScale = ntk ? (float)spec.BiasStd : 1f;
                    Activation activation = k + 2 == widths.Length ? spec.OutputActivation : spec.HiddenActivation;
                    layers.Add(new LayerPlan(k, inputs, outputs, checked((int)weightOffset), checked((int)biasOffset), activationOffset,
                        activation, weightScale, biasScale, spec.Parameterization, spec.WeightStd, spec.BiasStd));
                }

                activationOffset += inputs;
            }

            return parameterOffset;
        }

        /// <summary>Layer widths from features to outputs: FeatureSize (2m for a Fourier mapping, d for raw inputs), hidden..., Outputs.</summary>
        private static int[] LayerWidths(NetworkSpec spec)
        {
            int[] widths = new int[spec.Hidden.Count + 2];
            widths[0] = spec.Mapping.Kind == MappingKind.None ? spec.Inputs : 2 * spec.Mapping.FrequencyCount(spec.Inputs);
            for (int k = 0; k < spec.Hidden.Count; k++)
            {
                widths[k + 1] = spec.Hidden[k];
            }

            widths[widths.Length - 1] = spec.Outputs;
            return widths;
        }

        /// <summary>The declaration's fingerprint, as the runtime checks it on Load (one shared definition).</summary>
        private static string Fingerprint(NetworkSpec spec, int frequencyCount) => WeightFingerprint.Create(
            spec.Inputs, spec.Outputs, spec.Hidden.AsSpan(), spec.Mapping.Kind.ToString(), frequencyCount,
            spec.Mapping.Normalize, spec.HiddenActivation.ToString(), spec.OutputActivation.ToString(), spec.Parameterization.ToString(),
            spec.Bias, spec.WeightStd, spec.BiasStd);

        /// <summary>
        /// The plan of a declaration with errors: no layers, and the declared sizes where they are valid (else 0), so the
        /// stubs' constants say what the user wrote without any derived value pretending to be right.
        /// </summary>
        private static NetworkPlan Stub(NetworkSpec spec)
        {
            int inputs = spec.Inputs >= 1 && spec.Inputs <= NetworkLimits.MaxInputs ? spec.Inputs : 0;
            int outputs = spec.Outputs >= 1 && spec.Outputs <= NetworkLimits.MaxOutputs ? spec.Outputs : 0;
            return new NetworkPlan(spec.Type, IsStub: true, inputs, FrequencyCount: 0, FeatureSize: 0, outputs, ParameterCount: 0,
                spec.Mapping, spec.Initialization, EquatableArray<LayerPlan>.Empty, Fingerprint: "", HasAnalyticKernel: true, spec.Weights);
        }
    }
}
