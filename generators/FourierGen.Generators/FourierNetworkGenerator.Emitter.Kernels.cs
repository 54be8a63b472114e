using System.Collections.Generic;
using System.Linq;
using FourierGen.Generators.Model;

namespace FourierGen.Generators;

public sealed partial class FourierNetworkGenerator
{
    internal static partial class Emitter
    {
        private const string Kernels = "global::FourierGen.Kernels";

        /// <summary>
        /// The analytic kernels (ReLU and identity networks) and the empirical NTK (every network). The layer
        /// recursion is a table emitted from the declaration: the runtime's fused driver runs all of it on each
        /// tile of the Gram matrix while the tile is in cache, instead of streaming the n₁×n₂ matrices once per layer.
        /// </summary>
        private static void EmitKernels(SourceWriter writer, NetworkSpec spec)
        {
            string name = spec.Type.Name;
            writer.WriteLine("/// <summary>The empirical NTK of this finite network at its current parameters: ∇_θ f₀(x₁) · ∇_θ f₀(x₂) for output 0.</summary>");
            writer.WriteLine($"public double EmpiricalNtk({ReadOnlySpan} x1, {ReadOnlySpan} x2) => global::FourierGen.Training.EmpiricalKernel.Ntk(this, x1, x2);");
            writer.WriteLine();
            if (!spec.HasAnalyticKernel)
            {
                return;
            }

            writer.WriteLine("// The infinite-width recursion of this declaration (neural-tangents' stax.Dense / stax.Relu), layer by layer.");
            writer.WriteLine($"private static readonly {Kernels}.LayerStep[] s_kernelLayers =");
            writer.WriteLine("[");
            foreach (string step in KernelSteps(spec))
            {
                writer.WriteLine("    " + step + ",");
            }

            writer.WriteLine("];");
            writer.WriteLine();
            string map = spec.Mapping.Kind == MappingKind.None ? "null" : "_featureMap";
            writer.WriteLines($$"""
                /// <summary>The NNGP K(x₁, x₂) of the infinitely wide network (float64).</summary>
                public double Nngp({{ReadOnlySpan}} x1, {{ReadOnlySpan}} x2)
                {
                    {{Kernels}}.AnalyticKernel.Pair({{map}}, InputSize, x1, x2, s_kernelLayers, out double nngp, out _);
                    return nngp;
                }

                /// <summary>The NTK Θ(x₁, x₂) of the infinitely wide network (float64).</summary>
                public double Ntk({{ReadOnlySpan}} x1, {{ReadOnlySpan}} x2)
                {
                    {{Kernels}}.AnalyticKernel.Pair({{map}}, InputSize, x1, x2, s_kernelLayers, out _, out double ntk);
                    return ntk;
                }

                /// <summary>The NNGP between every row of xs1 and of xs2 into k (row-major |xs1| × |xs2|).</summary>
                public void NngpMatrix({{ReadOnlySpan}} xs1, {{ReadOnlySpan}} xs2, global::System.Span<double> k) =>
                    {{Kernels}}.AnalyticKernel.Matrix({{map}}, InputSize, xs1, xs2, s_kernelLayers, k, default);

                /// <summary>The NTK between every row of xs1 and of xs2 into k (row-major |xs1| × |xs2|).</summary>
                public void NtkMatrix({{ReadOnlySpan}} xs1, {{ReadOnlySpan}} xs2, global::System.Span<double> k) =>
                    {{Kernels}}.AnalyticKernel.Matrix({{map}}, InputSize, xs1, xs2, s_kernelLayers, default, k);

                """);
            if (spec.Mapping.Kind != MappingKind.None)
            {
                writer.WriteLines($$"""
                    /// <summary>The NTK as a function of Δ = v - v′ alone (Fourier features make it stationary): the paper's h(Δ).</summary>
                    public double KernelOfDifference(global::System.ReadOnlySpan<double> delta)
                    {
                        {{Kernels}}.StationaryKernel.KernelOfDifference(_featureMap, delta, s_kernelLayers, out _, out double ntk);
                        return ntk;
                    }

                    /// <summary>The NNGP as a function of Δ = v - v′ alone.</summary>
                    public double NngpOfDifference(global::System.ReadOnlySpan<double> delta)
                    {
                        {{Kernels}}.StationaryKernel.KernelOfDifference(_featureMap, delta, s_kernelLayers, out double nngp, out _);
                        return nngp;
                    }

                    """);
            }
        }

        private static IEnumerable<string> KernelSteps(NetworkSpec spec)
        {
            int[] widths = spec.LayerWidths();
            string activation = spec.HiddenActivation == ActivationKind.Relu ? $"{Kernels}.LayerStep.Relu" : $"{Kernels}.LayerStep.Identity";
            for (int k = 0; k + 1 < widths.Length; k++)
            {
                yield return $"{Kernels}.LayerStep.Dense(global::FourierGen.Parameterization.{spec.Parameterization}, {widths[k]}, " +
                    $"{SourceWriter.Double(spec.WeightStd)}, {SourceWriter.Double(spec.BiasStd)}, bias: {SourceWriter.Bool(spec.Bias)})";
                if (k + 2 < widths.Length)
                {
                    yield return activation;
                }
            }
        }
    }
}
