using System;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using FourierGen.Generators.Model;
using FourierGen.Weights;
using Microsoft.CodeAnalysis;

namespace FourierGen.Generators;

public sealed partial class FourierNetworkGenerator
{
    /// <summary>Resolves [FourierNetwork(Weights = "...")] against the project's .fgw AdditionalFiles.</summary>
    internal static class Baking
    {
        public const string Extension = ".fgw";

        /// <summary>
        /// Reads a weight file's bytes. Not through <see cref="AdditionalText.GetText"/>: the compiler reads
        /// additional files as text and rejects any with runs of zero bytes as binary (CS2015), and every
        /// weight file has them. The file is still an AdditionalFiles item, so the compiler and the IDE
        /// track it and rerun this step when it changes.
        /// </summary>
        public static WeightFileInput Read(AdditionalText text, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
#pragma warning disable RS1035 // File IO: the only way to read a binary AdditionalFiles item (see above).
                byte[] bytes = File.ReadAllBytes(text.Path);
#pragma warning restore RS1035
                return new WeightFileInput(text.Path, bytes.ToEquatableArray(), null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                return new WeightFileInput(text.Path, EquatableArray<byte>.Empty, e.Message);
            }
        }

        /// <summary>Matches a declaration's Weights path to a file and validates the file against the declaration.</summary>
        public static BakedNetwork Resolve(ParseResult parse, ImmutableArray<WeightFileInput> files, CancellationToken cancellationToken)
        {
            var none = new BakedNetwork(parse, EquatableArray<float>.Empty, EquatableArray<float>.Empty, EquatableArray<float>.Empty, false, null);
            if (parse.Spec is not { Weights: { } weights } spec || weights.Trim().Length == 0)
            {
                return none;
            }

            LocationInfo? location = parse.WeightsLocation;
            WeightFileInput? file = Find(files, weights);
            if (file is null)
            {
                return none with { WeightsError = DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileNotFound, location, weights) };
            }

            if (file.ReadError is not null)
            {
                return none with { WeightsError = DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileUnreadable, location, weights, file.ReadError) };
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (!WeightFileFormat.TryParse(file.Bytes.AsSpan().ToArray(), Fingerprint(spec), spec.Inputs, spec.Mapping.FrequencyCount(spec.Inputs),
                    (int)spec.ParameterCount(), out var contents, out string error))
            {
                DiagnosticDescriptor descriptor = WeightFileFormat.IsDeclarationMismatch(error)
                    ? DiagnosticDescriptors.WeightsFileMismatch
                    : DiagnosticDescriptors.WeightsFileCorrupt;
                return none with { WeightsError = DiagnosticInfo.Create(descriptor, location, weights, error) };
            }

            return new BakedNetwork(parse, contents.Frequencies.ToEquatableArray(), contents.Amplitudes.ToEquatableArray(),
                contents.Parameters.ToEquatableArray(), true, null);
        }

        /// <summary>The declaration's fingerprint, as the runtime checks it on Load (one shared definition).</summary>
        public static string Fingerprint(NetworkSpec spec) => WeightFingerprint.Create(
            spec.Inputs, spec.Outputs, spec.Hidden.AsSpan(), spec.Mapping.Kind.ToString(), spec.Mapping.FrequencyCount(spec.Inputs),
            spec.Mapping.Normalize, spec.HiddenActivation.ToString(), spec.OutputActivation.ToString(), spec.Parameterization.ToString(),
            spec.Bias, spec.WeightStd, spec.BiasStd);

        /// <summary>The AdditionalFiles item whose path is, or ends with, the declared relative path.</summary>
        private static WeightFileInput? Find(ImmutableArray<WeightFileInput> files, string weights)
        {
            string wanted = Normalize(weights);
            foreach (WeightFileInput file in files)
            {
                string path = Normalize(file.Path);
                if (string.Equals(path, wanted, StringComparison.Ordinal) || path.EndsWith("/" + wanted.TrimStart('.', '/'), StringComparison.Ordinal))
                {
                    return file;
                }
            }

            return null;
        }

        private static string Normalize(string path) => path.Replace('\\', '/');
    }
}
