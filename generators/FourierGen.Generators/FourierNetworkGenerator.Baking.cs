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

        /// <summary>
        /// Matches a plan's Weights path to a file and validates the file against the plan. A problem (no file, an
        /// unreadable, corrupt or mismatched one) makes the source a stub and becomes a diagnostic at the Weights argument.
        /// </summary>
        public static NetworkSource Resolve(NetworkPlan plan, ImmutableArray<WeightFileInput> files, CancellationToken cancellationToken)
        {
            if (plan.IsStub || plan.Weights is not { } weights || weights.Trim().Length == 0)
            {
                return new NetworkSource(plan, null, null);
            }

            WeightFileInput? file = Find(files, weights);
            if (file is null)
            {
                return Problem(plan, DiagnosticDescriptors.WeightsFileNotFound, weights);
            }

            if (file.ReadError is not null)
            {
                return Problem(plan, DiagnosticDescriptors.WeightsFileUnreadable, weights, file.ReadError);
            }

            cancellationToken.ThrowIfCancellationRequested();
            byte[] bytes = file.Bytes.AsSpan().ToArray();
            if (!WeightFileFormat.TryParse(bytes, plan.Fingerprint, plan.InputSize, plan.FrequencyCount,
                    plan.ParameterCount, out var contents, out WeightFileError code, out string error))
            {
                // Intact but saved by another declaration, or damaged: the fix differs, so the diagnostic does. A damaged
                // fingerprint fails its stored hash and damaged counts contradict the fingerprint, so the reader calls both
                // corrupt; a fingerprint mismatch is an intact file of another declaration.
                bool otherDeclaration = code is WeightFileError.FingerprintMismatch;
                return Problem(plan, otherDeclaration ? DiagnosticDescriptors.WeightsFileMismatch : DiagnosticDescriptors.WeightsFileCorrupt, weights, error);
            }

            var baked = new BakedWeights(contents.Frequencies.ToEquatableArray(), contents.Amplitudes.ToEquatableArray(), contents.Parameters.ToEquatableArray());
            return new NetworkSource(plan, baked, null);
        }

        private static NetworkSource Problem(NetworkPlan plan, DiagnosticDescriptor descriptor, params object?[] arguments) =>
            new(plan, null, new PlanProblem(descriptor.Id, DiagnosticInfo.Arguments(arguments), AtWeights: true));

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
