namespace SampleKit;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its action at once on the reporting thread (unlike <see cref="Progress{T}"/>,
/// which posts to a synchronisation context): e.g. to probe a network between the steps of <c>Fit</c>, while its
/// parameters stand still.
/// </summary>
/// <typeparam name="T">The report.</typeparam>
/// <param name="action">What each report does.</param>
public sealed class SynchronousProgress<T>(Action<T> action) : IProgress<T>
{
    /// <inheritdoc/>
    public void Report(T value) => action(value);
}
