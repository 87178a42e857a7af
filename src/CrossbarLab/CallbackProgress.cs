namespace CrossbarLab;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls <paramref name="report"/> at once, on the reporting thread — unlike
/// <see cref="Progress{T}"/>, which posts to a synchronisation context, so reports could arrive late or out of order.
/// </summary>
public sealed class CallbackProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc/>
    public void Report(T value) => report(value);
}
