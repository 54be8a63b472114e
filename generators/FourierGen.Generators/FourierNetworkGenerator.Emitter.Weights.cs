using System.Linq;
using FourierGen.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace FourierGen.Generators;

public sealed partial class FourierNetworkGenerator
{
    internal static partial class Emitter
    {
        private const string WeightFile = "global::FourierGen.Weights.WeightFile";

        /// <summary>Literals per line of baked data: keeps lines short for diffs and editors.</summary>
        private const int LiteralsPerLine = 8;

        /// <summary>Save/Load (weight files), the private constructor they share with baking, and Baked itself.</summary>
        private static void EmitWeights(SourceWriter writer, NetworkSpec spec, BakedNetwork baked)
        {
            string name = spec.Type.Name;
            bool hasMapping = spec.Mapping.Kind != MappingKind.None;
            writer.WriteLine("/// <summary>What a weight file must have been saved by: this declaration's sizes, mapping kind, activations and parameterisation.</summary>");
            writer.WriteLine($"public const string Fingerprint = {SymbolDisplay.FormatLiteral(Baking.Fingerprint(spec), quote: true)};");
            writer.WriteLine();
            writer.WriteLines($$"""
                /// <summary>Saves B, a and the parameters to a versioned weight file, atomically (a temporary file renamed over the target).</summary>
                public void Save(string path) => {{WeightFile}}.Save(path, Fingerprint, InputSize, Frequencies, Amplitudes, _parameters);

                /// <summary>Writes B, a and the parameters to a stream in the weight-file format.</summary>
                public void Save(global::System.IO.Stream stream) => {{WeightFile}}.Save(stream, Fingerprint, InputSize, Frequencies, Amplitudes, _parameters);

                /// <summary>Loads a network saved by this declaration; throws InvalidDataException naming the check a wrong, truncated or corrupt file fails.</summary>
                public static {{name}} Load(string path) => FromWeights({{WeightFile}}.Load(path, Fingerprint, InputSize, FrequencyCount, ParameterCount));

                /// <summary>Loads a network saved by this declaration from a stream.</summary>
                public static {{name}} Load(global::System.IO.Stream stream) => FromWeights({{WeightFile}}.Load(stream, Fingerprint, InputSize, FrequencyCount, ParameterCount));

                private static {{name}} FromWeights((float[] Frequencies, float[] Amplitudes, float[] Parameters) weights) =>
                    new(weights.Frequencies, weights.Amplitudes, weights.Parameters);

                """);

            writer.WriteLine("/// <summary>A network with the given B, a and parameters (loaded or baked); Seed is 0.</summary>");
            writer.OpenBlock($"private {name}({ReadOnlySpan} frequencies, {ReadOnlySpan} amplitudes, {ReadOnlySpan} parameters)");
            if (hasMapping)
            {
                writer.WriteLine($"_featureMap = {FeatureMapType}.Explicit(InputSize, frequencies, amplitudes, normalize: {SourceWriter.Bool(spec.Mapping.Normalize)}, null, default);");
            }

            writer.WriteLine("parameters.CopyTo(_parameters);");
            writer.CloseBlock();
            writer.WriteLine();

            if (!baked.HasWeights)
            {
                return;
            }

            writer.WriteLine($"/// <summary>The network baked from {EscapeXml(spec.Weights!)} at compile time: its values are constant data in this assembly, read without any file I/O. Shared: training it changes it for every user.</summary>");
            writer.WriteLine($"public static {name} Baked {{ get; }} = new(BakedFrequencies, BakedAmplitudes, BakedParameters);");
            writer.WriteLine();
            EmitFloatData(writer, "BakedFrequencies", baked.Frequencies);
            EmitFloatData(writer, "BakedAmplitudes", baked.Amplitudes);
            EmitFloatData(writer, "BakedParameters", baked.Parameters);
        }

        /// <summary>A ReadOnlySpan&lt;float&gt; property over a collection expression: the compiler stores it as RVA data.</summary>
        private static void EmitFloatData(SourceWriter writer, string property, EquatableArray<float> values)
        {
            writer.WriteLine($"private static {ReadOnlySpan} {property} =>");
            writer.WriteLine("[");
            float[] all = values.AsSpan().ToArray();
            for (int start = 0; start < all.Length; start += LiteralsPerLine)
            {
                writer.WriteLine("    " + string.Join(", ", all.Skip(start).Take(LiteralsPerLine).Select(SourceWriter.Float)) + ",");
            }

            writer.WriteLine("];");
            writer.WriteLine();
        }

        private static string EscapeXml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
