using SampleKit;
using SampleKit.Console;
using Tomography2D;
using Tomography2D.Output;

// The paper's 2D CT experiment: the command line. The experiment (phantoms, projections, the loss through Pᵀ, the
// training loops) lives in Core/ and SampleKit and runs without a console.

Cli.Prepare();
var sample = new ReconstructionSample
{
    Description = "Reconstructs images from 20 parallel projections with one Fourier-feature MLP per input mapping (Tancik et al. 2020, Table 1 \"2D CT\"): "
        + "pixel coordinate → mapping → 3 × 256 ReLU → sigmoid, trained through the projection loss with the caller-gradient step; plus the gridopt baseline. "
        + "Writes runs/*.json, results.json, scores.png and reconstructions-*.png. 'merge' combines run files of several runs or shards.",
    Dimensions = 2,
    ItemNoun = "phantom",
    Default = (CtProtocol.DefaultSize, CtProtocol.DefaultSteps, 1),
    Paper = (CtProtocol.PaperSize, CtProtocol.PaperSteps, CtProtocol.PaperPhantoms),
    MaxSize = 2048,
    DefaultMappings = CtProtocol.DefaultMappings,
    MappingsHelp = "Comma list of none, basic, posenc:σ (128 frequencies per axis, top 2^σ − 1), gauss:σ (256 frequencies), gridopt (the pixels optimised directly).",
    LearningRateHelp = "One Adam learning rate for every run. Default the paper's: 1e-2 for none and basic, 1e-3 for posenc and gauss, 1e-1 for gridopt.",
    PaperLearningRate = CtProtocol.PaperLearningRate,
    Phantoms = CtExperiment.Phantoms,
    LoadImage = (path, size) => new FieldItem(Path.GetFileNameWithoutExtension(path), GrayImage.LoadSquare(path, size)),
    Table = CtExperiment.Table,
    Header = options =>
    [
        $"[bold]Images[/] {Spectre.Console.Markup.Escape(string.Join(", ", options.Items.Select(i => i.Name)))} at {options.Size}×{options.Size}; [bold]measurements[/] "
            + $"{ParallelProjection.PaperAngles} parallel projections, θ = kπ/{ParallelProjection.PaperAngles}, nearest-neighbour rotation, mean along rows",
        "[bold]Network[/] 2 → mapping → 256 → 256 → 256 → 1 (ReLU, sigmoid), Adam on ½·mean((P f − y)²) through Pᵀ (the trainer's two-phase Forward → ∂L/∂f → Backward step)",
    ],
    Run = (options, progress, finished, cancellationToken) =>
    {
        CtExperimentResult result = CtExperiment.Run(options, progress, finished, cancellationToken);
        return new ReconstructionOutput(result.Runs, folder => ReconstructionSheet.SaveAll(result, folder));
    },
};
return await Cli.InvokeAsync(ReconstructionCommand.Create(sample), args);
