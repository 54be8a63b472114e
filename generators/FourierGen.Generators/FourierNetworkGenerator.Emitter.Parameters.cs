using System.Collections.Generic;
using System.Globalization;
using FourierGen.Generators.Model;

namespace FourierGen.Generators;

public sealed partial class FourierNetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>One dense layer as the emitted code sees it: where its parameters sit and how it scales them.</summary>
        private sealed class DenseLayer
        {
            public int Index;
            public int Inputs;
            public int Outputs;
            public long WeightOffset;
            public long BiasOffset;
            public ActivationKind Activation;
            public float WeightScale;
            public float BiasScale;
            public bool IsLast;
            public bool HasBias;

            public string W => "W" + Index.ToString(CultureInfo.InvariantCulture);
            public string B => "B" + Index.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The layers from features to outputs. NTK parameterisation multiplies by σ_w/√n_in and σ_b in the forward pass.</summary>
        private static List<DenseLayer> Layers(NetworkSpec spec)
        {
            int[] widths = spec.LayerWidths();
            var layers = new List<DenseLayer>();
            long offset = 0;
            for (int k = 0; k + 1 < widths.Length; k++)
            {
                bool ntk = spec.Parameterization == ParameterizationKind.Ntk;
                var layer = new DenseLayer
                {
                    Index = k,
                    Inputs = widths[k],
                    Outputs = widths[k + 1],
                    WeightOffset = offset,
                    Activation = k + 2 == widths.Length ? spec.OutputActivation : spec.HiddenActivation,
                    WeightScale = ntk ? (float)(spec.WeightStd / System.Math.Sqrt(widths[k])) : 1f,
                    BiasScale = ntk ? (float)spec.BiasStd : 1f,
                    IsLast = k + 2 == widths.Length,
                    HasBias = spec.Bias,
                };
                offset += (long)widths[k] * widths[k + 1];
                layer.BiasOffset = offset;
                offset += spec.Bias ? widths[k + 1] : 0;
                layers.Add(layer);
            }

            return layers;
        }

        private static string ParameterInitializer(NetworkSpec spec) =>
            "global::FourierGen.Training.ParameterInitializer.Initialize(_parameters, LayerWidths, " +
            $"bias: {SourceWriter.Bool(spec.Bias)}, global::FourierGen.Parameterization.{spec.Parameterization}, " +
            $"global::FourierGen.Initialization.{spec.Initialization}, weightStd: {SourceWriter.Double(spec.WeightStd)}, " +
            $"biasStd: {SourceWriter.Double(spec.BiasStd)}, seed);";

        private static void EmitParameters(SourceWriter writer, NetworkSpec spec)
        {
            writer.WriteLine("/// <summary>Layer widths from features to outputs.</summary>");
            writer.WriteLine("private static global::System.ReadOnlySpan<int> LayerWidths => [" + string.Join(", ", spec.LayerWidths()) + "];");
            writer.WriteLine();
            writer.WriteLine("// Where each layer's parameters start in the parameter block: W row-major [out][in], then b.");
            foreach (DenseLayer layer in Layers(spec))
            {
                writer.WriteLine($"private const int {layer.W} = {SourceWriter.Int(layer.WeightOffset)}, {layer.B} = {SourceWriter.Int(layer.BiasOffset)};");
            }

            writer.WriteLine();
            writer.WriteLine("private readonly float[] _parameters = new float[ParameterCount];");
            writer.WriteLine();
            writer.WriteLine("/// <summary>The trainable parameters, one contiguous block: per layer W row-major [out][in], then b.</summary>");
            writer.WriteLine("public global::System.Span<float> Parameters => _parameters;");
            writer.WriteLine();
        }
    }
}
