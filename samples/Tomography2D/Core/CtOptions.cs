using SampleKit;

namespace Tomography2D;

/// <summary>One image to reconstruct.</summary>
/// <param name="Name">How runs and files name it (e.g. "shepp-0").</param>
/// <param name="Image">Its pixels, N × N row-major, values in [0, 1].</param>
public sealed record CtItem(string Name, float[] Image);

/// <summary>What one run of the CT experiment does. The defaults are the sample's no-argument run.</summary>
public sealed record CtOptions
{
    /// <summary>The default image side: small enough for the default run's few minutes on 2 cores.</summary>
    public const int DefaultSize = 128;

    /// <summary>The default Adam steps per run.</summary>
    public const int DefaultSteps = 300;

    /// <summary>The paper's image side.</summary>
    public const int PaperSize = 512;

    /// <summary>The paper's Adam steps.</summary>
    public const int PaperSteps = 1000;

    /// <summary>The paper's number of test phantoms.</summary>
    public const int PaperPhantoms = 8;

    /// <summary>The paper's mappings (Table 1 "2D CT"; σp = 3 and σ = 4 are its grid searches' best for Shepp–Logan) and its gridopt baseline.</summary>
    public const string DefaultMappings = "none,basic,posenc:3,gauss:4,gridopt";

    /// <summary>The images, each N × N with N = <see cref="Size"/>.</summary>
    public required IReadOnlyList<CtItem> Items { get; init; }

    /// <summary>N.</summary>
    public int Size { get; init; } = DefaultSize;

    /// <summary>Adam steps per run.</summary>
    public int Steps { get; init; } = DefaultSteps;

    /// <summary>The mappings, in order.</summary>
    public IReadOnlyList<MappingToken> Mappings { get; init; } = MappingToken.ParseList(DefaultMappings, allowGridOpt: true);

    /// <summary>Network seeds: each item × mapping runs once per seed (gridopt has no seed and runs once).</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0];

    /// <summary>The slice of the grid this process runs.</summary>
    public Shard Shard { get; init; } = Shard.All;

    /// <summary>One learning rate for every run, or null for the paper's per mapping.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The trainer's worker threads (results do not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>How the run files name the protocol ("default", "paper" or "custom").</summary>
    public string Protocol { get; init; } = "default";

    /// <summary>The paper's learning rates (its notebook): 1e-2 without Fourier features, 1e-3 with them, 1e-1 for gridopt.</summary>
    public static double PaperLearningRate(MappingToken mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return mapping.Kind switch
        {
            MappingKind.None or MappingKind.Basic => 1e-2,
            MappingKind.GridOpt => 1e-1,
            _ => 1e-3,
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Items);
        ArgumentNullException.ThrowIfNull(Mappings);
        ArgumentNullException.ThrowIfNull(Seeds);
        ArgumentNullException.ThrowIfNull(Shard);
        Check(Items.Count >= 1, nameof(Items), "give at least one image");
        Check(Size is >= 8 and <= 2048, nameof(Size), "the size must be between 8 and 2048 pixels");
        Check(Items.All(i => i.Image.Length == Size * Size), nameof(Items), $"every image must be {Size}×{Size}");
        Check(Items.Select(i => i.Name).Distinct().Count() == Items.Count, nameof(Items), "image names must differ");
        Check(Steps >= 1, nameof(Steps), "steps must be at least 1");
        Check(Mappings.Count >= 1, nameof(Mappings), "give at least one mapping");
        Check(Seeds.Count >= 1, nameof(Seeds), "give at least one seed");
        Check(LearningRate is null || (LearningRate > 0 && double.IsFinite(LearningRate.Value)), nameof(LearningRate), "the learning rate must be finite and positive");
        Check(Threads >= 1, nameof(Threads), "threads must be at least 1");
    }

    private static void Check(bool ok, string name, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message, name);
        }
    }
}
