namespace SpectralBias1D;

/// <summary>Reports progress of an experiment: a task's label and the fraction of it done (0..1).</summary>
public delegate void ProgressReport(string task, double fraction);

/// <summary>A bad option value or an unknown name; the CLI prints its message as one line.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Fit's progress handed to a callback on the training thread (Fit reports synchronously), unlike <see cref="Progress{T}"/>, which posts.</summary>
internal sealed class OnReport(Action<FourierGen.TrainingProgress> action) : IProgress<FourierGen.TrainingProgress>
{
    public void Report(FourierGen.TrainingProgress value) => action(value);
}
