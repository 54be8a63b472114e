using BenchmarkDotNet.Attributes;
using FourierGen.Kernels;

namespace FourierGen.Benchmarks;

/// <summary>
/// The analytic NTK Gram matrix of the paper's image network (256 Gaussian frequencies, 3 × 256 hidden) and a
/// Cholesky factorisation of a 4096 × 4096 Gram. The scalar baseline (features in float64, a triple-loop Gram,
/// the recursion per entry) runs at 1024 × 1024 beside the fast path at the same size: at 4096 it would take
/// minutes per call.
/// </summary>
public class KernelBenchmarks
{
    private readonly PaperNet _net = new(seed: 0);
    private float[] _points4096 = [], _points1024 = [];
    private double[] _k4096 = [], _k1024 = [], _gram = [], _factor = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _points4096 = Enumerable.Range(0, 4096 * 2).Select(_ => random.NextSingle()).ToArray();
        _points1024 = _points4096.AsSpan(0, 1024 * 2).ToArray();
        _k4096 = new double[4096 * 4096];
        _k1024 = new double[1024 * 1024];
        _net.NtkMatrix(_points4096, _points4096, _k4096);
        _gram = (double[])_k4096.Clone();
        _factor = new double[_gram.Length];

        // The symmetric Gram: one triangle of 4096² entries × 512 features, 2 flops per MAC.
        double gemm4096 = 4096.0 * 4097 / 2 * 512 * 2, gemm1024 = 1024.0 * 1025 / 2 * 512 * 2;
        Workload.Register(nameof(NtkMatrix4096), gemm4096, threads: Environment.ProcessorCount, isDouble: true);
        Workload.Register(nameof(NtkMatrix1024), gemm1024, threads: Environment.ProcessorCount, isDouble: true);
        Workload.Register(nameof(ScalarNtkMatrix1024), gemm1024, threads: 1, isDouble: true);
        Workload.Register(nameof(Cholesky4096), 4096.0 * 4096 * 4096 / 3, threads: Environment.ProcessorCount, isDouble: true);
    }

    [Benchmark(Description = "NtkMatrix 4096 × 4096, paper net (GFLOP/s of the feature Gram)")]
    public void NtkMatrix4096() => _net.NtkMatrix(_points4096, _points4096, _k4096);

    [Benchmark(Description = "NtkMatrix 1024 × 1024, paper net")]
    public void NtkMatrix1024() => _net.NtkMatrix(_points1024, _points1024, _k1024);

    [Benchmark(Description = "scalar baseline NtkMatrix 1024 × 1024")]
    [IterationCount(3)]
    [WarmupCount(1)]
    public void ScalarNtkMatrix1024() => ScalarNtk(_net, _points1024, _k1024);

    [Benchmark(Description = "Cholesky 4096 × 4096 (n³/3 flops)")]
    public void Cholesky4096()
    {
        _gram.AsSpan().CopyTo(_factor);
        for (int i = 0; i < 4096; i++)
        {
            _factor[i * 4096 + i] += 1e-6 * _gram[0];
        }

        Cholesky.Factor(_factor, 4096);
    }

    /// <summary>The straightforward implementation: float64 features, a triple-loop Gram, the recursion entry by entry.</summary>
    private static void ScalarNtk(PaperNet net, float[] points, double[] k)
    {
        int n = points.Length / 2, d = PaperNet.FeatureSize;
        var map = FourierGen.Features.FeatureMap.Random(2, PaperNet.FrequencyCount, FrequencyDistribution.Gaussian, 10f, 0, false, 0, null, net.Frequencies);
        double[] features = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            map.EncodeDouble(points.AsSpan(2 * i, 2), features.AsSpan(i * d, d));
        }

        LayerStep[] steps = LayerStep.Network(Parameterization.Standard, d, [256, 256, 256], Activation.Relu, 1.0, 0.0);
        double[] variance = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int f = 0; f < d; f++)
            {
                variance[i] += features[i * d + f] * features[i * d + f];
            }
        }

        // One triangle, mirrored: the same work as the fast path's symmetric case.
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                double s12 = 0;
                for (int f = 0; f < d; f++)
                {
                    s12 += features[i * d + f] * features[j * d + f];
                }

                AnalyticKernel.FromInputCovariance(s12 / d, variance[i] / d, variance[j] / d, steps, out _, out k[i * n + j]);
                k[j * n + i] = k[i * n + j];
            }
        }
    }
}
