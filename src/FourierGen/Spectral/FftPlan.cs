namespace FourierGen.Spectral;

/// <summary>
/// The discrete Fourier transform of complex data of one shape (1-D, 2-D, 3-D or more), in float64, with the real
/// and imaginary parts in separate arrays. Element (i₀, i₁, …) is at i₀ + n₀·(i₁ + n₁·(i₂ + …)): the first axis is
/// the fastest, as pixel x in an image row. Any length per axis; powers of two are fastest.
/// </summary>
/// <remarks>
/// <para><see cref="Forward(Span{double}, Span{double})"/> computes X_k = Σ_j x_j e^{−2πi k·j/n} per axis (unscaled); <see cref="Inverse(Span{double}, Span{double})"/>
/// computes x_j = (1/N) Σ_k X_k e^{+2πi k·j/n}, so Inverse(Forward(x)) = x.</para>
/// <para>Written for FourierGen instead of taken from a package: FftSharp 2.2.0 has only power-of-two 1-D
/// transforms, and Math.NET Numerics 5.0.0's managed provider has no multi-dimensional transform (it throws
/// NotSupportedException without the native MKL provider); both took over 160 ms for one 512 × 512 transform
/// done line by line here, where the conjugate-gradient solves of <c>GridKernelRegression</c> need hundreds
/// of them. This one transforms <see cref="System.Numerics.Vector{T}"/>-many lines at once (each butterfly is one
/// vector operation, portable to any vector width), splits the lines across cores, allocates only per-call
/// scratch, and has no native parts, so the runtime stays trimmable and Native-AOT compatible.</para>
/// <para>A plan is immutable after construction: any number of threads may transform with it at once.</para>
/// </remarks>
public sealed class FftPlan
{
    private readonly int[] _shape;
    private readonly FftLine[] _lines;

    /// <summary>Prepares the transforms of arrays of <paramref name="shape"/> (first axis fastest).</summary>
    /// <param name="shape">The length of each axis, each ≥ 1.</param>
    /// <exception cref="ArgumentException">The shape is empty, a length is less than 1, or the total length overflows.</exception>
    public FftPlan(params ReadOnlySpan<int> shape)
    {
        if (shape.IsEmpty)
        {
            throw new ArgumentException("The shape needs at least one axis.", nameof(shape));
        }

        long total = 1;
        for (int axis = 0; axis < shape.Length; axis++)
        {
            if (shape[axis] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), $"shape[{axis}] is {shape[axis]}; every axis needs at least one element.");
            }

            total *= shape[axis];
            if (total > Array.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), $"The shape has more than {Array.MaxLength} elements.");
            }
        }

        _shape = shape.ToArray();
        Length = (int)total;
        _lines = new FftLine[shape.Length];
        var byLength = new Dictionary<int, FftLine>();
        for (int axis = 0; axis < shape.Length; axis++)
        {
            if (!byLength.TryGetValue(shape[axis], out FftLine? line))
            {
                line = new FftLine(shape[axis]);
                byLength.Add(shape[axis], line);
            }

            _lines[axis] = line;
        }
    }

    /// <summary>The length of each axis.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>N, the number of elements.</summary>
    public int Length { get; }

    /// <summary>The forward transform in place (unscaled, e^{−2πi k·j/n}).</summary>
    /// <param name="re">Real parts, <see cref="Length"/> values.</param>
    /// <param name="im">Imaginary parts, <see cref="Length"/> values.</param>
    /// <exception cref="ArgumentException">A span does not hold <see cref="Length"/> values.</exception>
    public void Forward(Span<double> re, Span<double> im) => Run(re, im, inverse: false, _shape);

    /// <summary>The inverse transform in place, scaled by 1/N (e^{+2πi k·j/n}).</summary>
    /// <param name="re">Real parts, <see cref="Length"/> values.</param>
    /// <param name="im">Imaginary parts, <see cref="Length"/> values.</param>
    /// <exception cref="ArgumentException">A span does not hold <see cref="Length"/> values.</exception>
    public void Inverse(Span<double> re, Span<double> im) => Inverse(re, im, _shape);

    /// <summary>
    /// The forward transform of data that is zero outside the corner box [0, <paramref name="nonzero"/>_k) of each axis
    /// (a zero-padded convolution's input): lines that are still all zero when their axis comes are skipped.
    /// </summary>
    internal void Forward(Span<double> re, Span<double> im, ReadOnlySpan<int> nonzero) => Run(re, im, inverse: false, nonzero);

    /// <summary>
    /// The inverse transform, scaled by 1/N, correct only inside the corner box [0, <paramref name="needed"/>_k) of each
    /// axis (a convolution's kept outputs): the axes run last to first, and lines outside the box of the axes already
    /// done are skipped. Values outside the box are left unspecified.
    /// </summary>
    internal void Inverse(Span<double> re, Span<double> im, ReadOnlySpan<int> needed)
    {
        Run(re, im, inverse: true, needed);
        double scale = 1.0 / Length;
        System.Numerics.Tensors.TensorPrimitives.Multiply(re, scale, re);
        System.Numerics.Tensors.TensorPrimitives.Multiply(im, scale, im);
    }

    private unsafe void Run(Span<double> re, Span<double> im, bool inverse, ReadOnlySpan<int> box)
    {
        Guard.Length(re, Length, nameof(re), "the plan's element count");
        Guard.Length(im, Length, nameof(im), "the plan's element count");
        int d = _shape.Length;
        fixed (double* pr = re, pi = im)
        {
            for (int step = 0; step < d; step++)
            {
                int axis = inverse ? d - 1 - step : step;
                if (_shape[axis] > 1)
                {
                    TransformAxis(pr, pi, axis, box, inverse);
                }
            }
        }
    }

    /// <summary>
    /// Transforms the lines along one axis whose indices on the axes above it lie inside <paramref name="box"/> (the
    /// others are zero, or not needed), lines split across cores.
    /// </summary>
    private unsafe void TransformAxis(double* re, double* im, int axis, ReadOnlySpan<int> box, bool inverse)
    {
        FftLine line = _lines[axis];
        int n = line.Length, lanes = FftLine.Lanes;
        int stride = 1;
        for (int a = 0; a < axis; a++)
        {
            stride *= _shape[a];
        }

        // The outer indices (the axes above this one, combined) inside the box.
        int outerCount = Length / (stride * n);
        var outer = new List<int>(outerCount);
        for (int q = 0; q < outerCount; q++)
        {
            bool inside = true;
            for (int a = axis + 1, rest = q; a < _shape.Length && inside; a++)
            {
                inside = rest % _shape[a] < box[a];
                rest /= _shape[a];
            }

            if (inside)
            {
                outer.Add(q);
            }
        }

        int lines = outer.Count * stride;
        int batches = (lines + lanes - 1) / lanes;

        // Enough batches per worker that the hand-off is worth it; one worker for small transforms.
        int workers = Math.Clamp(batches * n / 4096, 1, Math.Min(Environment.ProcessorCount, Math.Max(1, batches)));
        var job = new AxisJob(re, im, line, stride, n, lines, outer.ToArray(), inverse);
        if (workers == 1)
        {
            job.RunBatches(0, batches);
            return;
        }

        Parallel.For(0, workers, w => job.RunBatches((int)((long)batches * w / workers), (int)((long)batches * (w + 1) / workers)));
    }

    private sealed unsafe class AxisJob(double* re, double* im, FftLine line, int stride, int n, int lines, int[] outer, bool inverse)
    {
        public void RunBatches(int first, int end)
        {
            int lanes = FftLine.Lanes;
            int block = stride * n;
            var inRe = new double[n * lanes];
            var inIm = new double[n * lanes];
            var outRe = new double[line.ScratchLength];
            var outIm = new double[line.ScratchLength];
            bool contiguousLanes = stride % lanes == 0;
            Span<long> starts = stackalloc long[lanes];
            for (int batch = first; batch < end; batch++)
            {
                int firstLine = batch * lanes;
                int count = Math.Min(lanes, lines - firstLine);
                if (contiguousLanes)
                {
                    // The batch's lanes are adjacent in memory (an axis above the first with a lane-aligned stride).
                    long start = (long)outer[firstLine / stride] * block + firstLine % stride;
                    for (int j = 0; j < n; j++)
                    {
                        new ReadOnlySpan<double>(re + start + (long)j * stride, lanes).CopyTo(inRe.AsSpan(j * lanes, lanes));
                        new ReadOnlySpan<double>(im + start + (long)j * stride, lanes).CopyTo(inIm.AsSpan(j * lanes, lanes));
                    }

                    line.Transform(inRe, inIm, outRe, outIm, inverse);
                    for (int j = 0; j < n; j++)
                    {
                        outRe.AsSpan(j * lanes, lanes).CopyTo(new Span<double>(re + start + (long)j * stride, lanes));
                        outIm.AsSpan(j * lanes, lanes).CopyTo(new Span<double>(im + start + (long)j * stride, lanes));
                    }

                    continue;
                }

                for (int l = 0; l < lanes; l++)
                {
                    int index = firstLine + Math.Min(l, count - 1);
                    starts[l] = (long)outer[index / stride] * block + index % stride;
                }

                for (int j = 0; j < n; j++)
                {
                    for (int l = 0; l < lanes; l++)
                    {
                        // Lanes past the last line repeat it; their results are discarded.
                        long at = starts[l] + (long)j * stride;
                        inRe[j * lanes + l] = re[at];
                        inIm[j * lanes + l] = im[at];
                    }
                }

                line.Transform(inRe, inIm, outRe, outIm, inverse);
                for (int j = 0; j < n; j++)
                {
                    for (int l = 0; l < count; l++)
                    {
                        long at = starts[l] + (long)j * stride;
                        re[at] = outRe[j * lanes + l];
                        im[at] = outIm[j * lanes + l];
                    }
                }
            }
        }
    }
}
