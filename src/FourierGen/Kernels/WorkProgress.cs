namespace FourierGen.Kernels;

/// <summary>
/// Cancellation and progress for the O(n²)–O(n³) kernel computations (kernel matrices, Cholesky, eigendecomposition):
/// checked and reported between tiles, blocks or columns, never inside the arithmetic. Progress is the fraction done,
/// reported at most once per percent, possibly from worker threads (an <see cref="IProgress{T}"/> must accept that, as
/// <see cref="Progress{T}"/> does).
/// </summary>
internal sealed class WorkProgress
{
    private readonly IProgress<double>? _progress;
    private readonly WorkProgress? _root;
    private readonly double _start, _length;
    private long _reportedPercent = -1;

    public WorkProgress(IProgress<double>? progress, CancellationToken cancellationToken)
        : this(progress, cancellationToken, null, 0, 1)
    {
    }

    private WorkProgress(IProgress<double>? progress, CancellationToken cancellationToken, WorkProgress? root, double start, double length)
    {
        _progress = progress;
        Token = cancellationToken;
        _root = root;
        _start = start;
        _length = length;
    }

    /// <summary>No progress, no cancellation.</summary>
    public static WorkProgress None { get; } = new(null, default);

    /// <summary>The caller's token.</summary>
    public CancellationToken Token { get; }

    /// <summary>Throws <see cref="OperationCanceledException"/> if the caller cancelled.</summary>
    public void ThrowIfCancelled() => Token.ThrowIfCancellationRequested();

    /// <summary>The stage [start, start + length) of this work, reporting its own fractions 0..1 as fractions of the whole.</summary>
    public WorkProgress Stage(double start, double length) =>
        new(_progress, Token, _root ?? this, _start + (_length * start), _length * length);

    /// <summary>Reports that <paramref name="fraction"/> (0..1) of this work is done: to the caller when it passes a new percent.</summary>
    public void Report(double fraction)
    {
        if (_progress is null)
        {
            return;
        }

        double whole = Math.Clamp(_start + (_length * fraction), 0, 1);
        long percent = (long)(whole * 100);
        WorkProgress root = _root ?? this;
        long seen = Interlocked.Read(ref root._reportedPercent);
        while (percent > seen)
        {
            long previous = Interlocked.CompareExchange(ref root._reportedPercent, percent, seen);
            if (previous == seen)
            {
                _progress.Report(whole);
                return;
            }

            seen = previous;
        }
    }
}
