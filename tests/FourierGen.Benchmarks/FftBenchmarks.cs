using System.Numerics;
using BenchmarkDotNet.Attributes;
using FourierGen.Spectral;

namespace FourierGen.Benchmarks;

/// <summary>
/// One 2-D 512 × 512 complex forward FFT (the padded convolution of the 512² image protocol's grid NTK): the runtime's
/// <see cref="FftPlan"/> against the two FFT packages on the NuGet feed. Neither package has a usable managed 2-D
/// transform (FftSharp is 1-D only; Math.NET's managed provider throws NotSupportedException for ForwardMultiDim), so
/// they run the same rows-then-columns decomposition over their 1-D transforms.
/// </summary>
[MemoryDiagnoser]
public class FftBenchmarks
{
    private const int N = 512;
    private readonly FftPlan _plan = new(N, N);
    private double[] _re = [], _im = [];
    private Complex[] _complex = [], _column = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _re = Enumerable.Range(0, N * N).Select(_ => random.NextDouble()).ToArray();
        _im = new double[N * N];
        _complex = _re.Select(v => new Complex(v, 0)).ToArray();
        _column = new Complex[N];
    }

    [Benchmark(Baseline = true, Description = "FourierGen FftPlan 512 × 512 forward")]
    public void FourierGenPlan() => _plan.Forward(_re, _im);

    [Benchmark(Description = "MathNet.Numerics 5.0.0, 1-D Forward on rows then columns")]
    public void MathNetRowsColumns()
    {
        var options = global::MathNet.Numerics.IntegralTransforms.FourierOptions.NoScaling;
        var row = new Complex[N];
        for (int r = 0; r < N; r++)
        {
            Array.Copy(_complex, r * N, row, 0, N);
            global::MathNet.Numerics.IntegralTransforms.Fourier.Forward(row, options);
            Array.Copy(row, 0, _complex, r * N, N);
        }

        Columns(column => global::MathNet.Numerics.IntegralTransforms.Fourier.Forward(column, options));
    }

    [Benchmark(Description = "FftSharp 2.2.0, 1-D Forward on rows then columns")]
    public void FftSharpRowsColumns()
    {
        for (int r = 0; r < N; r++)
        {
            FftSharp.FFT.Forward(_complex.AsSpan(r * N, N));
        }

        Columns(column => FftSharp.FFT.Forward(column));
    }

    private void Columns(Action<Complex[]> transform)
    {
        for (int c = 0; c < N; c++)
        {
            for (int r = 0; r < N; r++)
            {
                _column[r] = _complex[r * N + c];
            }

            transform(_column);
            for (int r = 0; r < N; r++)
            {
                _complex[r * N + c] = _column[r];
            }
        }
    }
}
