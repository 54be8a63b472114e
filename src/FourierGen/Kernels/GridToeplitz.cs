using System.Buffers;
using System.Numerics;
using FourierGen.Spectral;

namespace FourierGen.Kernels;

/// <summary>
/// The kernel matrix of a stationary kernel between two regular grids of the same spacing, K[i, j] = h(x*_i − x_j),
/// applied to vectors without ever being formed. Between such grids x*_i − x_j = s + (i − j)·δ depends on the index
/// difference alone, so K is Toeplitz on each axis (block-Toeplitz with Toeplitz blocks in 2-D and 3-D) and
/// K·x is the discrete convolution of x with h sampled on the difference lattice: one zero-padded FFT convolution,
/// O(N log N) time, O(N) memory.
/// </summary>
/// <remarks>
/// The lattice values are evaluated once, at Π(m_k + n_k − 1) offsets, through the kernel's block form with the
/// points in float (the network's input type): on grids whose coordinates are exact in float (e.g. pixel/N for N a
/// power of two) every entry equals the dense matrix's entry exactly. The product
/// embeds the Toeplitz matrix in a circulant of size M_k ≥ m_k + n_k − 1 (a power of two) per axis. Two real
/// vectors go through one complex transform as its real and imaginary parts: the circulant is real, so it maps
/// each part to itself.
/// </remarks>
internal sealed class GridToeplitz
{
    private readonly int[] _outCounts, _inCounts, _embedCounts;
    private readonly FftPlan _plan;
    private readonly double[] _spectrumRe;
    private readonly double[]? _spectrumIm; // null for a symmetric operator (real spectrum)

    private GridToeplitz(int[] outCounts, int[] inCounts, int[] embedCounts, FftPlan plan, double[] spectrumRe, double[]? spectrumIm, double[] lattice)
    {
        _outCounts = outCounts;
        _inCounts = inCounts;
        _embedCounts = embedCounts;
        _plan = plan;
        _spectrumRe = spectrumRe;
        _spectrumIm = spectrumIm;
        Lattice = lattice;
    }

    /// <summary>m, the output grid's point count.</summary>
    public int OutputCount => Product(_outCounts);

    /// <summary>n, the input grid's point count.</summary>
    public int InputCount => Product(_inCounts);

    /// <summary>h on the difference lattice, offset k_j + n_j − 1 per axis, the first axis fastest.</summary>
    public double[] Lattice { get; }

    /// <summary>Builds the operator x ↦ K(outputGrid, inputGrid)·x.</summary>
    /// <param name="kernel">A stationary kernel in block form.</param>
    /// <param name="outputGrid">The rows' grid (x*).</param>
    /// <param name="inputGrid">The columns' grid (x).</param>
    /// <param name="cancellationToken">Checked between lattice chunks.</param>
    public static GridToeplitz Create(KernelBlock kernel, RegularGrid outputGrid, RegularGrid inputGrid, CancellationToken cancellationToken)
    {
        CheckCompatible(outputGrid, inputGrid);
        int d = inputGrid.Dimensions;
        int[] outCounts = outputGrid.Counts.ToArray(), inCounts = inputGrid.Counts.ToArray();
        var extent = new int[d];
        var embed = new int[d];
        long embedded = 1;
        for (int axis = 0; axis < d; axis++)
        {
            // In long: two grids of a billion points have a lattice (and its power-of-two embedding) beyond int.
            long extentLong = (long)outCounts[axis] + inCounts[axis] - 1;
            long embedLong = (long)BitOperations.RoundUpToPowerOf2((ulong)extentLong);
            embedded = Guard.Count(embedded * embedLong, "grid", $"the FFT embedding of the kernel lattice between the {outputGrid} and the {inputGrid}");
            extent[axis] = (int)extentLong;
            embed[axis] = (int)embedLong;
        }

        double[] lattice = EvaluateLattice(kernel, outputGrid, inputGrid, extent, cancellationToken);
        bool symmetric = SameGrid(outputGrid, inputGrid);
        var plan = new FftPlan(embed);
        var re = new double[plan.Length];
        var im = new double[plan.Length];
        ForEachLatticePoint(extent, inCounts, embed, (latticeIndex, embedIndex) => re[embedIndex] = lattice[latticeIndex]);
        plan.Forward(re, im);
        return new GridToeplitz(outCounts, inCounts, embed, plan, re, symmetric ? null : im, lattice);
    }

    /// <summary>Whether two grids are the same points (the operator is then symmetric).</summary>
    public static bool SameGrid(RegularGrid a, RegularGrid b) =>
        a.Counts.SequenceEqual(b.Counts) && a.Origin.SequenceEqual(b.Origin) && a.Spacing.SequenceEqual(b.Spacing);

    /// <summary>Throws unless the grids have the same dimension and spacing (the condition for Toeplitz structure).</summary>
    public static void CheckCompatible(RegularGrid outputGrid, RegularGrid inputGrid)
    {
        ArgumentNullException.ThrowIfNull(outputGrid);
        ArgumentNullException.ThrowIfNull(inputGrid);
        if (outputGrid.Dimensions != inputGrid.Dimensions)
        {
            throw new ArgumentException(
                $"The grid has {outputGrid.Dimensions} axes but the training grid has {inputGrid.Dimensions}.", nameof(outputGrid));
        }

        if (!outputGrid.Spacing.SequenceEqual(inputGrid.Spacing))
        {
            throw new ArgumentException(
                $"The grid's spacing ({string.Join(", ", outputGrid.Spacing.ToArray())}) differs from the training grid's "
                + $"({string.Join(", ", inputGrid.Spacing.ToArray())}); only grids of the same spacing (any origin) share the "
                + "Toeplitz structure. Predict at its points with Predict(points) instead.", nameof(outputGrid));
        }
    }

    /// <summary>
    /// y₁ = K x₁ and, when <paramref name="x2"/> is not empty, y₂ = K x₂ (one complex transform for both).
    /// <paramref name="shift"/>·x is added to each product (for K + rI).
    /// </summary>
    public void Multiply(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, Span<double> y1, Span<double> y2, double shift = 0)
    {
        int length = _plan.Length;
        double[] re = ArrayPool<double>.Shared.Rent(length);
        double[] im = ArrayPool<double>.Shared.Rent(length);
        try
        {
            Span<double> r = re.AsSpan(0, length), i = im.AsSpan(0, length);
            r.Clear();
            i.Clear();
            Scatter(x1, _inCounts, r, _embedCounts);
            if (!x2.IsEmpty)
            {
                Scatter(x2, _inCounts, i, _embedCounts);
            }

            _plan.Forward(r, i, _inCounts);
            if (_spectrumIm is null)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(r, _spectrumRe, r);
                System.Numerics.Tensors.TensorPrimitives.Multiply(i, _spectrumRe, i);
            }
            else
            {
                MultiplyComplex(r, i, _spectrumRe, _spectrumIm);
            }

            _plan.Inverse(r, i, _outCounts);
            Gather(r, _embedCounts, y1, _outCounts);
            if (!x2.IsEmpty)
            {
                Gather(i, _embedCounts, y2, _outCounts);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(re);
            ArrayPool<double>.Shared.Return(im);
        }

        if (shift != 0)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x1, shift, y1, y1);
            if (!x2.IsEmpty)
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x2, shift, y2, y2);
            }
        }
    }

    /// <summary>(r + i·im) ← (r + i·im)·(sr + i·si), element-wise.</summary>
    private static void MultiplyComplex(Span<double> r, Span<double> i, double[] sr, double[] si)
    {
        for (int k = 0; k < r.Length; k++)
        {
            double a = r[k], b = i[k];
            r[k] = Math.FusedMultiplyAdd(a, sr[k], -b * si[k]);
            i[k] = Math.FusedMultiplyAdd(a, si[k], b * sr[k]);
        }
    }

    /// <summary>
    /// h at every lattice offset Δ(k) = x*₀ − x₀ + k·δ, k_j ∈ [−(n_j − 1), m_j − 1], as kernel blocks between two small
    /// point sets whose differences are the lattice: row points vary along the last axis only (x*₀ + k·δ there, x₀
    /// elsewhere) and column points along the other axes (x₀ − Δ there, x₀ on the last), so the row-major block is
    /// the lattice in its own order (first axis fastest) and the kernel encodes Σ_j extent_j points, not Π_j extent_j.
    /// Blocks are tiled so that the kernel's own scratch stays small. Coordinates are floats (the network's input
    /// type): on grids exact in float every value is the dense matrix's entry exactly.
    /// </summary>
    internal static double[] EvaluateLattice(KernelBlock kernel, RegularGrid outputGrid, RegularGrid inputGrid, int[] extent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        int d = inputGrid.Dimensions, last = d - 1;
        int rows = extent[last];
        int columns = Product(extent.AsSpan(0, last));
        var values = new double[(long)rows * columns]; // ≤ the embedding, checked in Create

        double Difference(int axis, int index) =>
            outputGrid.Origin[axis] - inputGrid.Origin[axis] + (index - (inputGrid.Counts[axis] - 1)) * inputGrid.Spacing[axis];

        var rowPoints = new float[rows * d];
        for (int r = 0; r < rows; r++)
        {
            for (int axis = 0; axis < d; axis++)
            {
                rowPoints[r * d + axis] = (float)(axis == last ? inputGrid.Origin[axis] + Difference(axis, r) : inputGrid.Origin[axis]);
            }
        }

        var columnPoints = new float[columns * d];
        for (int c = 0; c < columns; c++)
        {
            for (int axis = 0, rest = c; axis < d; axis++)
            {
                double coordinate = inputGrid.Origin[axis];
                if (axis != last)
                {
                    coordinate -= Difference(axis, rest % extent[axis]);
                    rest /= extent[axis];
                }

                columnPoints[c * d + axis] = (float)coordinate;
            }
        }

        const int Chunk = 2048;
        var block = new double[Math.Min(Chunk, rows) * Math.Min(Chunk, columns)];
        for (int r0 = 0; r0 < rows; r0 += Chunk)
        {
            int r = Math.Min(Chunk, rows - r0);
            for (int c0 = 0; c0 < columns; c0 += Chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int c = Math.Min(Chunk, columns - c0);
                kernel(rowPoints.AsSpan(r0 * d, r * d), columnPoints.AsSpan(c0 * d, c * d), block.AsSpan(0, r * c));
                for (int i = 0; i < r; i++)
                {
                    block.AsSpan(i * c, c).CopyTo(values.AsSpan((r0 + i) * columns + c0, c));
                }
            }
        }

        AnalyticKernel.CheckFinite(values, "kernel values");
        return values;
    }

    /// <summary>Calls <paramref name="action"/>(lattice index, circulant index) for every lattice offset (negative offsets wrap).</summary>
    private static void ForEachLatticePoint(int[] extent, int[] inCounts, int[] embed, Action<int, int> action)
    {
        int total = Product(extent);
        for (int index = 0; index < total; index++)
        {
            int rest = index, target = 0, stride = 1;
            for (int axis = 0; axis < extent.Length; axis++)
            {
                int offset = rest % extent[axis] - (inCounts[axis] - 1);
                rest /= extent[axis];
                target += (offset < 0 ? offset + embed[axis] : offset) * stride;
                stride *= embed[axis];
            }

            action(index, target);
        }
    }

    /// <summary>Copies a grid of <paramref name="counts"/> into the corner of a larger one of <paramref name="bigCounts"/>.</summary>
    internal static void Scatter(ReadOnlySpan<double> small, int[] counts, Span<double> big, int[] bigCounts)
    {
        int rows = small.Length / counts[0];
        for (int row = 0; row < rows; row++)
        {
            small.Slice(row * counts[0], counts[0]).CopyTo(big.Slice(RowStart(row, counts, bigCounts), counts[0]));
        }
    }

    /// <summary>Copies the corner of a larger grid of <paramref name="bigCounts"/> out to a grid of <paramref name="counts"/>.</summary>
    internal static void Gather(ReadOnlySpan<double> big, int[] bigCounts, Span<double> small, int[] counts)
    {
        int rows = small.Length / counts[0];
        for (int row = 0; row < rows; row++)
        {
            big.Slice(RowStart(row, counts, bigCounts), counts[0]).CopyTo(small.Slice(row * counts[0], counts[0]));
        }
    }

    /// <summary>Where row <paramref name="row"/> (the multi-index of axes ≥ 1) of the small grid starts in the big one.</summary>
    private static int RowStart(int row, int[] counts, int[] bigCounts)
    {
        int start = 0, stride = bigCounts[0];
        for (int axis = 1; axis < counts.Length; axis++)
        {
            start += row % counts[axis] * stride;
            row /= counts[axis];
            stride *= bigCounts[axis];
        }

        return start;
    }

    internal static int Product(ReadOnlySpan<int> counts)
    {
        int p = 1;
        foreach (int c in counts)
        {
            p *= c; // callers' products are grid sizes and lattices, checked where the grid or the lattice is made
        }

        return p;
    }
}
