using System.Globalization;

namespace SampleKit;

/// <summary>
/// The slice of an experiment's grid (items × mappings × seeds) one process runs: run k of the grid belongs to shard
/// k mod <see cref="Count"/>, so every shard gets a mix of mappings and the slices balance.
/// </summary>
/// <param name="Index">Which slice, 0 to <see cref="Count"/> − 1.</param>
/// <param name="Count">How many slices the grid is cut into.</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The environment variables an <c>env/n</c> shard reads its index from, in order: Slurm job arrays, Kubernetes Indexed Jobs.</summary>
    public static readonly IReadOnlyList<string> IndexVariables = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"];

    /// <summary>The whole grid.</summary>
    public static Shard All { get; } = new(0, 1);

    /// <summary>The runs of <paramref name="grid"/> that belong to this shard, in grid order.</summary>
    public IReadOnlyList<T> Select<T>(IReadOnlyList<T> grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return grid.Where((_, k) => k % Count == Index).ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";

    /// <summary>
    /// Parses <c>i/n</c> (0 ≤ i &lt; n) or <c>env/n</c>, which takes i from <c>SLURM_ARRAY_TASK_ID</c> or, if that is unset,
    /// <c>JOB_COMPLETION_INDEX</c>.
    /// </summary>
    /// <param name="text">The option's value.</param>
    /// <param name="environment">Reads an environment variable (null when unset); <see cref="Environment.GetEnvironmentVariable(string)"/> by default.</param>
    /// <exception cref="FormatException">Not of either form, out of range, or no index variable is set; the message is one line.</exception>
    public static Shard Parse(string text, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        environment ??= Environment.GetEnvironmentVariable;
        string[] parts = text.Trim().Split('/');
        if (parts.Length != 2 || !TryCount(parts[1], out int count))
        {
            throw new FormatException($"--shard must be i/n or env/n with n ≥ 1 (e.g. 0/4 or env/4), not '{text}'.");
        }

        string indexText = parts[0].Trim();
        string source = "";
        if (indexText.Equals("env", StringComparison.OrdinalIgnoreCase))
        {
            string? variable = IndexVariables.FirstOrDefault(v => !string.IsNullOrWhiteSpace(environment(v)));
            if (variable is null)
            {
                throw new FormatException($"--shard {text}: neither {string.Join(" nor ", IndexVariables)} is set.");
            }

            indexText = environment(variable)!.Trim();
            source = $" ({variable})";
        }

        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= count)
        {
            throw new FormatException($"--shard {text}: the index{source} must be an integer from 0 to {count - 1}, not '{indexText}'.");
        }

        return new Shard(index, count);
    }

    private static bool TryCount(string text, out int count) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= 1;
}
