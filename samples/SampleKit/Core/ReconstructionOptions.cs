namespace SampleKit;

/// <summary>One field to reconstruct: an image or a volume.</summary>
/// <param name="Name">How runs and files name it (e.g. "shepp-0").</param>
/// <param name="Truth">Its values in [0, 1], row-major (N² or N³).</param>
public sealed record FieldItem(string Name, float[] Truth);

/// <summary>What one run of a reconstruction experiment (CT, MRI) does.</summary>
public sealed record ReconstructionOptions
{
    /// <summary>The fields, each of <see cref="Size"/>^dimensions values.</summary>
    public required IReadOnlyList<FieldItem> Items { get; init; }

    /// <summary>N, the side of the grid.</summary>
    public required int Size { get; init; }

    /// <summary>The grid's dimensions (2 for images, 3 for volumes).</summary>
    public required int Dimensions { get; init; }

    /// <summary>Adam steps per run.</summary>
    public required int Steps { get; init; }

    /// <summary>The mappings, in order.</summary>
    public required IReadOnlyList<MappingToken> Mappings { get; init; }

    /// <summary>Network seeds: each item × mapping runs once per seed (gridopt once).</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0];

    /// <summary>The slice of the grid this process runs.</summary>
    public Shard Shard { get; init; } = Shard.All;

    /// <summary>One learning rate for every run, or null for the paper's per mapping.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The trainer's worker threads (results do not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>How the run files name the protocol ("default", "paper" or "custom").</summary>
    public string Protocol { get; init; } = "default";

    /// <summary>Where network runs keep their checkpoints (see <see cref="Checkpoints"/>); null for none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>A network run saves its checkpoint after every this many steps (and on cancellation); 0 for none.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>The grid points of one field: N^dimensions.</summary>
    public int FieldLength => checked((int)Math.Pow(Size, Dimensions));

    /// <summary>The runs (this shard of items × mappings × seeds), in grid order.</summary>
    public IReadOnlyList<GridRun> Grid() => RunGrid.Build(Items.Select(i => i.Name).ToArray(), Mappings, Seeds, Shard);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Items);
        ArgumentNullException.ThrowIfNull(Mappings);
        ArgumentNullException.ThrowIfNull(Seeds);
        ArgumentNullException.ThrowIfNull(Shard);
        Check(Dimensions is 2 or 3, nameof(Dimensions), "fields are images or volumes");
        Check(Size >= 4 && Math.Pow(Size, Dimensions) <= 1 << 26, nameof(Size), $"the size must be at least 4 and at most {(Dimensions == 2 ? 8192 : 406)}");
        Check(Items.Count >= 1, nameof(Items), "give at least one item");
        Check(Items.All(i => i.Truth.Length == FieldLength), nameof(Items), $"every item must hold {Size}^{Dimensions} values");
        Check(Items.Select(i => i.Name).Distinct().Count() == Items.Count, nameof(Items), "item names must differ");
        Check(Steps >= 1, nameof(Steps), "steps must be at least 1");
        Check(Mappings.Count >= 1, nameof(Mappings), "give at least one mapping");
        Check(Seeds.Count >= 1, nameof(Seeds), "give at least one seed");
        Check(LearningRate is null || (LearningRate > 0 && double.IsFinite(LearningRate.Value)), nameof(LearningRate), "the learning rate must be finite and positive");
        Check(Threads >= 1, nameof(Threads), "threads must be at least 1");
        Check(CheckpointEvery >= 0, nameof(CheckpointEvery), "the checkpoint interval must not be negative");
    }

    private static void Check(bool ok, string name, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message, name);
        }
    }
}
