namespace SampleKit;

/// <summary>One score column of a results table.</summary>
/// <param name="Key">The metric's key in <see cref="RunRecord.Metrics"/>.</param>
/// <param name="Header">The column header, e.g. "PSNR (dB)".</param>
/// <param name="Format">The .NET format of its values, e.g. "F2".</param>
public sealed record MetricColumn(string Key, string Header, string Format);

/// <summary>How a sample's results are tabled and plotted, beside the paper's numbers.</summary>
/// <param name="Sample">The sample's name, as its run files carry it.</param>
/// <param name="Columns">The score columns; the first is the headline score (ranked, plotted, compared with the paper).</param>
/// <param name="Paper">The paper's headline score for a mapping token, or null where the paper has none.</param>
/// <param name="PaperNote">Where the paper's numbers come from, printed under the table.</param>
public sealed record TableSpec(string Sample, IReadOnlyList<MetricColumn> Columns, Func<string, double?> Paper, string PaperNote)
{
    /// <summary>The headline score.</summary>
    public MetricColumn Headline => Columns[0];
}
