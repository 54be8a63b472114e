using FourierGen;
using SampleKit;

namespace ShapeOccupancy;

/// <summary>One shape to learn: its name and its closed mesh, already in the unit cube.</summary>
public sealed record ShapeItem(string Name, TriangleMesh Mesh);

/// <summary>What one run of the occupancy experiment does. The defaults are the sample's no-argument run.</summary>
public sealed record OccupancyOptions
{
    /// <summary>The default Adam steps: the default run's few minutes on 2 cores.</summary>
    public const int DefaultSteps = 200;

    /// <summary>The default fresh points per step.</summary>
    public const int DefaultBatch = 4096;

    /// <summary>The default points per test set.</summary>
    public const int DefaultTestPoints = 1 << 16;

    /// <summary>The paper's steps (its notebook runs 10 000 updates).</summary>
    public const int PaperSteps = 10_000;

    /// <summary>The paper's fresh points per step (64·64·2·4).</summary>
    public const int PaperBatch = 32_768;

    /// <summary>The paper's points per test set.</summary>
    public const int PaperTestPoints = 1 << 18;

    /// <summary>The paper's initial learning rate (its schedule decays it by 10 every 5000 steps; see <see cref="PaperSchedule"/>).</summary>
    public const double PaperLearningRate = 5e-4;

    /// <summary>The paper's decay of the learning rate, 0.1^(i/5000) at step i (its notebook's exponential_decay).</summary>
    public static LearningRateSchedule PaperSchedule { get; } = LearningRateSchedule.Exponential(0.1, 5000);

    /// <summary>The paper protocol's steps between checkpoints.</summary>
    public const int PaperCheckpointEvery = 250;

    /// <summary>The paper's mappings (Table 1 "3D shape"; Table 4): none, basic, positional σp = 6, Gaussian σ = 12.</summary>
    public const string DefaultMappings = "none,basic,posenc:6,gauss:12";

    /// <summary>The shapes.</summary>
    public required IReadOnlyList<ShapeItem> Items { get; init; }

    /// <summary>Adam steps per run, each on a fresh batch.</summary>
    public int Steps { get; init; } = DefaultSteps;

    /// <summary>Fresh uniform points per step.</summary>
    public int Batch { get; init; } = DefaultBatch;

    /// <summary>Points in each test set (uniform and boundary).</summary>
    public int TestPoints { get; init; } = DefaultTestPoints;

    /// <summary>The mappings, in order.</summary>
    public IReadOnlyList<MappingToken> Mappings { get; init; } = MappingToken.ParseList(DefaultMappings, allowGridOpt: false);

    /// <summary>Network seeds (parameters, random frequencies and training points).</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0];

    /// <summary>The slice of the grid this process runs.</summary>
    public Shard Shard { get; init; } = Shard.All;

    /// <summary>Adam's initial learning rate; every run decays it with <see cref="PaperSchedule"/>.</summary>
    public double LearningRate { get; init; } = PaperLearningRate;

    /// <summary>
    /// Where each run keeps its trainer's checkpoint (<c>&lt;item&gt;_&lt;mapping&gt;_seed&lt;s&gt;.ckpt</c>), resuming from it
    /// when it exists, deleting it when the run is done; null for none.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Save each run's checkpoint after every this many steps (and on cancellation); needs <see cref="CheckpointDirectory"/>.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>The checkpoint file of <paramref name="run"/>, or null without <see cref="CheckpointDirectory"/>.</summary>
    public string? CheckpointPath(GridRun run) => CheckpointDirectory is null ? null : Checkpoints.PathOf(CheckpointDirectory, run);

    /// <summary>The trainer's worker threads (results do not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>How the run files name the protocol ("default", "paper" or "custom").</summary>
    public string Protocol { get; init; } = "default";

    /// <summary>The side of the grid the pictures are rendered from (G³ network queries per mapping).</summary>
    public int RenderGrid { get; init; } = 64;

    /// <summary>About how many points each curve gets (boundary IoU on a subset, every ⌈steps / this⌉ steps).</summary>
    public int CurvePoints { get; init; } = 20;

    /// <summary>The runs (this shard of shapes × mappings × seeds), in grid order.</summary>
    public IReadOnlyList<GridRun> Grid() => RunGrid.Build(Items.Select(i => i.Name).ToArray(), Mappings, Seeds, Shard);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Items);
        ArgumentNullException.ThrowIfNull(Mappings);
        ArgumentNullException.ThrowIfNull(Seeds);
        ArgumentNullException.ThrowIfNull(Shard);
        Check(Items.Count >= 1, nameof(Items), "give at least one mesh");
        Check(Items.Select(i => i.Name).Distinct().Count() == Items.Count, nameof(Items), "mesh names must differ");
        Check(Steps >= 1, nameof(Steps), "steps must be at least 1");
        Check(Batch is >= 1 and <= 1 << 20, nameof(Batch), "the batch must hold 1 to 1 048 576 points");
        Check(TestPoints is >= 16 and <= 1 << 22, nameof(TestPoints), "a test set must hold 16 to 4 194 304 points");
        Check(Mappings.Count >= 1 && Mappings.All(m => m.Kind != MappingKind.GridOpt), nameof(Mappings), "give at least one mapping (gridopt is not an occupancy method)");
        Check(Seeds.Count >= 1, nameof(Seeds), "give at least one seed");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), "the learning rate must be finite and positive");
        Check(Threads >= 1, nameof(Threads), "threads must be at least 1");
        Check(RenderGrid is >= 8 and <= 256, nameof(RenderGrid), "the render grid must be 8 to 256");
        Check(CurvePoints >= 1, nameof(CurvePoints), "a curve needs at least one point");
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
