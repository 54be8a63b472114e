namespace SampleKit;

/// <summary>What a run is doing.</summary>
public enum RunPhase
{
    /// <summary>Before the first step: data, measurements, network.</summary>
    Preparing,

    /// <summary>Training steps.</summary>
    Training,

    /// <summary>The run is finished; <see cref="RunProgress.Metric"/> is its final score.</summary>
    Done,
}

/// <summary>A progress report of one run of an experiment's grid: sent when a run starts, after every step and when it ends.</summary>
/// <param name="RunIndex">Which run (index into the list of runs this process executes).</param>
/// <param name="Run">The run's label, e.g. "phantom-0 gauss:4".</param>
/// <param name="Phase">What it is doing.</param>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in all.</param>
/// <param name="Loss">The last step's loss, or NaN.</param>
/// <param name="Metric">The latest evaluation of the experiment's score (PSNR in dB, IoU, …), or NaN.</param>
public sealed record RunProgress(int RunIndex, string Run, RunPhase Phase, int Step, int Steps, double Loss, double Metric);
