using System.Collections.Generic;
using System.Linq;
using FourierGen.Generators.Model;

namespace FourierGen.Generators;

public sealed partial class FourierNetworkGenerator
{
    internal static partial class Emitter
    {
        private const string Dense = "global::FourierGen.Numerics.Dense";
        private const string Span = "global::System.Span<float>";
        private const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";

        /// <summary>Predict stack-allocates its buffers up to this many floats (64 KiB); larger networks use a per-thread buffer.</summary>
        private const int MaxStackFloats = 16384;

        private static void EmitNetwork(SourceWriter writer, NetworkSpec spec)
        {
            List<DenseLayer> layers = Layers(spec);
            int maxHidden = spec.Hidden.Count == 0 ? 0 : spec.Hidden.Max();
            EmitPassSizes(writer, spec, layers, maxHidden);
            EmitPredict(writer, spec, layers, maxHidden);
            EmitForwardRows(writer, layers);
            EmitInferRows(writer, layers, maxHidden);
            EmitBackwardRows(writer, layers, maxHidden);
            EmitTrainer(writer, spec);
        }

        private static string Activation(ActivationKind kind) => "global::FourierGen.Activation." + kind;

        private static string Bias(NetworkSpec spec, DenseLayer layer, string parameters) =>
            spec.Bias ? $"{parameters}.Slice({layer.B}, {layer.Outputs})" : "default";

        /// <summary>The arguments every Dense call ends with: sizes, activation and the parameterisation's scales.</summary>
        private static string LayerTail(DenseLayer layer) =>
            $"{layer.Inputs}, {layer.Outputs}, {Activation(layer.Activation)}, {SourceWriter.Float(layer.WeightScale)}, {SourceWriter.Float(layer.BiasScale)}";

        private static void EmitPassSizes(SourceWriter writer, NetworkSpec spec, List<DenseLayer> layers, int maxHidden)
        {
            int[] widths = spec.LayerWidths();
            writer.WriteLine("// Batched passes: sizes of the buffers the runtime provides (see global::FourierGen.Training.INetworkPasses).");
            writer.WriteLine($"private const int MaxHiddenWidth = {maxHidden};");
            writer.WriteLine($"private const int TrainingActivationsPerRow = {widths.Sum()};");
            writer.WriteLine($"private const int InferenceScratchPerRow = FeatureSize + 2 * MaxHiddenWidth;");
            writer.WriteLine();

            // Packed lengths come from the runtime (its kernels decide the layout), once, into static readonly
            // fields that the JIT treats as constants.
            foreach (DenseLayer layer in layers)
            {
                string previous = layer.Index == 0 ? "0" : $"s_forwardPack{layer.Index - 1} + {Dense}.PackedWeightsLength({layers[layer.Index - 1].Inputs}, {layers[layer.Index - 1].Outputs})";
                writer.WriteLine($"private static readonly int s_forwardPack{layer.Index} = {previous};");
            }

            DenseLayer last = layers[layers.Count - 1];
            writer.WriteLine($"private static readonly int s_forwardPackLength = s_forwardPack{last.Index} + {Dense}.PackedWeightsLength({last.Inputs}, {last.Outputs});");
            if (layers.Count > 1)
            {
                writer.WriteLine("private static readonly int s_backwardPack1 = 0;");
            }

            for (int k = 2; k < layers.Count; k++)
            {
                writer.WriteLine($"private static readonly int s_backwardPack{k} = s_backwardPack{k - 1} + {Dense}.PackedTransposedWeightsLength({layers[k - 1].Inputs}, {layers[k - 1].Outputs});");
            }

            writer.WriteLine(layers.Count == 1
                ? "private static readonly int s_backwardPackLength = 0;"
                : $"private static readonly int s_backwardPackLength = s_backwardPack{last.Index} + {Dense}.PackedTransposedWeightsLength({last.Inputs}, {last.Outputs});");
            writer.WriteLine();

            string passes = "global::FourierGen.Training.INetworkPasses";
            writer.WriteLine($"int {passes}.InputSize => InputSize;");
            writer.WriteLine($"int {passes}.OutputSize => OutputSize;");
            writer.WriteLine($"{Span} {passes}.Parameters => _parameters;");
            writer.WriteLine($"int {passes}.TrainingActivationsPerRow => TrainingActivationsPerRow;");
            writer.WriteLine($"int {passes}.InferenceScratchPerRow => InferenceScratchPerRow;");
            writer.WriteLine($"int {passes}.BackwardScratchPerRow => 2 * MaxHiddenWidth;");
            writer.WriteLine($"int {passes}.ForwardPackLength => s_forwardPackLength;");
            writer.WriteLine($"int {passes}.BackwardPackLength => s_backwardPackLength;");
            writer.WriteLine();

            writer.OpenBlock($"void {passes}.PackForward({Span} pack)");
            writer.WriteLine($"{ReadOnlySpan} p = _parameters;");
            foreach (DenseLayer layer in layers)
            {
                writer.WriteLine($"{Dense}.PackWeights(p.Slice({layer.W}, {layer.Inputs * layer.Outputs}), pack.Slice(s_forwardPack{layer.Index}), {layer.Inputs}, {layer.Outputs});");
            }

            writer.CloseBlock();
            writer.WriteLine();
            writer.OpenBlock($"void {passes}.PackBackward({Span} pack)");
            writer.WriteLine($"{ReadOnlySpan} p = _parameters;");
            writer.WriteLine("// The first layer needs no ∂/∂input: nothing to pack for it.");
            foreach (DenseLayer layer in layers.Skip(1))
            {
                writer.WriteLine($"{Dense}.PackTransposedWeights(p.Slice({layer.W}, {layer.Inputs * layer.Outputs}), pack.Slice(s_backwardPack{layer.Index}), {layer.Inputs}, {layer.Outputs});");
            }

            writer.CloseBlock();
            writer.WriteLine();
        }

        private static void EmitPredict(SourceWriter writer, NetworkSpec spec, List<DenseLayer> layers, int maxHidden)
        {
            writer.WriteLine("/// <summary>The network's output for one input: stack buffers only, no allocation. Thread-safe.</summary>");
            writer.OpenBlock($"public void Predict({ReadOnlySpan} input, {Span} output)");
            writer.WriteLine("global::FourierGen.Guard.Length(input, InputSize, nameof(input), \"InputSize\");");
            writer.WriteLine("global::FourierGen.Guard.Length(output, OutputSize, nameof(output), \"OutputSize\");");
            writer.WriteLine("global::FourierGen.Guard.Finite(input, nameof(input));");
            int scratch = spec.FeatureSize + 2 * maxHidden;
            writer.WriteLine(scratch <= MaxStackFloats
                ? $"{Span} scratch = stackalloc float[InferenceScratchPerRow];"
                : $"{Span} scratch = global::FourierGen.Training.ThreadScratch.Get(InferenceScratchPerRow);");
            writer.WriteLine($"{Span} features = scratch.Slice(0, FeatureSize);");
            if (maxHidden > 0)
            {
                writer.WriteLine($"{Span} even = scratch.Slice(FeatureSize, MaxHiddenWidth), odd = scratch.Slice(FeatureSize + MaxHiddenWidth, MaxHiddenWidth);");
            }

            writer.WriteLine("EncodeUnchecked(ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(input), ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(features));");
            writer.WriteLine($"{ReadOnlySpan} p = _parameters;");
            foreach (DenseLayer layer in layers)
            {
                string x = layer.Index == 0 ? "features" : HiddenBuffer(layer.Index - 1);
                string y = layer.IsLast ? "output" : HiddenBuffer(layer.Index);
                writer.WriteLine($"{Dense}.ForwardOne({x}, p.Slice({layer.W}, {layer.Inputs * layer.Outputs}), {Bias(spec, layer, "p")}, {y}, {LayerTail(layer)});");
            }

            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLines($$"""
                /// <summary>The outputs of every row of inputs (row-major, InputSize per row) into the rows of outputs, on all cores. Thread-safe; allocates nothing after warm-up.</summary>
                public void PredictBatch({{ReadOnlySpan}} inputs, {{Span}} outputs) =>
                    global::FourierGen.Training.BatchInference.Predict(this, inputs, outputs);

                """);

            static string HiddenBuffer(int index) => index % 2 == 0 ? "even" : "odd";
        }

        /// <summary>Where layer k's activations start in a chunk of rows (features first): rows × the widths before it.</summary>
        private static string Segment(List<DenseLayer> layers, int index, string buffer)
        {
            int before = 0;
            for (int k = 0; k < index; k++)
            {
                before += layers[k].Inputs;
            }

            int width = index < layers.Count ? layers[index].Inputs : layers[layers.Count - 1].Outputs;
            return $"{buffer}.Slice(rows * {before}, rows * {width})";
        }

        private static void EmitForwardRows(SourceWriter writer, List<DenseLayer> layers)
        {
            writer.OpenBlock($"void global::FourierGen.Training.INetworkPasses.ForwardRows({ReadOnlySpan} inputs, int rows, {Span} activations, {ReadOnlySpan} pack)");
            writer.WriteLine($"{ReadOnlySpan} p = _parameters;");
            writer.WriteLine($"EncodeRows(inputs, rows, {Segment(layers, 0, "activations")});");
            foreach (DenseLayer layer in layers)
            {
                writer.WriteLine($"{Dense}.ForwardPacked({Segment(layers, layer.Index, "activations")}, pack.Slice(s_forwardPack{layer.Index}), " +
                    $"{BiasOrDefault(layer)}, {Segment(layers, layer.Index + 1, "activations")}, rows, {LayerTail(layer)});");
            }

            writer.CloseBlock();
            writer.WriteLine();
            writer.OpenBlock($"private void EncodeRows({ReadOnlySpan} inputs, int rows, {Span} features)");
            writer.WriteLine("ref float input = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(inputs);");
            writer.WriteLine("ref float feature = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(features);");
            writer.OpenBlock("for (int row = 0; row < rows; row++)");
            writer.WriteLine("EncodeUnchecked(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref input, row * InputSize), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref feature, row * FeatureSize));");
            writer.CloseBlock();
            writer.CloseBlock();
            writer.WriteLine();
        }

        private static string BiasOrDefault(DenseLayer layer) => layer.HasBias ? $"p.Slice({layer.B}, {layer.Outputs})" : "default";

        private static void EmitInferRows(SourceWriter writer, List<DenseLayer> layers, int maxHidden)
        {
            writer.OpenBlock($"void global::FourierGen.Training.INetworkPasses.InferRows({ReadOnlySpan} inputs, int rows, {Span} scratch, {ReadOnlySpan} pack, {Span} outputs)");
            writer.WriteLine($"{ReadOnlySpan} p = _parameters;");
            writer.WriteLine($"{Span} features = scratch.Slice(0, rows * FeatureSize);");
            if (maxHidden > 0)
            {
                writer.WriteLine($"{Span} even = scratch.Slice(rows * FeatureSize, rows * MaxHiddenWidth), odd = scratch.Slice(rows * (FeatureSize + MaxHiddenWidth), rows * MaxHiddenWidth);");
            }

            writer.WriteLine("EncodeRows(inputs, rows, features);");
            foreach (DenseLayer layer in layers)
            {
                string x = layer.Index == 0 ? "features" : (layer.Index - 1) % 2 == 0 ? "even" : "odd";
                string y = layer.IsLast ? "outputs" : layer.Index % 2 == 0 ? "even" : "odd";
                writer.WriteLine($"{Dense}.ForwardPacked({x}, pack.Slice(s_forwardPack{layer.Index}), {BiasOrDefault(layer)}, {y}, rows, {LayerTail(layer)});");
            }

            writer.CloseBlock();
            writer.WriteLine();
        }

        private static void EmitBackwardRows(SourceWriter writer, List<DenseLayer> layers, int maxHidden)
        {
            writer.OpenBlock($"void global::FourierGen.Training.INetworkPasses.BackwardRows({Span} outputGradient, int rows, {ReadOnlySpan} activations, " +
                $"{Span} scratch, {ReadOnlySpan} pack, {Span} gradient, bool accumulate)");
            if (maxHidden > 0)
            {
                writer.WriteLine($"{Span} even = scratch.Slice(0, rows * MaxHiddenWidth), odd = scratch.Slice(rows * MaxHiddenWidth, rows * MaxHiddenWidth);");
            }

            writer.WriteLine("// From the output layer back: each layer turns ∂/∂(its output) into ∂/∂(its input) for the layer before.");
            for (int k = layers.Count - 1; k >= 0; k--)
            {
                DenseLayer layer = layers[k];
                string dY = layer.IsLast ? "outputGradient" : $"{(k % 2 == 0 ? "even" : "odd")}.Slice(0, rows * {layer.Outputs})";
                string dX = k == 0 ? "default" : $"{((k - 1) % 2 == 0 ? "even" : "odd")}.Slice(0, rows * {layer.Inputs})";
                string pack = k == 0 ? "default" : $"pack.Slice(s_backwardPack{k})";
                string db = layer.HasBias ? $"gradient.Slice({layer.B}, {layer.Outputs})" : "default";
                writer.WriteLine($"{Dense}.Backward({dY}, {Segment(layers, k + 1, "activations")}, {Segment(layers, k, "activations")}, {pack}, " +
                    $"gradient.Slice({layer.W}, {layer.Inputs * layer.Outputs}), {db}, {dX}, rows, {LayerTail(layer)}, accumulate);");
            }

            writer.CloseBlock();
            writer.WriteLine();
        }

        private static void EmitTrainer(SourceWriter writer, NetworkSpec spec)
        {
            string name = spec.Type.Name;
            writer.WriteLines($$"""
                /// <summary>Creates a trainer for this network; its buffers are sized once from the options.</summary>
                public {{name}}.Trainer CreateTrainer(global::FourierGen.TrainerOptions options) => new(this, options);

                global::FourierGen.INetworkTrainer global::FourierGen.IFourierNetwork<{{name}}>.CreateTrainer(global::FourierGen.TrainerOptions options) => CreateTrainer(options);

                /// <summary>
                /// Trains a {{name}} in place: Step runs forward, loss, backward and the optimiser on a batch, on the
                /// options' threads, allocating nothing. Not thread-safe; dispose it to stop its worker threads.
                /// </summary>
                public sealed class Trainer : global::FourierGen.INetworkTrainer
                {
                    private readonly global::FourierGen.Training.TrainingEngine _engine;

                    internal Trainer({{name}} network, global::FourierGen.TrainerOptions options)
                    {
                        Network = network;
                        _engine = new global::FourierGen.Training.TrainingEngine(network, options);
                    }

                    /// <summary>The network this trainer updates.</summary>
                    public {{name}} Network { get; }

                    /// <summary>Steps applied so far.</summary>
                    public long StepCount => _engine.StepCount;

                    /// <summary>The gradient of the last step, laid out like the parameters.</summary>
                    public {{ReadOnlySpan}} LastGradient => _engine.LastGradient;

                    /// <summary>One step on a batch (inputs: rows × InputSize, targets: rows × OutputSize); returns the batch's loss before the update.</summary>
                    /// <exception cref="global::FourierGen.TrainingDivergedException">The loss or the update is not finite; nothing was changed.</exception>
                    public float Step({{ReadOnlySpan}} inputs, {{ReadOnlySpan}} targets) => _engine.Step(inputs, targets);

                    /// <summary>One step from the caller's ∂L/∂ŷ at the current parameters (losses through a linear operator).</summary>
                    /// <exception cref="global::FourierGen.TrainingDivergedException">The update is not finite; nothing was changed.</exception>
                    public void Step({{ReadOnlySpan}} inputs, global::FourierGen.LossGradient gradient) => _engine.Step(inputs, gradient);

                    /// <summary>Stops the worker threads.</summary>
                    public void Dispose() => _engine.Dispose();
                }

                """);
        }
    }
}
