namespace FourierGen;

/// <summary>What every generated network's <c>Trainer</c> offers, for code generic over networks.</summary>
public interface INetworkTrainer : IDisposable
{
    /// <summary>Steps applied so far: Adam's t and the schedule's position.</summary>
    long StepCount { get; }

    /// <summary>The gradient of the last step, laid out like the parameters.</summary>
    ReadOnlySpan<float> LastGradient { get; }

    /// <summary>The optimiser and its hyper-parameters (its learning rate is where <see cref="LearningRate"/> started).</summary>
    Optimizer Optimizer { get; }

    /// <summary>How the learning rate changes with the step.</summary>
    LearningRateSchedule Schedule { get; }

    /// <summary>The loss of <see cref="Step(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, <see cref="Evaluate"/> and Fit's validation.</summary>
    Loss Loss { get; }

    /// <summary>The most rows one step takes.</summary>
    int BatchCapacity { get; }

    /// <summary>
    /// The base learning rate the schedule scales, the optimiser's at creation. Setting it takes effect at the next step and
    /// keeps the optimiser's state (Adam's moments and step count): the way to change the learning rate of a live run.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is negative, NaN or ∞.</exception>
    float LearningRate { get; set; }

    /// <summary>The learning rate the next step uses: <see cref="LearningRate"/> × the schedule's factor at <see cref="StepCount"/>.</summary>
    /// <exception cref="InvalidOperationException">The schedule gives a negative or non-finite factor.</exception>
    double CurrentLearningRate { get; }

    /// <summary>Floats of activations one row has: the features, every hidden layer's outputs and the outputs.</summary>
    int ActivationsPerRow { get; }

    /// <summary>Bytes held for the two-phase step: BatchCapacity × <see cref="ActivationsPerRow"/> × 4 with <see cref="TrainerOptions.RetainActivations"/>, else 0.</summary>
    long RetainedActivationBytes { get; }

    /// <summary>One step on a batch with the trainer's loss: forward, loss, backward and the optimiser, allocating nothing.</summary>
    /// <param name="inputs">rows × InputSize values, row-major; 1 to BatchCapacity rows.</param>
    /// <param name="targets">rows × OutputSize values, row-major.</param>
    /// <returns>The batch's loss before the update.</returns>
    /// <exception cref="ArgumentException">The spans do not hold the same 1..BatchCapacity whole rows, or hold NaN or ∞.</exception>
    /// <exception cref="TrainingDivergedException">The loss or the update is not finite; nothing was changed.</exception>
    /// <exception cref="InvalidOperationException">The schedule gives a negative or non-finite factor; nothing was changed.</exception>
    float Step(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

    /// <summary>
    /// One step from the caller's ∂L/∂ŷ at the current parameters (computed, e.g., from the outputs of <c>PredictBatch</c>):
    /// the forward pass runs again here. <see cref="Forward"/> and <see cref="Backward"/> run it once.
    /// </summary>
    /// <param name="inputs">rows × InputSize values, row-major; 1 to BatchCapacity rows.</param>
    /// <param name="gradient">∂L/∂ŷ, rows × OutputSize values.</param>
    /// <exception cref="ArgumentException">The spans do not hold the same 1..BatchCapacity whole rows, or hold NaN or ∞.</exception>
    /// <exception cref="TrainingDivergedException">The update is not finite; nothing was changed.</exception>
    /// <exception cref="InvalidOperationException">The schedule gives a negative or non-finite factor; nothing was changed.</exception>
    void Step(ReadOnlySpan<float> inputs, LossGradient gradient);

    /// <summary>
    /// The first half of a two-phase step for a loss the trainer does not know (e.g. through a linear operator coupling all
    /// rows): the network's outputs for every row, keeping every row's activations for <see cref="Backward"/>, so the
    /// forward pass runs once. Needs <see cref="TrainerOptions.RetainActivations"/> (its memory: see
    /// <see cref="RetainedActivationBytes"/>).
    /// </summary>
    /// <param name="inputs">rows × InputSize values, row-major; 1 to BatchCapacity rows.</param>
    /// <param name="outputs">At least rows × OutputSize values: receives the outputs (the rest is not written).</param>
    /// <exception cref="InvalidOperationException">The trainer was created without RetainActivations.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, or the inputs hold NaN or ∞.</exception>
    void Forward(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>
    /// The second half of a two-phase step: the backward pass from ∂L/∂ŷ at the outputs <see cref="Forward"/> returned, and
    /// the optimiser update. One Backward per Forward; a Step or a restored checkpoint in between discards the Forward.
    /// </summary>
    /// <param name="outputGradient">∂L/∂ŷ, the Forward's rows × OutputSize values.</param>
    /// <exception cref="InvalidOperationException">No Forward is pending.</exception>
    /// <exception cref="ArgumentException">The gradient has the wrong length or holds NaN or ∞.</exception>
    /// <exception cref="TrainingDivergedException">The update is not finite; nothing was changed.</exception>
    void Backward(ReadOnlySpan<float> outputGradient);

    /// <summary>The trainer's loss, the MSE, MAE and PSNR of the network over a dataset (in batches, all cores, deterministic).</summary>
    /// <param name="inputs">rows × InputSize values, row-major.</param>
    /// <param name="targets">rows × OutputSize values, row-major.</param>
    /// <returns>The errors.</returns>
    /// <exception cref="ArgumentException">The spans do not hold the same number of whole rows, hold none, or hold NaN or ∞.</exception>
    EvaluationResult Evaluate(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

    /// <summary>
    /// Trains on <paramref name="data"/> until the step count reaches FitOptions.Steps (or Epochs), taking batch number
    /// <see cref="StepCount"/> for each step: after resuming a checkpoint it continues exactly as the uninterrupted run.
    /// Validates, stops early, saves checkpoints and reports progress as the options say; <see cref="Step(ReadOnlySpan{float}, ReadOnlySpan{float})"/> is its primitive.
    /// </summary>
    /// <param name="data">The batches (e.g. <see cref="Minibatches"/>).</param>
    /// <param name="options">How long, validation, early stopping, checkpoints, reports.</param>
    /// <param name="progress">Receives a report after steps (synchronously, on the training thread), or null.</param>
    /// <param name="cancellationToken">Checked before every step; on cancellation a checkpoint is saved (if a path is set) before the exception.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="ArgumentException">The options or the data do not fit this trainer.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="TrainingDivergedException">A step diverged; the parameters are those before it.</exception>
    FitResult Fit(ITrainingData data, FitOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Saves a checkpoint atomically (a temporary file renamed over the target): the weights, Adam's m and v, the step count, the learning rate and Fit's early-stopping state.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="ArgumentException">The path is empty or names a directory.</exception>
    /// <exception cref="IOException">The file cannot be written; an existing file is untouched.</exception>
    void SaveCheckpoint(string path);

    /// <summary>Writes a checkpoint to a stream at its position.</summary>
    /// <param name="stream">A writable stream (flushed, not closed).</param>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    void SaveCheckpoint(Stream stream);

    /// <summary>Saves a checkpoint atomically, writing asynchronously.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="cancellationToken">Cancels the write (an existing file is then untouched).</param>
    /// <returns>The write.</returns>
    /// <exception cref="ArgumentException">The path is empty or names a directory.</exception>
    /// <exception cref="IOException">The file cannot be written; an existing file is untouched.</exception>
    Task SaveCheckpointAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Writes a checkpoint to a stream asynchronously.</summary>
    /// <param name="stream">A writable stream (flushed, not closed).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The write.</returns>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    Task SaveCheckpointAsync(Stream stream, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resumes from a checkpoint: the network's parameters, Adam's m and v, the step count (so the schedule's position), the
    /// learning rate and Fit's early-stopping state. Everything is checked first; on failure nothing changes.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <exception cref="InvalidDataException">
    /// The file is not a checkpoint, is truncated or corrupt, belongs to another declaration, or was written with another
    /// optimiser, schedule, or B and a; the message (prefixed with the path) says which.
    /// </exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    void LoadCheckpoint(string path);

    /// <summary>Resumes from a checkpoint read from a stream's position to its end (see <see cref="LoadCheckpoint(string)"/>).</summary>
    /// <param name="stream">A readable stream; nothing may follow the checkpoint in it.</param>
    /// <exception cref="InvalidDataException">The data fails a check; the message says which.</exception>
    void LoadCheckpoint(Stream stream);

    /// <summary>Resumes from a checkpoint file, reading asynchronously.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="cancellationToken">Cancels the read (nothing changes).</param>
    /// <returns>The load.</returns>
    /// <exception cref="InvalidDataException">The file fails a check; the message says which.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    Task LoadCheckpointAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Resumes from a checkpoint read asynchronously from a stream (e.g. an HTTP request body, where synchronous reads are refused).</summary>
    /// <param name="stream">A readable stream; nothing may follow the checkpoint in it.</param>
    /// <param name="cancellationToken">Cancels the read (nothing changes).</param>
    /// <returns>The load.</returns>
    /// <exception cref="InvalidDataException">The data fails a check; the message says which.</exception>
    Task LoadCheckpointAsync(Stream stream, CancellationToken cancellationToken = default);
}
