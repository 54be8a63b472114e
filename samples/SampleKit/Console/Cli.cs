using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Spectre.Console;

namespace SampleKit.Console;

/// <summary>The command-line conventions of the samples: invariant culture, one-line errors, range checks, --shard.</summary>
public static class Cli
{
    /// <summary>Invariant culture for every number printed; a wide console when the output is redirected, so that no line wraps mid-number in a log.</summary>
    public static void Prepare()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (System.Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 200;
        }
    }

    /// <summary>Parses <paramref name="args"/>; a bad command line prints one <c>error:</c> line (no usage dump) and returns 2, otherwise runs the command.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            System.Console.Error.WriteLine($"error: {ErrorMessage(parsed.Errors[0])}");
            return 2;
        }

        // Ctrl+C / SIGTERM cancel the run's token; the run then finishes its current step and writes its checkpoint, which
        // at the paper's sizes on a busy machine takes longer than System.CommandLine's default 2 s before it ends the process.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TerminationGrace });
    }

    /// <summary>How long a cancelled run may take to finish its step and save its checkpoint before the process is ended.</summary>
    public static TimeSpan TerminationGrace { get; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A parse error on one line, in the user's words: System.CommandLine's "Cannot parse argument 'abc' for option
    /// '--steps' as expected type 'System.Nullable`1[System.Int32]'" becomes "--steps expects a whole number, not 'abc'."
    /// </summary>
    public static string ErrorMessage(ParseError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Regex.Match(error.Message,
            @"^Cannot parse argument '(?<value>.*)' for (option|command) '(?<name>[^']*)' as expected type '(?<type>[^']*)'");
        return match.Success
            ? $"{match.Groups["name"].Value} expects {Describe(match.Groups["type"].Value)}, not '{match.Groups["value"].Value}'."
            : OneLine(error.Message);
    }

    /// <summary>What a .NET type name means to someone typing a command line.</summary>
    private static string Describe(string type)
    {
        string inner = System.Text.RegularExpressions.Regex.Match(type, @"^System\.Nullable`1\[(?<t>.+)\]$") is { Success: true } nullable ? nullable.Groups["t"].Value : type;
        return inner switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" or "System.Byte" => "a whole number",
            "System.UInt32" or "System.UInt64" => "a whole number ≥ 0",
            "System.Single" or "System.Double" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            _ => "a value of another form",
        };
    }

    /// <summary>Keeps every cell of <paramref name="table"/> on one line: a redirected console is narrow, and a wrapped cell splits a number.</summary>
    public static Table NoWrap(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (TableColumn column in table.Columns)
        {
            column.NoWrap = true;
        }

        return table;
    }

    /// <summary>
    /// <see cref="Guard"/> on the thread pool, as a command's action. A synchronous body inside a Task-returning action
    /// would run to its end before System.CommandLine registers its Ctrl+C/SIGTERM handler, so a signal would kill the
    /// process instead of cancelling the run's token (and the run could not save its checkpoint).
    /// </summary>
    public static Task<int> GuardAsync(Func<int> body) => Task.Run(() => Guard(body));

    /// <summary>
    /// Runs a sample's command and turns the failures a user can cause — a bad input file, a diverged training, an
    /// unwritable folder, an out-of-range option, Ctrl+C — into one <c>error:</c> line and a non-zero exit code.
    /// </summary>
    public static int Guard(Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (InputFileException e)
        {
            return Fail(e.Message);
        }
        catch (RunFileException e)
        {
            return Fail(e.Message);
        }
        catch (FourierGen.TrainingDivergedException e)
        {
            return Fail($"training diverged: {e.Message} Try a smaller --lr.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot write the results: {e.Message}");
        }
        catch (ArgumentException e)
        {
            // The message without .NET's " (Parameter 'x')" suffix: the user named no parameter.
            return Fail(e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled.", 130);
        }
    }

    /// <summary>Prints <c>error: message</c> on one line to standard error and returns <paramref name="code"/>.</summary>
    public static int Fail(string message, int code = 1)
    {
        System.Console.Error.WriteLine($"error: {OneLine(message)}");
        return code;
    }

    /// <summary>The text on one line: line breaks and tabs become single spaces.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', (text ?? "").Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Adds a validator: the option's value must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static void InRange(Option<int> option, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(r =>
        {
            if (TryValue(r, out int value) && (value < min || value > max))
            {
                r.AddError($"{option.Name} must be between {min} and {max}, not {value}.");
            }
        });
    }

    /// <summary>Adds a validator: the option's value, when given, must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static void InRange(Option<int?> option, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(r =>
        {
            if (TryValue(r, out int? value) && value is int v && (v < min || v > max))
            {
                r.AddError($"{option.Name} must be between {min} and {max}, not {v}.");
            }
        });
    }

    /// <summary>An option holding a finite positive number (invariant culture), with a one-line error otherwise.</summary>
    public static Option<double?> PositiveNumber(string name, string description, string helpName = "X") => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value))
            {
                return value;
            }

            r.AddError($"{name} must be a finite positive number, not '{text}'.");
            return null;
        },
    };

    /// <summary><c>--mappings LIST</c>: a comma list of mapping tokens, checked when parsed.</summary>
    public static Option<string> MappingsOption(string defaultList, string description, bool allowGridOpt)
    {
        var option = new Option<string>("--mappings") { Description = description, HelpName = "LIST", DefaultValueFactory = _ => defaultList };
        option.Validators.Add(r =>
        {
            try
            {
                MappingToken.ParseList(r.GetValueOrDefault<string>() ?? "", allowGridOpt);
            }
            catch (FormatException e)
            {
                r.AddError(e.Message);
            }
        });
        return option;
    }

    /// <summary><c>--seeds N</c>: network seeds 0..N−1 per item × mapping.</summary>
    public static Option<int> SeedsOption(string description)
    {
        var option = new Option<int>("--seeds") { Description = description, HelpName = "N", DefaultValueFactory = _ => 1 };
        InRange(option, 1, 1000);
        return option;
    }

    /// <summary><c>--protocol default|paper</c>.</summary>
    public static Option<string> ProtocolOption(string description)
    {
        var option = new Option<string>("--protocol") { Description = description, DefaultValueFactory = _ => "default" };
        option.AcceptOnlyFromAmong("default", "paper");
        return option;
    }

    /// <summary><c>--threads N</c>: the trainer's worker threads.</summary>
    public static Option<int> ThreadsOption()
    {
        var option = new Option<int>("--threads")
        {
            Description = "Worker threads of each trainer (results do not depend on it).",
            HelpName = "N",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        InRange(option, 1, 256);
        return option;
    }

    /// <summary>
    /// <c>--checkpoint-every N</c>: each network run saves its trainer's checkpoint to OUT/checkpoints every N steps and
    /// resumes from it when rerun with the same options (after a kill); unset, the paper protocol uses <paramref name="paperDefault"/>.
    /// </summary>
    public static Option<int?> CheckpointEveryOption(int paperDefault)
    {
        var option = new Option<int?>("--checkpoint-every")
        {
            Description = $"Save each network run's checkpoint to OUT/{Checkpoints.Folder}/ every N steps (and on Ctrl+C); a rerun with the same options resumes from it. "
                + $"Default: {paperDefault} with --protocol paper, otherwise only on Ctrl+C.",
            HelpName = "N",
        };
        InRange(option, 1, 1_000_000);
        return option;
    }

    /// <summary><c>--out DIR</c>, default <c>out</c>.</summary>
    public static Option<string> OutOption(string description) => new("--out") { Description = description, HelpName = "DIR", DefaultValueFactory = _ => "out" };

    /// <summary>
    /// <c>--shard i/n</c>: run only the i-th of n slices of the grid and write one JSON per run. <c>env/n</c> reads i from
    /// SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX.
    /// </summary>
    public static Option<Shard?> ShardOption() => new("--shard")
    {
        Description = "Run only slice i (0 ≤ i < n) of the grid of items × mappings × seeds and write one JSON per run into DIR/runs "
            + "(combine them with the merge command). 'env/n' takes i from SLURM_ARRAY_TASK_ID (Slurm job array) or JOB_COMPLETION_INDEX (Kubernetes Indexed Job).",
        HelpName = "i/n",
        CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            try
            {
                return Shard.Parse(text);
            }
            catch (FormatException e)
            {
                r.AddError(e.Message);
                return null;
            }
        },
    };

    // A value that failed to convert ("--size twelve") is already an error; its validator has nothing to add.
    private static bool TryValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
