using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageRegression;

/// <summary>One point of a PSNR curve: the network after <paramref name="Step"/> updates.</summary>
public sealed record CurvePoint(int Step, double TrainPsnr, double TestPsnr);

/// <summary>One mapping's outcome.</summary>
/// <param name="Mapping">The mapping token as given (e.g. "gauss:10").</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="TrainPsnr">PSNR on the training pixels after the last step, dB.</param>
/// <param name="TestPsnr">PSNR on the test pixels after the last step, dB.</param>
/// <param name="Seconds">Wall-clock time of the training (with its periodic test evaluations), not of the NTK regression.</param>
/// <param name="NtkTestPsnr">Test PSNR of kernel regression with the analytic NTK, or null without --ntk.</param>
/// <param name="Curve">Train and test PSNR against step.</param>
/// <param name="NtkDiagReg">The NTK regression's relative ridge actually used, or null.</param>
/// <param name="NtkSeconds">Wall-clock time of the NTK regression (kernel evaluation, solve, prediction), or null.</param>
/// <param name="NtkSolver">"grid" (every training pixel, FFT conjugate gradients) or "dense" (Cholesky, at most --ntk-points pixels), or null.</param>
/// <param name="NtkTrainPoints">Training pixels the NTK regression used, or null.</param>
/// <param name="NtkIterations">The grid solver's conjugate-gradient iterations, or null.</param>
/// <param name="NtkResidual">The grid solver's final relative residual, or null.</param>
/// <param name="NtkGradientDescent">The NTK dynamics at τ = 2·lr·steps/N (plain gradient descent's time for the trained steps), or null.</param>
/// <param name="NtkMatched">The NTK dynamics at the τ whose train PSNR equals the trained network's, or null.</param>
public sealed record MappingResult(
    string Mapping,
    float LearningRate,
    double TrainPsnr,
    double TestPsnr,
    double Seconds,
    double? NtkTestPsnr,
    IReadOnlyList<CurvePoint> Curve,
    double? NtkDiagReg = null,
    double? NtkSeconds = null,
    string? NtkSolver = null,
    int? NtkTrainPoints = null,
    int? NtkIterations = null,
    double? NtkResidual = null,
    DynamicsPoint? NtkGradientDescent = null,
    DynamicsPoint? NtkMatched = null);

/// <summary>What <c>results.json</c> holds.</summary>
/// <param name="Image">The image's path as given, or the bundled file's name.</param>
/// <param name="Size">N: the image was centre-cropped and resized to N × N.</param>
/// <param name="Protocol">"paper" or "demo".</param>
/// <param name="Steps">Full-batch Adam steps per mapping.</param>
/// <param name="Results">One per mapping, in the order given.</param>
/// <param name="Seed">The seed of every network.</param>
/// <param name="TrainPoints">Training pixels.</param>
/// <param name="TestPoints">Test pixels.</param>
/// <param name="NtkTrainPoints">The most training pixels any mapping's NTK regression used (the dense path takes a subset when there are more than its limit), or null without --ntk.</param>
public sealed record ExperimentResult(
    string Image,
    int Size,
    string Protocol,
    int Steps,
    IReadOnlyList<MappingResult> Results,
    int Seed = 0,
    int TrainPoints = 0,
    int TestPoints = 0,
    int? NtkTrainPoints = null)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The JSON text of <c>results.json</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="JsonException">Not such a document.</exception>
    public static ExperimentResult FromJson(string json) =>
        JsonSerializer.Deserialize<ExperimentResult>(json, s_json) ?? throw new JsonException("results.json holds null.");
}

/// <summary>A run's results together with its pictures: the ground truth and each mapping's prediction of every pixel.</summary>
/// <param name="Result">The numbers (what results.json holds).</param>
/// <param name="GroundTruth">The cropped and resized image the networks fit.</param>
/// <param name="Reconstructions">Each mapping's prediction of the full image, in the order of <see cref="ExperimentResult.Results"/>.</param>
public sealed record ExperimentRun(ExperimentResult Result, RgbImage GroundTruth, IReadOnlyList<RgbImage> Reconstructions);
