using System.Diagnostics;
using System.Globalization;

namespace FourierGen;

/// <summary>
/// Shows <c>Fit</c>'s progress as text: on a terminal one line redrawn in place (a bar, the step, loss, learning rate,
/// validation loss, elapsed time and the time left); when the output is redirected, a plain line at every tenth of the
/// run and at each new best validation, so logs stay short and every line is whole. Reports arrive on the training
/// thread (Fit calls <see cref="Report"/> synchronously), so lines never interleave or arrive out of order.
/// </summary>
public sealed class TrainingProgressBar : IProgress<TrainingProgress>
{
    private const int BarWidth = 24;
    private static readonly long RedrawTicks = Stopwatch.Frequency / 10;

    private readonly TextWriter _writer;
    private readonly bool _inPlace;
    private long _lastDraw = long.MinValue;
    private int _lastTenth = -1;
    private double? _lastBest;

    /// <summary>Writes to <paramref name="writer"/>; redraws in place when it is the console's and the console is not redirected.</summary>
    /// <param name="writer">Where to write, e.g. <c>Console.Out</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public TrainingProgressBar(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _inPlace = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
    }

    /// <summary>Shows a report.</summary>
    /// <param name="value">The report.</param>
    public void Report(TrainingProgress value)
    {
        bool last = value.Step >= value.TotalSteps;
        if (_inPlace)
        {
            long now = Stopwatch.GetTimestamp();
            if (last || now - _lastDraw >= RedrawTicks)
            {
                _lastDraw = now;
                _writer.Write($"\r{Line(value)}\u001b[K");
                if (last)
                {
                    _writer.WriteLine();
                }
            }

            return;
        }

        int tenth = (int)(value.Fraction * 10);
        bool improved = value.BestValidationLoss is double best && best != _lastBest;
        if (tenth > _lastTenth || improved || last)
        {
            _lastTenth = tenth;
            _lastBest = value.BestValidationLoss;
            _writer.WriteLine(Line(value));
        }
    }

    /// <summary>One line: [#####.....] 40% step 400/1000 loss … lr … validation … 00:00:12 (ETA 00:00:18).</summary>
    private static string Line(TrainingProgress p)
    {
        int filled = (int)Math.Round(p.Fraction * BarWidth);
        string eta = p.Step > 0 && p.Fraction < 1
            ? TimeSpan.FromSeconds(p.Elapsed.TotalSeconds / p.Fraction * (1 - p.Fraction)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)
            : "--:--:--";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {100 * p.Fraction,3:0}% {p} (ETA {eta})");
    }
}
