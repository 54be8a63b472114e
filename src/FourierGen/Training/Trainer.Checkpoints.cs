using FourierGen.Weights;

namespace FourierGen;

/// <summary>Checkpoints: the network's weights with the trainer's optimiser state, step count, learning rate and Fit's early-stopping state.</summary>
public sealed partial class Trainer<TNet>
{
    // Fit's early-stopping state: part of a checkpoint, so that a resumed Fit stops where the uninterrupted one would.
    private double _bestValidationLoss = double.NaN;
    private long _bestStep = -1;
    private float[]? _bestParameters;

    /// <inheritdoc/>
    public void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using AtomicFile.Transaction file = AtomicFile.Begin(path);
        WriteCheckpoint(file.Stream);
        file.Commit();
    }

    /// <inheritdoc/>
    public void SaveCheckpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        WriteCheckpoint(stream);
    }

    /// <inheritdoc/>
    public Task SaveCheckpointAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return AtomicFile.WriteAsync(path, CheckpointBytes(), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task SaveCheckpointAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        await stream.WriteAsync(CheckpointBytes(), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void LoadCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.SequentialScan);
        try
        {
            Restore(ReadCheckpoint(stream));
        }
        catch (InvalidDataException e)
        {
            throw WeightFileFormat.WithPath(e, path);
        }
    }

    /// <inheritdoc/>
    public void LoadCheckpoint(Stream stream) => Restore(ReadCheckpoint(stream));

    /// <inheritdoc/>
    public async Task LoadCheckpointAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            await LoadCheckpointAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw WeightFileFormat.WithPath(e, path);
        }
    }

    /// <inheritdoc/>
    public async Task LoadCheckpointAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        // Read (asynchronously, at most one byte more than the largest checkpoint of this network), then parse in memory.
        long limit = CheckpointFormat.MaxLength(_core.Layout.Fingerprint, TNet.InputSize, _core.Layout.FrequencyCount, TNet.ParameterCount) + 1;
        using MemoryStream buffer = await AtomicFile.ReadAsync(stream, limit, cancellationToken).ConfigureAwait(false);
        Restore(ReadCheckpoint(buffer));
    }

    private byte[] CheckpointBytes()
    {
        using var buffer = new MemoryStream();
        WriteCheckpoint(buffer);
        return buffer.ToArray();
    }

    private void WriteCheckpoint(Stream stream)
    {
        Optimizer optimizer = _engine.Optimizer;
        var state = new TrainingState(optimizer.Kind, optimizer.Beta1, optimizer.Beta2, optimizer.Epsilon, _engine.LearningRate, _engine.StepCount,
            _engine.Schedule.ToString(), _bestValidationLoss, _bestStep);
        CheckpointFormat.Write(stream, _core.Layout.Fingerprint, TNet.InputSize, _core.Frequencies, _core.Amplitudes, _core.Parameters, state,
            _engine.FirstMoment, _engine.SecondMoment, _bestParameters);
    }

    private CheckpointContents ReadCheckpoint(Stream stream) =>
        CheckpointFormat.Read(stream, _core.Layout.Fingerprint, TNet.InputSize, _core.Layout.FrequencyCount, TNet.ParameterCount);

    /// <summary>Checks that the checkpoint belongs to this trainer and network, then restores it: nothing changes unless everything fits.</summary>
    private void Restore(CheckpointContents contents)
    {
        TrainingState state = contents.State;
        Optimizer optimizer = _engine.Optimizer;
        if (state.Optimizer != optimizer.Kind || state.Beta1 != optimizer.Beta1 || state.Beta2 != optimizer.Beta2 || state.Epsilon != optimizer.Epsilon)
        {
            throw WeightFileFormat.Fail(WeightFileError.OptimizerMismatch,
                $"Checkpoint optimiser mismatch: the checkpoint holds the state of {Describe(state.Optimizer, state.Beta1, state.Beta2, state.Epsilon)}; this trainer runs "
                + $"{Describe(optimizer.Kind, optimizer.Beta1, optimizer.Beta2, optimizer.Epsilon)}. Create the trainer with the checkpoint's optimiser to resume it.");
        }

        string schedule = _engine.Schedule.ToString();
        if (!string.Equals(state.Schedule, schedule, StringComparison.Ordinal))
        {
            throw WeightFileFormat.Fail(WeightFileError.ScheduleMismatch,
                $"Checkpoint schedule mismatch: the checkpoint was written with the schedule {state.Schedule}; this trainer has {schedule}. "
                + "Create the trainer with the checkpoint's schedule to resume it (its position is the step count).");
        }

        if (!contents.Frequencies.AsSpan().SequenceEqual(_core.Frequencies) || !contents.Amplitudes.AsSpan().SequenceEqual(_core.Amplitudes))
        {
            throw WeightFileFormat.Fail(WeightFileError.MappingMismatch,
                "Checkpoint mapping mismatch: the checkpoint's B or a differ from this network's. Resume into a network created as the checkpointed one was "
                + "(the same seed, frequency scale or frequencies), or load its weights alone with the network type's Load.");
        }

        _core.SetParameters(contents.Parameters);
        contents.FirstMoment?.CopyTo(_engine.FirstMoment);
        contents.SecondMoment?.CopyTo(_engine.SecondMoment);
        _engine.Restore(state.StepCount, state.LearningRate);
        _bestValidationLoss = state.BestValidationLoss;
        _bestStep = state.BestStep;
        _bestParameters = contents.BestParameters;
    }

    private static string Describe(OptimizerKind kind, float beta1, float beta2, float epsilon) =>
        kind == OptimizerKind.Sgd ? "SGD" : FormattableString.Invariant($"Adam(β1 = {beta1:R}, β2 = {beta2:R}, ε = {epsilon:R})");
}
