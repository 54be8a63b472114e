using BenchmarkDotNet.Attributes;

namespace FourierGen.Benchmarks;

/// <summary>γ(v) for the paper's 256-frequency Gaussian mapping of 2-D points.</summary>
[MemoryDiagnoser]
public class EncodeBenchmarks
{
    private const int BatchPoints = 65536;
    private readonly PaperNet _net = new(seed: 0);
    private readonly float[] _point = [0.3f, 0.7f];
    private readonly float[] _features = new float[PaperNet.FeatureSize];
    private float[] _points = [];
    private float[] _batchFeatures = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _points = Enumerable.Range(0, BatchPoints * 2).Select(_ => random.NextSingle()).ToArray();
        _batchFeatures = new float[BatchPoints * PaperNet.FeatureSize];
    }

    [Benchmark(Description = "Encode one 2-D point, 256 Gaussian frequencies")]
    public void EncodeOne() => _net.Encode(_point, _features);

    [Benchmark(Description = "EncodeBatch 65536 points, 256 Gaussian frequencies")]
    public void EncodeBatch() => _net.EncodeBatch(_points, _batchFeatures);
}
