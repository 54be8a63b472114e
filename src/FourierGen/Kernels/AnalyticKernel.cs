using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FourierGen.Features;
using FourierGen.Numerics;

namespace FourierGen.Kernels;

/// <summary>
/// The analytic infinite-width NNGP and NTK of a fully connected network, from float64 features:
/// input covariance Σ = x·x′/d (Θ = 0), then the <see cref="LayerStep"/> recursion. What generated
/// networks call for <c>Nngp</c>, <c>Ntk</c>, <c>NngpMatrix</c> and <c>NtkMatrix</c>.
/// </summary>
/// <remarks>
/// The matrix path computes the feature Gram matrix F₁F₂ᵀ with a packed, register-tiled GEMM at the
/// process's vector width (<see cref="PackedGemm{V}"/>) in blocks of 96 × 256 entries, runs the whole layer recursion on each
/// block while it is in cache, and splits the blocks across cores. When both feature sets are the
/// same memory it computes the blocks on or above the diagonal only and mirrors them. Each entry is
/// computed the same way whichever thread or block computes it, so results do not depend on the
/// thread count, and entries of identical points equal the diagonal closed form exactly.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
internal static unsafe class AnalyticKernel
{
    internal const int BlockRows = 96;   // MC: whole panels of 4, 6 or 8 rows
    internal const int BlockColumns = 256; // NC: whole panels of 2–16 columns
    internal const int DepthBlock = 256; // KC

    // Per worker: the block's Gram (overwritten by Σ), its Θ, and up to one vector's worth of its columns transposed for
    // the mirror copy (8 doubles: Vector512).
    private const long ScratchLength = 2L * BlockRows * BlockColumns + 8L * BlockRows;

    /// <summary>
    /// The NNGP and/or NTK between every row of <paramref name="features1"/> and every row of
    /// <paramref name="features2"/> (both row-major, <paramref name="featureSize"/> per row), into
    /// row-major n₁ × n₂ matrices. Pass an empty span for a kernel you do not need.
    /// </summary>
    /// <param name="features1">γ of the first points, n₁ × d.</param>
    /// <param name="n1">n₁.</param>
    /// <param name="features2">γ of the second points, n₂ × d (the same memory as <paramref name="features1"/> for the symmetric path).</param>
    /// <param name="n2">n₂.</param>
    /// <param name="featureSize">d.</param>
    /// <param name="steps">The layers, in order (see <see cref="LayerStep.Network"/>).</param>
    /// <param name="nngp">n₁ × n₂ NNGP, or empty.</param>
    /// <param name="ntk">n₁ × n₂ NTK, or empty.</param>
    public static void Matrix(ReadOnlySpan<double> features1, int n1, ReadOnlySpan<double> features2, int n2, int featureSize,
        ReadOnlySpan<LayerStep> steps, Span<double> nngp, Span<double> ntk)
    {
        CheckSteps(steps);
        Run(SimdWidth.Current, features1, n1, features2, n2, featureSize, steps, nngp, ntk, WorkProgress.None);
    }

    /// <summary>The matrices at an explicit vector width (the tests check that every width gives the same bits).</summary>
    internal static void MatrixAt(VectorWidth width, ReadOnlySpan<double> features1, int n1, ReadOnlySpan<double> features2, int n2, int featureSize,
        ReadOnlySpan<LayerStep> steps, Span<double> nngp, Span<double> ntk)
    {
        CheckSteps(steps);
        Run(width, features1, n1, features2, n2, featureSize, steps, nngp, ntk, WorkProgress.None);
    }

    private static void Run(VectorWidth width, ReadOnlySpan<double> features1, int n1, ReadOnlySpan<double> features2, int n2, int featureSize,
        ReadOnlySpan<LayerStep> steps, Span<double> nngp, Span<double> ntk, WorkProgress work)
    {
        if (featureSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(featureSize), featureSize, "The feature size must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(n1);
        ArgumentOutOfRangeException.ThrowIfNegative(n2);
        Guard.Length(features1, (long)n1 * featureSize, nameof(features1), $"{n1} points × {featureSize} features");
        Guard.Length(features2, (long)n2 * featureSize, nameof(features2), $"{n2} points × {featureSize} features");
        int entries = Guard.Count((long)n1 * n2, nngp.IsEmpty ? nameof(ntk) : nameof(nngp), $"{n1} × {n2} kernel entries");
        if (nngp.IsEmpty && ntk.IsEmpty && entries > 0)
        {
            throw new ArgumentException("Pass an nngp or an ntk destination (or both).", nameof(ntk));
        }

        // Destinations may be longer (the BCL's rule); the job writes the first n₁ × n₂ entries.
        if (!nngp.IsEmpty)
        {
            Guard.AtLeast(nngp, entries, nameof(nngp), $"{n1} × {n2} kernel entries");
            nngp = nngp.Slice(0, entries);
        }

        if (!ntk.IsEmpty)
        {
            Guard.AtLeast(ntk, entries, nameof(ntk), $"{n1} × {n2} kernel entries");
            ntk = ntk.Slice(0, entries);
        }

        CheckFinite(features1, nameof(features1));
        bool symmetric = n1 == n2 && Unsafe.AreSame(ref MemoryMarshal.GetReference(features1), ref MemoryMarshal.GetReference(features2));
        if (!symmetric)
        {
            CheckFinite(features2, nameof(features2));
        }

        if (entries == 0)
        {
            return;
        }

        fixed (double* f1 = features1, f2 = features2, pn = nngp, pt = ntk)
        {
            double* n = nngp.IsEmpty ? null : pn, t = ntk.IsEmpty ? null : pt;
            LayerStep[] layers = steps.ToArray();
            switch (width)
            {
                case VectorWidth.Vector512: new MatrixJob<Simd512<double>>(f1, n1, f2, n2, featureSize, layers, n, t, symmetric, work).Run(); break;
                case VectorWidth.Vector256: new MatrixJob<Simd256<double>>(f1, n1, f2, n2, featureSize, layers, n, t, symmetric, work).Run(); break;
                case VectorWidth.Vector128: new MatrixJob<Simd128<double>>(f1, n1, f2, n2, featureSize, layers, n, t, symmetric, work).Run(); break;
                default: new MatrixJob<SimdScalar<double>>(f1, n1, f2, n2, featureSize, layers, n, t, symmetric, work).Run(); break;
            }
        }
    }

    /// <summary>
    /// The feature Gram matrix G = F₁F₂ᵀ/d (the input covariance of every pair), row-major n₁ × n₂,
    /// with the same blocked GEMM (and the same symmetric path) as <see cref="Matrix(ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, int, ReadOnlySpan{LayerStep}, Span{double}, Span{double})"/>.
    /// </summary>
    /// <param name="features1">n₁ × d, row-major.</param>
    /// <param name="n1">n₁.</param>
    /// <param name="features2">n₂ × d, row-major (the same memory as <paramref name="features1"/> for the symmetric path).</param>
    /// <param name="n2">n₂.</param>
    /// <param name="featureSize">d.</param>
    /// <param name="gram">n₁ × n₂ destination.</param>
    public static void Gram(ReadOnlySpan<double> features1, int n1, ReadOnlySpan<double> features2, int n2, int featureSize, Span<double> gram)
    {
        Run(SimdWidth.Current, features1, n1, features2, n2, featureSize, [], gram, default, WorkProgress.None);
    }

    /// <summary>
    /// The kernel matrices between two sets of raw inputs: encodes them with <paramref name="map"/>
    /// in float64 (or takes them as they are when <paramref name="map"/> is null), then
    /// <see cref="Matrix(ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, int, ReadOnlySpan{LayerStep}, Span{double}, Span{double})"/>.
    /// Passing the same span twice takes the symmetric path.
    /// </summary>
    /// <param name="map">The feature mapping, or null for raw inputs.</param>
    /// <param name="inputSize">Inputs per point.</param>
    /// <param name="xs1">The first points, row-major.</param>
    /// <param name="xs2">The second points, row-major.</param>
    /// <param name="steps">The layers.</param>
    /// <param name="nngp">n₁ × n₂ NNGP, or empty.</param>
    /// <param name="ntk">n₁ × n₂ NTK, or empty.</param>
    /// <param name="work">Cancellation, checked between tiles, and progress, the fraction of tiles done.</param>
    public static void Matrix(FeatureMap? map, int inputSize, ReadOnlySpan<float> xs1, ReadOnlySpan<float> xs2,
        ReadOnlySpan<LayerStep> steps, Span<double> nngp, Span<double> ntk, WorkProgress? work = null)
    {
        int featureSize = FeatureSize(map, inputSize);
        int n1 = Guard.Rows(xs1, inputSize, nameof(xs1), "inputs per point");
        int n2 = Guard.Rows(xs2, inputSize, nameof(xs2), "inputs per point");

        // Sizes before any work: named as the networks' NtkMatrix names them (xs1, xs2, k), the limit named, nothing allocated.
        Guard.Count((long)n1 * featureSize, nameof(xs1), $"γ of {n1} points in float64, {featureSize} features each,");
        Guard.Count((long)n2 * featureSize, nameof(xs2), $"γ of {n2} points in float64, {featureSize} features each,");
        Guard.AtLeast(nngp.IsEmpty ? ntk : nngp, (long)n1 * n2, "k", $"{n1} × {n2} kernel entries");
        Guard.Finite(xs1, nameof(xs1));
        bool same = xs1.Length == xs2.Length
            && Unsafe.AreSame(ref MemoryMarshal.GetReference(xs1), ref MemoryMarshal.GetReference(xs2));
        if (!same)
        {
            Guard.Finite(xs2, nameof(xs2));
        }

        double[] features1 = Encode(map, inputSize, xs1, n1, featureSize);
        double[] features2 = same ? features1 : Encode(map, inputSize, xs2, n2, featureSize);
        CheckSteps(steps);
        Run(SimdWidth.Current, features1, n1, features2, n2, featureSize, steps, nngp, ntk, work ?? WorkProgress.None);
    }

    /// <summary>The NNGP and NTK of one pair of feature vectors (no allocation).</summary>
    /// <param name="features1">γ(x₁).</param>
    /// <param name="features2">γ(x₂), the same length.</param>
    /// <param name="steps">The layers.</param>
    /// <param name="nngp">The NNGP K(x₁, x₂).</param>
    /// <param name="ntk">The NTK Θ(x₁, x₂).</param>
    public static void Pair(ReadOnlySpan<double> features1, ReadOnlySpan<double> features2, ReadOnlySpan<LayerStep> steps,
        out double nngp, out double ntk)
    {
        if (features1.IsEmpty)
        {
            throw new ArgumentException("features1 must not be empty.", nameof(features1));
        }

        Guard.Length(features2, features1.Length, nameof(features2), "the length of features1");
        CheckSteps(steps);
        CheckFinite(features1, nameof(features1));
        CheckFinite(features2, nameof(features2));

        // Three multiply-add chains in increasing k, as the GEMM computes each entry.
        double s12 = 0, s11 = 0, s22 = 0;
        for (int k = 0; k < features1.Length; k++)
        {
            s12 = SimdMath.MultiplyAdd(features1[k], features2[k], s12);
            s11 = SimdMath.MultiplyAdd(features1[k], features1[k], s11);
            s22 = SimdMath.MultiplyAdd(features2[k], features2[k], s22);
        }

        double inv = 1.0 / features1.Length;
        FromInputCovariance(s12 * inv, s11 * inv, s22 * inv, steps, out nngp, out ntk);
    }

    /// <summary>
    /// The NNGP and NTK of one pair of raw inputs, encoded with <paramref name="map"/> (null: raw
    /// inputs) on the stack: no allocation for feature sizes up to 1024.
    /// </summary>
    /// <param name="map">The feature mapping, or null.</param>
    /// <param name="inputSize">Inputs per point.</param>
    /// <param name="x1">The first point.</param>
    /// <param name="x2">The second point.</param>
    /// <param name="steps">The layers.</param>
    /// <param name="nngp">The NNGP.</param>
    /// <param name="ntk">The NTK.</param>
    public static void Pair(FeatureMap? map, int inputSize, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2,
        ReadOnlySpan<LayerStep> steps, out double nngp, out double ntk)
    {
        int d = FeatureSize(map, inputSize);
        Guard.Length(x1, inputSize, nameof(x1), "inputs per point");
        Guard.Length(x2, inputSize, nameof(x2), "inputs per point");
        Guard.Finite(x1, nameof(x1));
        Guard.Finite(x2, nameof(x2));
        double[]? rented = null;
        Span<double> buffer = 2 * d <= 2048 ? stackalloc double[2 * d] : (rented = new double[2 * d]);
        Span<double> g1 = buffer[..d], g2 = buffer[d..];
        EncodeOne(map, x1, g1);
        EncodeOne(map, x2, g2);
        Pair(g1, g2, steps, out nngp, out ntk);
        GC.KeepAlive(rented);
    }

    /// <summary>
    /// The NNGP and NTK from the input covariance: Σ₁₂ = x₁·x₂/d and the variances Σ₁₁, Σ₂₂ of the two
    /// points, through the layer recursion. The stationary (<see cref="StationaryKernel"/>) and the
    /// pair paths end here.
    /// </summary>
    /// <param name="covariance">Σ₁₂.</param>
    /// <param name="variance1">Σ₁₁.</param>
    /// <param name="variance2">Σ₂₂.</param>
    /// <param name="steps">The layers.</param>
    /// <param name="nngp">The NNGP.</param>
    /// <param name="ntk">The NTK.</param>
    public static void FromInputCovariance(double covariance, double variance1, double variance2, ReadOnlySpan<LayerStep> steps,
        out double nngp, out double ntk)
    {
        double theta = 0;
        foreach (ref readonly LayerStep step in steps)
        {
            KernelRecursion.ApplyPair(step, ref covariance, ref theta, variance1, variance2);
            variance1 = KernelRecursion.Variance(step, variance1);
            variance2 = KernelRecursion.Variance(step, variance2);
        }

        nngp = covariance;
        ntk = theta;
    }

    /// <summary>
    /// The recursion applied to many input covariances Σ₁₂ that share one constant variance Σᵢᵢ
    /// (a stationary kernel), vectorised; either destination may be empty.
    /// </summary>
    /// <param name="covariances">Σ₁₂ per entry.</param>
    /// <param name="variance">The shared Σ₁₁ = Σ₂₂.</param>
    /// <param name="steps">The layers.</param>
    /// <param name="nngp">NNGP per entry, or empty.</param>
    /// <param name="ntk">NTK per entry, or empty.</param>
    public static void FromInputCovariances(ReadOnlySpan<double> covariances, double variance, ReadOnlySpan<LayerStep> steps,
        Span<double> nngp, Span<double> ntk)
    {
        CheckSteps(steps);
        if (nngp.IsEmpty && ntk.IsEmpty)
        {
            throw new ArgumentException("Pass an nngp or an ntk destination (or both).", nameof(ntk));
        }

        if (!nngp.IsEmpty)
        {
            Guard.Length(nngp, covariances.Length, nameof(nngp), "one per covariance");
        }

        if (!ntk.IsEmpty)
        {
            Guard.Length(ntk, covariances.Length, nameof(ntk), "one per covariance");
        }

        CheckFinite(covariances, nameof(covariances));
        const int Chunk = 256;
        Span<double> sigma = stackalloc double[Chunk];
        Span<double> theta = stackalloc double[Chunk];
        Span<double> variances = stackalloc double[Chunk];
        Span<double> inverseRoots = stackalloc double[Chunk];
        for (int start = 0; start < covariances.Length; start += Chunk)
        {
            int w = Math.Min(Chunk, covariances.Length - start);
            Span<double> s = sigma[..w];
            Span<double> t = ntk.IsEmpty ? default : theta[..w];
            covariances.Slice(start, w).CopyTo(s);
            t.Clear();
            double v = variance;
            foreach (ref readonly LayerStep step in steps)
            {
                if (step.Kind == LayerStepKind.Relu)
                {
                    variances[..w].Fill(v);
                    inverseRoots[..w].Fill(KernelRecursion.InverseRoot(v));
                }

                KernelRecursion.Apply(step, s, t, v, variances[..w], inverseRoots[..w]);
                v = KernelRecursion.Variance(step, v);
            }

            if (!nngp.IsEmpty)
            {
                s.CopyTo(nngp.Slice(start, w));
            }

            if (!ntk.IsEmpty)
            {
                t.CopyTo(ntk.Slice(start, w));
            }
        }
    }

    /// <summary>The length of γ(v): 2m for a mapping, the input size for raw inputs.</summary>
    internal static int FeatureSize(FeatureMap? map, int inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        if (map is not null && map.InputSize != inputSize)
        {
            throw new ArgumentException($"inputSize is {inputSize} but the feature map takes {map.InputSize} inputs per point.", nameof(inputSize));
        }

        return map is null ? inputSize : 2 * map.FrequencyCount;
    }

    /// <summary>γ of each row of <paramref name="inputs"/> in float64, rows split across cores.</summary>
    internal static double[] Encode(FeatureMap? map, int inputSize, ReadOnlySpan<float> inputs, int n, int featureSize)
    {
        var features = GC.AllocateUninitializedArray<double>(Guard.Count((long)n * featureSize, nameof(inputs), $"γ of {n} points, {featureSize} features each,"));
        if (map is null)
        {
            for (int k = 0; k < inputs.Length; k++)
            {
                features[k] = inputs[k];
            }

            return features;
        }

        float[] source = inputs.ToArray();
        int chunks = Math.Min(n, 4 * Environment.ProcessorCount);
        Parallel.For(0, chunks, chunk =>
        {
            int start = (int)((long)n * chunk / chunks), end = (int)((long)n * (chunk + 1) / chunks);
            for (int i = start; i < end; i++)
            {
                map.EncodeDouble(source.AsSpan(i * inputSize, inputSize), features.AsSpan(i * featureSize, featureSize));
            }
        });
        return features;
    }

    private static void EncodeOne(FeatureMap? map, ReadOnlySpan<float> x, Span<double> features)
    {
        if (map is null)
        {
            for (int k = 0; k < x.Length; k++)
            {
                features[k] = x[k];
            }
        }
        else
        {
            map.EncodeDouble(x, features);
        }
    }

    internal static void CheckSteps(ReadOnlySpan<LayerStep> steps)
    {
        if (steps.IsEmpty)
        {
            throw new ArgumentException("The recursion needs at least one layer step (the readout Dense).", nameof(steps));
        }
    }

    internal static void CheckFinite(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; every value must be finite (not NaN or ∞).", name);
            }
        }
    }

    /// <summary>One matrix evaluation at one vector width: packed panels, per-point variances, blocks in parallel.</summary>
    private sealed class MatrixJob<V>
        where V : unmanaged, ISimd<V, double>
    {
        private readonly double* _f1, _f2, _nngp, _ntk;
        private readonly int _n1, _n2, _d;
        private readonly LayerStep[] _steps;
        private readonly bool _symmetric;
        private readonly WorkProgress _work;
        private int _tilesDone;
        private double* _packA, _packB;
        private double[] _variances1 = [], _variances2 = [], _inverseRoots2 = [];

        public MatrixJob(double* f1, int n1, double* f2, int n2, int d, LayerStep[] steps, double* nngp, double* ntk, bool symmetric, WorkProgress work)
        {
            _work = work;
            _f1 = f1;
            _f2 = f2;
            _nngp = nngp;
            _ntk = ntk;
            (_n1, _n2, _d, _steps, _symmetric) = (n1, n2, d, steps, symmetric);
        }

        public void Run()
        {
            int panelsA = (_n1 + PackedGemm<V>.MR - 1) / PackedGemm<V>.MR;
            int panelsB = (_n2 + PackedGemm<V>.NR - 1) / PackedGemm<V>.NR;
            _packA = PackedGemm.Alloc((long)panelsA * PackedGemm<V>.MR * _d);
            _packB = PackedGemm.Alloc((long)panelsB * PackedGemm<V>.NR * _d);
            try
            {
                Parallel.For(0, panelsA + panelsB, p =>
                {
                    if (p < panelsA)
                    {
                        PackedGemm<V>.PackA(_f1, _d, p * PackedGemm<V>.MR, _n1, 0, _d, _packA + (long)p * PackedGemm<V>.MR * _d, 1.0);
                    }
                    else
                    {
                        int q = p - panelsA;
                        PackedGemm<V>.PackB(_f2, _d, q * PackedGemm<V>.NR, _n2, 0, _d, _packB + (long)q * PackedGemm<V>.NR * _d);
                    }
                });

                _variances1 = Variances(_f1, _n1);
                _variances2 = _symmetric ? _variances1 : Variances(_f2, _n2);
                _inverseRoots2 = Array.ConvertAll(_variances2, KernelRecursion.InverseRoot); // per column; a row's own is one scalar per ReLU call

                int rowBlocks = (_n1 + BlockRows - 1) / BlockRows;
                int columnBlocks = (_n2 + BlockColumns - 1) / BlockColumns;
                var tasks = new List<(int Row, int Column)>(rowBlocks * columnBlocks);
                // Column blocks outermost: consecutive blocks (which Parallel.For deals to the same worker in ranges) share
                // their B panels (256 points × d, the larger operand) while it is in L2, and only the 96-row A panels stream.
                for (int cb = 0; cb < columnBlocks; cb++)
                {
                    for (int rb = 0; rb < rowBlocks; rb++)
                    {
                        // Symmetric: only blocks holding some entry on or above the diagonal (j ≥ i).
                        if (!_symmetric || Math.Min(_n2, (cb + 1) * BlockColumns) - 1 >= rb * BlockRows)
                        {
                            tasks.Add((rb, cb));
                        }
                    }
                }

                // Cancellation is checked between tiles (Parallel.For throws OperationCanceledException); progress counts tiles.
                Parallel.For(0, tasks.Count, new ParallelOptions { CancellationToken = _work.Token },
                    () => (IntPtr)PackedGemm.Alloc(ScratchLength), // the block's Gram (then Σ), its Θ, a mirrored column
                    (t, _, scratch) =>
                    {
                        RunBlock(tasks[t].Row * BlockRows, tasks[t].Column * BlockColumns, (double*)scratch);
                        _work.Report((double)Interlocked.Increment(ref _tilesDone) / tasks.Count);
                        return scratch;
                    },
                    scratch => PackedGemm.Free((double*)scratch));

            }
            finally
            {
                PackedGemm.Free(_packA);
                PackedGemm.Free(_packB);
            }
        }

        /// <summary>Σᵢᵢ before each step (row s of the result, one entry per point), then after the last.</summary>
        private double[] Variances(double* f, int n)
        {
            var v = new double[(_steps.Length + 1) * n];
            double inv = 1.0 / _d;
            int d = _d;

            // Each point's sum is one multiply-add chain in increasing k, as the GEMM computes the diagonal (the
            // diagonal then equals the closed form exactly); four chains at a time hide the multiply-add latency.
            const int Chunk = 64;
            Parallel.For(0, (n + Chunk - 1) / Chunk, chunk =>
            {
                int i = chunk * Chunk, end = Math.Min(n, i + Chunk);
                for (; i + 4 <= end; i += 4)
                {
                    double* r0 = f + (long)i * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
                    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    for (int k = 0; k < d; k++)
                    {
                        s0 = SimdMath.MultiplyAdd<V>(r0[k], r0[k], s0);
                        s1 = SimdMath.MultiplyAdd<V>(r1[k], r1[k], s1);
                        s2 = SimdMath.MultiplyAdd<V>(r2[k], r2[k], s2);
                        s3 = SimdMath.MultiplyAdd<V>(r3[k], r3[k], s3);
                    }

                    (v[i], v[i + 1], v[i + 2], v[i + 3]) = (s0 * inv, s1 * inv, s2 * inv, s3 * inv);
                }

                for (; i < end; i++)
                {
                    double* row = f + (long)i * d;
                    double s = 0;
                    for (int k = 0; k < d; k++)
                    {
                        s = SimdMath.MultiplyAdd<V>(row[k], row[k], s);
                    }

                    v[i] = s * inv;
                }
            });

            for (int step = 0; step < _steps.Length; step++)
            {
                for (int i = 0; i < n; i++)
                {
                    v[(step + 1) * n + i] = KernelRecursion.Variance(_steps[step], v[step * n + i]);
                }
            }

            return v;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunBlock(int row0, int column0, double* c)
        {
            int rows = Math.Min(BlockRows, _n1 - row0);
            int columns = Math.Min(BlockColumns, _n2 - column0);
            int panelRows = (rows + PackedGemm<V>.MR - 1) / PackedGemm<V>.MR;
            int panelColumns = (columns + PackedGemm<V>.NR - 1) / PackedGemm<V>.NR;
            int firstA = row0 / PackedGemm<V>.MR, firstB = column0 / PackedGemm<V>.NR;

            // G = F₁F₂ᵀ for the block, in register tiles; scratch row stride BlockColumns.
            for (int k0 = 0; k0 < _d; k0 += DepthBlock)
            {
                int kc = Math.Min(DepthBlock, _d - k0);
                for (int jr = 0; jr < panelColumns; jr++)
                {
                    double* b = _packB + ((long)(firstB + jr) * _d + k0) * PackedGemm<V>.NR;
                    for (int ir = 0; ir < panelRows; ir++)
                    {
                        if (_symmetric && column0 + (jr + 1) * PackedGemm<V>.NR - 1 < row0 + ir * PackedGemm<V>.MR)
                        {
                            continue; // the whole tile is below the diagonal: neither stored nor mirrored
                        }

                        double* a = _packA + ((long)(firstA + ir) * _d + k0) * PackedGemm<V>.MR;
                        PackedGemm<V>.Kernel(a, b, kc, c + ir * PackedGemm<V>.MR * BlockColumns + jr * PackedGemm<V>.NR, BlockColumns, k0 > 0);
                    }
                }
            }

            // The layer recursion, one row segment at a time while it is in L1, in the scratch block (Σ over the Gram, Θ in
            // a block of its own). The symmetric path stores entries j ≥ i only, so it runs the recursion on those only
            // (each entry's arithmetic is lane-wise: the same bits wherever its segment starts).
            double inv = 1.0 / _d;
            for (int r = 0; r < rows; r++)
            {
                int i = row0 + r;
                int first = _symmetric ? Math.Clamp(i - column0, 0, columns) : 0;
                if (first == columns)
                {
                    continue;
                }

                var sigma = new Span<double>(c + r * BlockColumns + first, columns - first);
                TensorPrimitives.Multiply(sigma, inv, sigma);

                Span<double> theta = _ntk == null ? default : new Span<double>(c + BlockRows * BlockColumns + r * BlockColumns + first, columns - first);
                theta.Clear();
                for (int s = 0; s < _steps.Length; s++)
                {
                    bool relu = _steps[s].Kind == LayerStepKind.Relu;
                    ReadOnlySpan<double> columnVariances = relu ? _variances2.AsSpan(s * _n2 + column0 + first, columns - first) : default;
                    ReadOnlySpan<double> columnInverseRoots = relu ? _inverseRoots2.AsSpan(s * _n2 + column0 + first, columns - first) : default;
                    KernelRecursion.Apply<V>(_steps[s], sigma, theta, _variances1[s * _n1 + i], columnVariances, columnInverseRoots);
                }
            }

            double* transposed = c + 2 * BlockRows * BlockColumns;
            WriteBlock(_nngp, c, row0, rows, column0, columns, transposed);
            WriteBlock(_ntk, c + BlockRows * BlockColumns, row0, rows, column0, columns, transposed);
            Interlocked.MemoryBarrier(); // the streaming stores are weakly ordered: done before the block counts as done
        }

        /// <summary>
        /// Writes a finished block (scratch rows of stride <see cref="BlockColumns"/>) into the destination with streaming
        /// stores: its rows (entries j ≥ i only, when symmetric) and, when symmetric, their mirror images (j, i) below the
        /// diagonal, transposed from the block while it is in cache. Every destination entry is written
        /// once, by one block, and never read: the destination's lines need not come into the cache at all.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void WriteBlock(double* m, double* block, int row0, int rows, int column0, int columns, double* transposed)
        {
            if (m == null)
            {
                return;
            }

            for (int r = 0; r < rows; r++)
            {
                int i = row0 + r;
                int first = _symmetric ? Math.Clamp(i - column0, 0, columns) : 0;
                StreamingCopy.Copy<V>(block + r * BlockColumns + first, m + (long)i * _n2 + column0 + first, columns - first);
            }

            if (!_symmetric)
            {
                return;
            }

            // The mirror, V.Count columns at a time: the block's columns j0 … transposed into rows of the scratch (a
            // register transpose per Count × Count block), then each streamed to its row j of the destination. A column
            // j needs its entries of rows r < j − row0 (above the diagonal); the rows the group's later columns need
            // are transposed for the earlier ones too, and not copied.
            int n = V.Count, last = column0 + columns;
            for (int j0 = Math.Max(column0, row0 + 1); j0 < last; j0 += n)
            {
                int width = Math.Min(n, last - j0);
                TransposedCopy.Copy<V>(block + (j0 - column0), BlockColumns, transposed, BlockRows, Math.Min(rows, j0 + width - 1 - row0), width);
                for (int j = j0; j < j0 + width; j++)
                {
                    StreamingCopy.Copy<V>(transposed + (j - j0) * BlockRows, m + (long)j * _n1 + row0, Math.Min(rows, j - row0));
                }
            }
        }
    }
}
