using System.Linq;
using FourierGen.Generators.Model;

namespace FourierGen.Generators;

public sealed partial class FourierNetworkGenerator
{
    internal static partial class Emitter
    {
        private const string FeatureMapType = "global::FourierGen.Features.FeatureMap";

        private static void EmitMapping(SourceWriter writer, NetworkSpec spec)
        {
            MappingSpec mapping = spec.Mapping;
            bool hasMapping = mapping.Kind != MappingKind.None;

            if (mapping.Kind == MappingKind.Explicit)
            {
                writer.WriteLine("private static global::System.ReadOnlySpan<float> DeclaredFrequencies => [" + string.Join(", ", mapping.Frequencies.Select(SourceWriter.Float)) + "];");
                writer.WriteLine("private static global::System.ReadOnlySpan<float> DeclaredAmplitudes => [" + string.Join(", ", mapping.Amplitudes.Select(SourceWriter.Float)) + "];");
                writer.WriteLine();
            }

            if (hasMapping)
            {
                writer.WriteLine($"private readonly {FeatureMapType} _featureMap;");
                writer.WriteLine();
            }

            writer.WriteLine("/// <summary>The seed this network was created with.</summary>");
            writer.WriteLine("public int Seed { get; }");
            writer.WriteLine();
            writer.WriteLine("/// <summary>B, row-major (FrequencyCount × InputSize); empty for raw inputs.</summary>");
            writer.WriteLine("public global::System.ReadOnlySpan<float> Frequencies => " + (hasMapping ? "_featureMap.Frequencies;" : "default;"));
            writer.WriteLine("/// <summary>a, one per frequency, as declared (before normalisation); empty for raw inputs.</summary>");
            writer.WriteLine("public global::System.ReadOnlySpan<float> Amplitudes => " + (hasMapping ? "_featureMap.Amplitudes;" : "default;"));
            writer.WriteLine();
        }

        /// <summary>The constructor statement that creates the mapping's B and a (or rejects overrides for raw inputs).</summary>
        private static string MappingInitializer(NetworkSpec spec)
        {
            MappingSpec mapping = spec.Mapping;
            string common = $"normalize: {SourceWriter.Bool(mapping.Normalize)}, frequencyScale, frequencies";
            return mapping.Kind switch
            {
                MappingKind.Basic => $"_featureMap = {FeatureMapType}.Basic(InputSize, {common});",
                MappingKind.Positional => $"_featureMap = {FeatureMapType}.Positional(InputSize, {SourceWriter.Int(mapping.Size)}, {SourceWriter.Float(mapping.Scale)}, {common});",
                MappingKind.Random => $"_featureMap = {FeatureMapType}.Random(InputSize, FrequencyCount, global::FourierGen.FrequencyDistribution.{mapping.Distribution}, " +
                    $"{SourceWriter.Float(mapping.Scale)}, declaredSeed: {SourceWriter.Int(mapping.Seed)}, normalize: {SourceWriter.Bool(mapping.Normalize)}, seed, frequencyScale, frequencies);",
                MappingKind.PowerLaw => $"_featureMap = {FeatureMapType}.PowerLaw(InputSize, {SourceWriter.Int(mapping.Size)}, {SourceWriter.Float(mapping.Exponent)}, {common});",
                MappingKind.Explicit => $"_featureMap = {FeatureMapType}.Explicit(InputSize, DeclaredFrequencies, DeclaredAmplitudes, {common});",
                _ => $"global::FourierGen.Features.RawInputs.RejectOverrides(\"{spec.Type.Name}\", frequencyScale, frequencies);",
            };
        }

        private static void EmitEncode(SourceWriter writer, NetworkSpec spec)
        {
            writer.WriteLines("""
                /// <summary>Writes γ(input) = [a ⊙ cos(2πBv), a ⊙ sin(2πBv)] (FeatureSize values) to features.</summary>
                public void Encode(global::System.ReadOnlySpan<float> input, global::System.Span<float> features)
                {
                    global::FourierGen.Guard.Length(input, InputSize, nameof(input), "InputSize");
                    global::FourierGen.Guard.Length(features, FeatureSize, nameof(features), "FeatureSize");
                    global::FourierGen.Guard.Finite(input, nameof(input));
                    EncodeUnchecked(ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(input),
                        ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(features));
                }

                /// <summary>γ of each row of inputs (InputSize per row) into the rows of features (FeatureSize per row).</summary>
                public void EncodeBatch(global::System.ReadOnlySpan<float> inputs, global::System.Span<float> features)
                {
                    int rows = global::FourierGen.Guard.Rows(inputs, InputSize, nameof(inputs), "InputSize per row");
                    global::FourierGen.Guard.Length(features, rows * FeatureSize, nameof(features), "FeatureSize per input row");
                    global::FourierGen.Guard.Finite(inputs, nameof(inputs));
                    ref float input = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(inputs);
                    ref float feature = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(features);
                    for (int row = 0; row < rows; row++)
                    {
                        EncodeUnchecked(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref input, row * InputSize),
                            ref global::System.Runtime.CompilerServices.Unsafe.Add(ref feature, row * FeatureSize));
                    }
                }

                """);

            if (spec.Mapping.Kind == MappingKind.None)
            {
                writer.WriteLines("""
                    /// <summary>Raw inputs: γ(v) = v.</summary>
                    private void EncodeUnchecked(ref float input, ref float features) =>
                        global::System.Runtime.CompilerServices.Unsafe.CopyBlockUnaligned(
                            ref global::System.Runtime.CompilerServices.Unsafe.As<float, byte>(ref features),
                            ref global::System.Runtime.CompilerServices.Unsafe.As<float, byte>(ref input), InputSize * sizeof(float));
                    """);
                return;
            }

            // The encoder is one width-generic runtime kernel (FeatureMap.EncodeUnchecked): it runs at the
            // process's vector width, so nothing here depends on the instruction set or on m.
            writer.WriteLine("/// <summary>γ(v) by the runtime's encoder at this process's vector width.</summary>");
            writer.WriteLine("private void EncodeUnchecked(ref float input, ref float features) => _featureMap.EncodeUnchecked(ref input, ref features);");
            writer.WriteLine();
        }
    }
}
