using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FourierGen.Benchmarks;

/// <summary>Achieved GFLOP/s (median time) of benchmarks that registered a <see cref="Workload"/>.</summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Floating-point operations per second at the median time (2·MACs forward, 4·MACs backward)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Achieved(summary, benchmarkCase) is { } gflops ? gflops.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "-";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    internal static double? Achieved(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (!Workload.TryGet(benchmarkCase.Descriptor.WorkloadMethod.Name, out var workload) ||
            summary[benchmarkCase]?.ResultStatistics is not { } statistics)
        {
            return null;
        }

        return workload.Flops / statistics.Median; // flops per ns = GFLOP/s
    }
}

/// <summary>Achieved GFLOP/s as a percentage of the FMA peak this process measured for the same thread count.</summary>
public sealed class PeakFractionColumn : IColumn
{
    public string Id => nameof(PeakFractionColumn);
    public string ColumnName => "% of FMA peak";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"GFLOP/s ÷ the {FmaPeak.Widest} (widest accelerated) FMA peak measured in this process for the benchmark's thread count (float or double)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (GflopsColumn.Achieved(summary, benchmarkCase) is not { } gflops ||
            !Workload.TryGet(benchmarkCase.Descriptor.WorkloadMethod.Name, out var workload))
        {
            return "-";
        }

        double peak = FmaPeak.ForThreads(workload.Threads, workload.IsDouble);
        return (100 * gflops / peak).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " %";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}

/// <summary>The vector width the library ran the benchmark at (the process's, chosen once at start-up).</summary>
public sealed class VectorWidthColumn : IColumn
{
    public string Id => nameof(VectorWidthColumn);
    public string ColumnName => "Width";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 2;
    public bool IsNumeric => false;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "FourierGen.Hardware.VectorWidth: the SIMD width every kernel of the library ran at";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => Hardware.VectorWidth.ToString();

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
