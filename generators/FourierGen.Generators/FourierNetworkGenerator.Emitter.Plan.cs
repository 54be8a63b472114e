using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FourierGen.CompilerServices;
using FourierGen.Generators.Model;
using FourierGen.Weights;

namespace FourierGen.Generators;

public sealed partial class FourierNetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// The plan as data the runtime reads: a <c>file</c> class in <c>FourierGen.Generated</c>. Its names are
        /// <c>global::</c>-qualified too: a user's namespace <c>FourierGen.Activation</c> or type <c>FourierGen.Generated.NetworkLayout</c>
        /// would otherwise capture them (issue 18).
        /// </summary>
        private static class PlanClass
        {
            private const string FourierGen = "global::FourierGen.";
            private const string CompilerServices = "global::FourierGen.CompilerServices.";

            /// <summary>Fingerprint pieces per line: the literal is split at field boundaries to keep lines short.</summary>
            private const int FingerprintFieldsPerLine = 6;

            public static void Write(SourceWriter writer, NetworkPlan plan, BakedWeights? baked)
            {
                writer.WriteLine();
                writer.OpenBlock("namespace FourierGen.Generated");
                writer.WriteLine($"/// <summary>The plan of {EscapeXml(Dotted(plan.Type))}: what the runtime runs it by.</summary>");
                writer.OpenBlock("file static class " + GeneratedMembers.PlanClass);
                WriteFingerprint(writer, plan.Fingerprint);
                writer.WriteLine();
                writer.WriteLine($"internal static readonly {CompilerServices}NetworkLayout Layout = new(");
                writer.WriteLine($"    {Literal(plan.Type.DisplayName)}, inputSize: {plan.InputSize}, frequencyCount: {plan.FrequencyCount}, " +
                    $"outputSize: {plan.OutputSize}, parameterCount: {plan.ParameterCount}, Fingerprint,");
                WriteMapping(writer, plan.Mapping);
                writer.WriteLine($"    {FourierGen}Initialization.{plan.Initialization},");
                writer.WriteLine("    [");
                foreach (LayerPlan layer in plan.Layers)
                {
                    string[] values =
                    [
                        SourceWriter.Int(layer.Index), SourceWriter.Int(layer.Inputs), SourceWriter.Int(layer.Outputs), SourceWriter.Int(layer.WeightOffset),
                        SourceWriter.Int(layer.BiasOffset), SourceWriter.Int(layer.ActivationOffset), $"{FourierGen}Activation.{layer.Activation}",
                        SourceWriter.Float(layer.WeightScale), SourceWriter.Float(layer.BiasScale), $"{FourierGen}Parameterization.{layer.Parameterization}",
                        SourceWriter.Double(layer.WeightStd), SourceWriter.Double(layer.BiasStd),
                    ];
                    writer.WriteWrapped("        new(", values, "),", "            ");
                }

                writer.WriteLine("    ]);");
                if (baked is not null)
                {
                    WriteBaked(writer, baked);
                }

                writer.CloseBlock();
                writer.CloseBlock();
            }

            private static void WriteFingerprint(SourceWriter writer, string fingerprint)
            {
                string[] fields = fingerprint.Split(';');
                var pieces = new List<string>();
                for (int start = 0; start < fields.Length; start += FingerprintFieldsPerLine)
                {
                    bool last = start + FingerprintFieldsPerLine >= fields.Length;
                    string piece = string.Join(";", fields.Skip(start).Take(FingerprintFieldsPerLine)) + (last ? "" : ";");
                    pieces.Add(Literal(piece));
                }

                writer.WriteLine("internal const string Fingerprint =");
                for (int i = 0; i < pieces.Count; i++)
                {
                    writer.WriteLine("    " + pieces[i] + (i + 1 < pieces.Count ? " +" : ";"));
                }
            }

            private static void WriteMapping(SourceWriter writer, MappingSpec mapping)
            {
                string normalize = $"normalize: {SourceWriter.Bool(mapping.Normalize)}";
                switch (mapping.Kind)
                {
                    case MappingKind.Basic:
                        writer.WriteLine($"    {CompilerServices}MappingPlan.Basic({normalize}),");
                        break;
                    case MappingKind.Positional:
                        writer.WriteLine($"    {CompilerServices}MappingPlan.Positional({SourceWriter.Int(mapping.Size)}, {SourceWriter.Float(mapping.Scale)}, {normalize}),");
                        break;
                    case MappingKind.Random:
                        writer.WriteLine($"    {CompilerServices}MappingPlan.Random({FourierGen}FrequencyDistribution.{mapping.Distribution},");
                        writer.WriteLine($"        {SourceWriter.Int(mapping.Size)}, {SourceWriter.Float(mapping.Scale)}, seed: {SourceWriter.Int(mapping.Seed)}, {normalize}),");
                        break;
                    case MappingKind.PowerLaw:
                        writer.WriteLine($"    {CompilerServices}MappingPlan.PowerLaw({SourceWriter.Int(mapping.Size)}, {SourceWriter.Float(mapping.Exponent)}, {normalize}),");
                        break;
                    case MappingKind.Explicit:
                        writer.WriteLine($"    {CompilerServices}MappingPlan.Explicit(");
                        writer.WriteWrapped("        [", mapping.Frequencies.Select(SourceWriter.Float), "],", "         ");
                        writer.WriteWrapped("        [", mapping.Amplitudes.Select(SourceWriter.Float), "],", "         ");
                        writer.WriteLine($"        {normalize}),");
                        break;
                    default:
                        writer.WriteLine($"    {CompilerServices}MappingPlan.None,");
                        break;
                }
            }

            /// <summary>
            /// The weight file's values as UTF-8 base-64 literals (<see cref="BakedFloats"/>): one token per array for the
            /// compiler, where a collection expression of float literals was one per value; stored as RVA data all the same.
            /// </summary>
            private static void WriteBaked(SourceWriter writer, BakedWeights baked)
            {
                writer.WriteLine();
                writer.WriteLine($"internal static {CompilerServices}NetworkCore Baked() =>");
                writer.WriteLine("    Layout.FromBaked(BakedFrequencies, BakedAmplitudes, BakedParameters);");
                WriteFloats(writer, "BakedFrequencies", baked.Frequencies);
                WriteFloats(writer, "BakedAmplitudes", baked.Amplitudes);
                WriteFloats(writer, "BakedParameters", baked.Parameters);
            }

            private static void WriteFloats(SourceWriter writer, string property, EquatableArray<float> values)
            {
                writer.WriteLine();
                writer.WriteLine($"/// <summary>{values.AsSpan().Length.ToString(CultureInfo.InvariantCulture)} float32 values, little-endian, base-64.</summary>");
                writer.WriteLine($"private static global::System.ReadOnlySpan<byte> {property} =>");
                string[] lines = BakedFloats.ToBase64Lines(values.AsSpan().ToArray());
                if (lines.Length == 0)
                {
                    writer.WriteLine("    \"\"u8;");
                    return;
                }

                // A raw literal: its lines are indented like the closing quotes, which the compiler strips.
                writer.WriteLine("    \"\"\"");
                foreach (string line in lines)
                {
                    writer.WriteLine("    " + line);
                }

                writer.WriteLine("    \"\"\"u8;");
            }

            private static string Dotted(TypeSpec type) =>
                string.Join(".", new[] { type.Namespace }.Concat(type.ContainingTypes.Select(t => t.Name)).Append(type.Name).Where(p => p is not null));
        }
    }
}
