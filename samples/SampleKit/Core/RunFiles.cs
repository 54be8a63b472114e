using System.Text.Json;

namespace SampleKit;

/// <summary>Thrown when run files cannot be read or do not fit together; the message is one line for the user.</summary>
public sealed class RunFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Writes one JSON file per run and reads any set of them back (files, or folders searched recursively).</summary>
public static class RunFiles
{
    /// <summary>The file name of a run: item, mapping and seed, with characters unsafe in file names replaced.</summary>
    public static string FileName(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Stem(run.Item, run.Mapping, run.Seed) + ".json";
    }

    /// <summary>A run's file name without extension, <c>&lt;item&gt;_&lt;mapping&gt;_seed&lt;s&gt;</c>, safe in file names.</summary>
    public static string Stem(string item, string mapping, int seed) => Safe($"{item}_{mapping}_seed{seed}");

    /// <summary>Writes <paramref name="run"/> into <paramref name="directory"/> (created if needed); returns the path.</summary>
    public static string Write(string directory, RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName(run));
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, run.ToJson());
        File.Move(temporary, path, overwrite: true); // a killed shard never leaves a half-written run file behind
        return path;
    }

    /// <summary>
    /// Reads the run files among <paramref name="paths"/>: each a run file or a folder whose *.json files are searched
    /// recursively (JSON that is not a run file, such as a summary, is skipped).
    /// </summary>
    /// <exception cref="RunFileException">A path does not exist, a file is not valid JSON, two files hold the same run, or there is no run at all.</exception>
    public static IReadOnlyList<RunRecord> ReadAll(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new RunFileException($"no such file or folder: '{path}'.");
            }
        }

        var runs = new List<RunRecord>();
        var seen = new Dictionary<(string, string, string, int), string>();
        foreach (string file in files.Distinct())
        {
            RunRecord? run = TryRead(file);
            if (run is null)
            {
                continue;
            }

            var key = (run.Sample, run.Item, run.Mapping, run.Seed);
            if (seen.TryGetValue(key, out string? other))
            {
                throw new RunFileException($"'{other}' and '{file}' hold the same run ({run.Sample} {run.Label}); merge one of them.");
            }

            seen[key] = file;
            runs.Add(run);
        }

        if (runs.Count == 0)
        {
            throw new RunFileException($"no run files found in {string.Join(", ", paths.Select(p => $"'{p}'"))}.");
        }

        return runs;
    }

    private static RunRecord? TryRead(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunFileException($"cannot read '{file}': {e.Message}", e);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("kind", out JsonElement kind)
                || kind.ValueKind != JsonValueKind.String
                || kind.GetString() != RunRecord.RunKind)
            {
                return null;
            }

            RunRecord run = RunRecord.FromJson(text);
            if (string.IsNullOrEmpty(run.Sample) || run.Metrics is null || run.Metrics.Count == 0)
            {
                throw new JsonException("it has no sample name or no metrics");
            }

            return run;
        }
        catch (JsonException e)
        {
            throw new RunFileException($"'{file}' is not a readable run file: {OneLine(e.Message)}", e);
        }
    }

    private static string Safe(string name)
    {
        char[] invalid = [.. Path.GetInvalidFileNameChars(), ':', ' ', '\\', '*', '?'];
        return string.Concat(name.Select(c => invalid.Contains(c) ? '-' : c));
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
