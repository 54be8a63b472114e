namespace ImageRegression;

/// <summary>What one run of the experiment does. The defaults are the sample's no-argument run.</summary>
public sealed record ExperimentOptions
{
    /// <summary>The default side of the resized image: 128 fits the default run into about 3 minutes on 2 cores.</summary>
    public const int DefaultSize = 128;

    /// <summary>The default number of full-batch Adam steps per mapping.</summary>
    public const int DefaultSteps = 300;

    /// <summary>The largest number of training pixels the NTK regression uses before subsampling (a 4096² Gram is 128 MiB).</summary>
    public const int DefaultNtkMaxTrainPoints = 4096;

    /// <summary>The image, as loaded (any size; the run crops and resizes it).</summary>
    public required RgbImage Image { get; init; }

    /// <summary>How the image is named in the results (its path, or the bundled file's name).</summary>
    public string ImageName { get; init; } = "";

    /// <summary>The side N: the image is centre-cropped to a square, then resized to N × N.</summary>
    public int Size { get; init; } = DefaultSize;

    /// <summary>Full-batch Adam steps per mapping.</summary>
    public int Steps { get; init; } = DefaultSteps;

    /// <summary>One learning rate for every mapping, or null for the paper's per-mapping default (<see cref="MappingSpec.DefaultLearningRate"/>).</summary>
    public float? LearningRate { get; init; }

    /// <summary>The mappings to train, in order.</summary>
    public IReadOnlyList<MappingSpec> Mappings { get; init; } = MappingSpec.ParseList(MappingSpec.DefaultList);

    /// <summary>Which pixels train and which test.</summary>
    public Protocol Protocol { get; init; } = Protocol.Paper;

    /// <summary>The trainer's worker threads (results do not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Seeds every network's parameters and random frequencies (the same for every mapping, as in the paper).</summary>
    public int Seed { get; init; }

    /// <summary>Also run kernel regression with each mapping's analytic NTK.</summary>
    public bool Ntk { get; init; }

    /// <summary>At most this many training pixels (a seeded random subset) enter the NTK regression.</summary>
    public int NtkMaxTrainPoints { get; init; } = DefaultNtkMaxTrainPoints;

    /// <summary>
    /// The NTK regression's relative ridge, neural-tangents' diag_reg (r = diagReg × mean of diag K). If the Cholesky
    /// factorisation still fails, it is raised ×100 at a time up to 1e-2 and the value used is reported.
    /// </summary>
    public double NtkDiagReg { get; init; } = 1e-6;

    /// <summary>
    /// The grid NTK solver's relative residual tolerance (conjugate gradients on every training pixel). PSNR needs far
    /// less than the runtime's default 1e-10: on camera at 256², gauss:10, 1e-6 and 1e-10 gave test PSNRs 1e-6 dB apart
    /// (33 against 55 iterations).
    /// </summary>
    public double NtkTolerance { get; init; } = 1e-6;

    /// <summary>
    /// With <see cref="Ntk"/>: also the NTK dynamics at finite time for each Fourier mapping — at τ of plain gradient
    /// descent for the trained steps (2·lr·steps/N) and at the τ whose train PSNR matches the trained network's.
    /// </summary>
    public bool NtkDynamics { get; init; }

    /// <summary>Where to save each mapping's trained network as a weight file (null: not saved).</summary>
    public string? SaveWeightsDirectory { get; init; }

    /// <summary>About how many points each PSNR curve gets (test PSNR is evaluated every ⌈steps / this⌉ steps).</summary>
    public int CurvePoints { get; init; } = 80;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Image, nameof(Image));
        ArgumentNullException.ThrowIfNull(Mappings, nameof(Mappings));
        Check(Size >= 4, nameof(Size), "the size must be at least 4 pixels");
        Check(Size <= 4096, nameof(Size), "the size must be at most 4096 pixels");
        Check(Steps >= 1, nameof(Steps), "steps must be at least 1");
        Check(LearningRate is null || (LearningRate > 0 && float.IsFinite(LearningRate.Value)), nameof(LearningRate), "the learning rate must be finite and positive");
        Check(Mappings.Count >= 1, nameof(Mappings), "give at least one mapping");
        Check(Enum.IsDefined(Protocol), nameof(Protocol), "unknown protocol");
        Check(Threads >= 1, nameof(Threads), "threads must be at least 1");
        Check(NtkMaxTrainPoints >= 1, nameof(NtkMaxTrainPoints), "the NTK needs at least one training point");
        Check(NtkDiagReg >= 0 && double.IsFinite(NtkDiagReg), nameof(NtkDiagReg), "diagReg must be finite and ≥ 0");
        Check(NtkTolerance > 0 && NtkTolerance < 1, nameof(NtkTolerance), "the NTK solver's tolerance must be in (0, 1)");
        Check(CurvePoints >= 1, nameof(CurvePoints), "a curve needs at least one point");
    }

    private static void Check(bool ok, string name, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message, name);
        }
    }
}
