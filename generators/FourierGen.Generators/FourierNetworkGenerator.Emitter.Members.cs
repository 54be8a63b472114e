using FourierGen.Generators.Model;

namespace FourierGen.Generators;

public sealed partial class FourierNetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// The members of the user's type. Each is one expression forwarding to the network's runtime core (or, in a
        /// stub, throwing); members that implement an interface member take its documentation, the rest carry their own.
        /// </summary>
        private sealed class Members(SourceWriter writer, NetworkPlan plan, bool stub)
        {
            private const string Core = "__core";
            private const string CheckedCore = "__checkedCore";
            private const string CoreType = "global::FourierGen.CompilerServices.NetworkCore";

            private readonly string _name = plan.Type.Name;

            // A struct's default value has no core: its members check for one and say so (the class's field is never null).
            private readonly bool _struct = GeneratedMembers.IsStruct(plan.Type);

            private string CoreAccess => _struct ? CheckedCore : Core;

            private string Throw => $"throw global::FourierGen.CompilerServices.NetworkStub.NotGenerated({Literal(plan.Type.DisplayName)})";

            public void Sizes()
            {
                string widths = string.Join(" → ", LayerWidths());
                Constant("d, the number of inputs.", "int InputSize", SourceWriter.Int(plan.InputSize));
                Constant("m, the number of frequencies (rows of B); 0 for raw inputs.", "int FrequencyCount", SourceWriter.Int(plan.FrequencyCount));
                Constant("The length of γ(v), the first layer's input width.", "int FeatureSize", SourceWriter.Int(plan.FeatureSize));
                Constant("The number of outputs.", "int OutputSize", SourceWriter.Int(plan.OutputSize));
                Constant($"The number of trainable parameters: per layer W [out][in] then b, widths {widths}.", "int ParameterCount",
                    SourceWriter.Int(plan.ParameterCount));
                Constant("What a weight file must have been saved by: this declaration's sizes, mapping, activations, parameterisation.",
                    "string Fingerprint", stub ? "\"\"" : Plan + ".Fingerprint");
                writer.WriteLine();
                foreach (string size in new[] { "InputSize", "FeatureSize", "OutputSize", "ParameterCount" })
                {
                    writer.WriteLine($"static int global::FourierGen.IFourierNetwork<{_name}>.{size} => {size};");
                }

                writer.WriteLine();
            }

            public void Construction(bool baked)
            {
                if (!stub)
                {
                    writer.WriteLine($"private readonly {CoreType} {Core};");
                    writer.WriteLine();
                }

                writer.WriteLine("/// <summary>Creates the network: B and a as declared (or as given), then parameters drawn from the seed.</summary>");
                writer.WriteLine("/// <param name=\"seed\">Seeds the random frequencies (mixed with the attribute's Seed) and the parameters.</param>");
                writer.WriteLine("/// <param name=\"frequencyScale\">Overrides the declared scale σ of a random or positional mapping.</param>");
                writer.WriteLine("/// <param name=\"frequencies\">Overrides B itself: row-major, FrequencyCount × InputSize values.</param>");
                writer.WriteLine("/// <param name=\"amplitudes\">Overrides a itself: FrequencyCount values.</param>");
                writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">An override does not fit the declaration (its length, a");
                writer.WriteLine("/// non-finite value, or a scale or B given to a mapping that has none).</exception>");
                writer.WriteLine($"public {_name}(int seed = 0, float? frequencyScale = null,");
                writer.WriteMember($"    {ReadOnlySpan} frequencies = default, {ReadOnlySpan} amplitudes = default)",
                    stub ? Throw : $"{Core} = {Plan}.Layout.Create(seed, frequencyScale, frequencies, amplitudes)");
                if (_struct)
                {
                    // Without it `new Net()` of a struct is its default value, with no network in it.
                    writer.WriteLine();
                    writer.WriteLine("/// <summary>Creates the network with seed 0, as <c>new Net(seed: 0)</c> does.</summary>");
                    writer.WriteLine($"public {_name}() : this(seed: 0) {{ }}");
                }

                if (!stub)
                {
                    writer.WriteLine();
                    writer.WriteLine($"private {_name}({CoreType} core) => {Core} = core;");
                    if (_struct)
                    {
                        writer.WriteLine($"private {CoreType} {CheckedCore} =>");
                        writer.WriteLine($"    {Core} ?? throw global::FourierGen.CompilerServices.NetworkStub.Uninitialized({Literal(plan.Type.DisplayName)});");
                    }
                }

                if (baked)
                {
                    writer.WriteLine();
                    writer.WriteLine($"/// <summary>The network baked from {EscapeXml(plan.Weights!)} at compile time: constant data in this assembly,");
                    writer.WriteLine("/// no file I/O. Shared: training it changes it for every user.</summary>");
                    writer.WriteLine($"public static {_name} Baked {{ get; }} = new({Plan}.Baked());");
                }
                else if (stub && plan.Weights is not null)
                {
                    writer.WriteLine();
                    writer.WriteLine($"/// <summary>The network baked from {EscapeXml(plan.Weights)} at compile time.</summary>");
                    Forward($"public static {_name} Baked", "", inherited: false);
                }

                writer.WriteLine();
            }

            public void Network()
            {
                Forward("public int Seed", "Seed");
                Forward($"public {ReadOnlySpan} Frequencies", "Frequencies");
                Forward($"public {ReadOnlySpan} Amplitudes", "Amplitudes");
                Forward($"public {ReadOnlySpan} Parameters", "Parameters");
                Forward($"public void SetParameters({ReadOnlySpan} values)", "SetParameters(values)");
                writer.WriteLine();
                Forward($"public void Encode({ReadOnlySpan} input, {Span} features)", "Encode(input, features)");
                Forward($"public void EncodeBatch({ReadOnlySpan} inputs, {Span} features)", "EncodeBatch(inputs, features)");
                Forward($"public void Predict({ReadOnlySpan} input, {Span} output)", "Predict(input, output)");
                Forward($"public void PredictBatch({ReadOnlySpan} inputs, {Span} outputs)", "PredictBatch(inputs, outputs)");
                Forward($"public global::FourierGen.Trainer<{_name}> CreateTrainer(global::FourierGen.TrainerOptions options)", "CreateTrainer(this, options)");
                Forward($"public double EmpiricalNtk({ReadOnlySpan} x1, {ReadOnlySpan} x2)", "EmpiricalNtk(x1, x2)");
                writer.WriteLine();
            }

            public void Kernels()
            {
                if (!plan.HasAnalyticKernel)
                {
                    return;
                }

                Forward($"public double Nngp({ReadOnlySpan} x1, {ReadOnlySpan} x2)", "Nngp(x1, x2)");
                Forward($"public double Ntk({ReadOnlySpan} x1, {ReadOnlySpan} x2)", "Ntk(x1, x2)");
                Forward($"public void NngpMatrix({ReadOnlySpan} xs1, {ReadOnlySpan} xs2, global::System.Span<double> k)", "NngpMatrix(xs1, xs2, k)");
                Forward($"public void NtkMatrix({ReadOnlySpan} xs1, {ReadOnlySpan} xs2, global::System.Span<double> k)", "NtkMatrix(xs1, xs2, k)");
                const string Cancellable = "global::System.IProgress<double>? progress, global::System.Threading.CancellationToken cancellationToken";
                Forward($"public void NngpMatrix({ReadOnlySpan} xs1, {ReadOnlySpan} xs2, global::System.Span<double> k, {Cancellable})",
                    "NngpMatrix(xs1, xs2, k, progress, cancellationToken)");
                Forward($"public void NtkMatrix({ReadOnlySpan} xs1, {ReadOnlySpan} xs2, global::System.Span<double> k, {Cancellable})",
                    "NtkMatrix(xs1, xs2, k, progress, cancellationToken)");
                if (plan.HasMapping)
                {
                    writer.WriteLine("/// <summary>The NTK as a function of Δ = v - v′ alone (Fourier features make it stationary): the paper's h(Δ).</summary>");
                    writer.WriteLine("/// <param name=\"delta\">Δ, InputSize values.</param>");
                    writer.WriteLine("/// <returns>h(Δ), in float64.</returns>");
                    writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">Δ has the wrong length or holds NaN or ∞.</exception>");
                    Forward("public double KernelOfDifference(global::System.ReadOnlySpan<double> delta)", "KernelOfDifference(delta)", inherited: false);
                    writer.WriteLine("/// <summary>The NNGP as a function of Δ = v - v′ alone.</summary>");
                    writer.WriteLine("/// <param name=\"delta\">Δ, InputSize values.</param>");
                    writer.WriteLine("/// <returns>K(Δ), in float64.</returns>");
                    writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">Δ has the wrong length or holds NaN or ∞.</exception>");
                    Forward("public double NngpOfDifference(global::System.ReadOnlySpan<double> delta)", "NngpOfDifference(delta)", inherited: false);
                }

                writer.WriteLine();
            }

            public void WeightFiles()
            {
                const string Token = "global::System.Threading.CancellationToken cancellationToken = default";
                const string Task = "global::System.Threading.Tasks.Task";
                string create = $"static core => new {_name}(core)";
                Forward("public void Save(string path)", "Save(path)");
                Forward("public void Save(global::System.IO.Stream stream)", "Save(stream)");
                Forward($"public {Task} SaveAsync(string path, {Token})", "SaveAsync(path, cancellationToken)");
                Forward($"public {Task} SaveAsync(global::System.IO.Stream stream, {Token})", "SaveAsync(stream, cancellationToken)");
                Static($"public static {_name} Load(string path)", $"new({Plan}.Layout.Load(path))");
                Static($"public static {_name} Load(global::System.IO.Stream stream)", $"new({Plan}.Layout.Load(stream))");
                Static($"public static {Task}<{_name}> LoadAsync(string path, {Token})", $"{Plan}.Layout.LoadAsync(path, {create}, cancellationToken)");
                Static($"public static {Task}<{_name}> LoadAsync(global::System.IO.Stream stream, {Token})",
                    $"{Plan}.Layout.LoadAsync(stream, {create}, cancellationToken)");
                Static($"public static bool TryLoad(string path, [global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out {_name} network)",
                    $"{Plan}.Layout.TryLoad(path, {create}, out network)");
            }

            /// <summary>
            /// A member whose body is the core's member of the same shape (or, in a stub, a throw); unless told otherwise it
            /// implements an interface member and takes that member's documentation.
            /// </summary>
            private void Forward(string signature, string call, bool inherited = true)
            {
                if (inherited)
                {
                    writer.WriteLine("/// <inheritdoc/>");
                }

                writer.WriteMember(signature, stub ? Throw : $"{CoreAccess}.{call}");
            }

            /// <summary>A static interface member, implemented by the type's plan (or, in a stub, a throw).</summary>
            private void Static(string signature, string body)
            {
                writer.WriteLine("/// <inheritdoc/>");
                writer.WriteMember(signature, stub ? Throw : body);
            }

            private void Constant(string summary, string declaration, string value)
            {
                writer.WriteLine($"/// <summary>{summary}</summary>");
                writer.WriteLine($"public const {declaration} = {value};");
            }

            private System.Collections.Generic.IEnumerable<int> LayerWidths()
            {
                foreach (CompilerServices.LayerPlan layer in plan.Layers)
                {
                    if (layer.Index == 0)
                    {
                        yield return layer.Inputs;
                    }

                    yield return layer.Outputs;
                }
            }
        }
    }
}
