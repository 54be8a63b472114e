namespace SampleKit;

/// <summary>
/// Where a long run keeps its trainer's checkpoint: <c>DIR/&lt;item&gt;_&lt;mapping&gt;_seed&lt;s&gt;.ckpt</c>, named like its run
/// file. A run resumes from it when it exists (after a kill) and deletes it when it is done.
/// </summary>
public static class Checkpoints
{
    /// <summary>The folder the CLIs keep checkpoints in, inside the output folder.</summary>
    public const string Folder = "checkpoints";

    /// <summary>The checkpoint file of <paramref name="run"/> in <paramref name="directory"/>.</summary>
    public static string PathOf(string directory, GridRun run)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(run);
        return Path.Combine(directory, RunFiles.Stem(run.ItemName, run.Mapping.Token, run.Seed) + ".ckpt");
    }
}
