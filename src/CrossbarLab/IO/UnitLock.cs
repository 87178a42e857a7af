namespace CrossbarLab.IO;

/// <summary>
/// A claim on one work unit of a run that several shards share (<see cref="RunDirectory.PrepareShared"/>): an exclusive,
/// non-blocking lock on <c>units/NAME.lock</c>. The shard that gets it computes the unit and writes its outputs
/// atomically (each unit has its own files, so shards never write the same file); the others skip the unit. A shard that
/// is killed loses its claims with its process, so a later shard can take the unit over and finish it.
/// </summary>
public sealed class UnitLock : IDisposable
{
    /// <summary>The folder of the unit locks, inside the run folder.</summary>
    public const string Folder = "units";

    private readonly FileLock _lock;

    /// <summary>The unit's name.</summary>
    public string Unit { get; }

    /// <summary>Whether a shard that was killed held the unit before (its outputs may be missing or partial).</summary>
    public bool TakenOver => _lock.PreviousRecord != null;

    private UnitLock(string unit, FileLock held)
    {
        Unit = unit;
        _lock = held;
    }

    /// <summary>Claims <paramref name="unit"/> of the run in <paramref name="run"/>; null if another shard holds it.</summary>
    /// <exception cref="ArgumentException">The unit name is not a safe file name (<see cref="SafeName"/>).</exception>
    /// <exception cref="OutputException">The lock file cannot be created.</exception>
    public static UnitLock? TryAcquire(RunDirectory run, string unit)
    {
        if (!SafeName.IsSafe(unit))
            throw new ArgumentException($"Work unit '{unit}' is not a safe name: {SafeName.Rule}.", nameof(unit));
        string folder = run.FilePath(Folder);
        string path = Path.Combine(folder, unit + ".lock");
        try
        {
            Directory.CreateDirectory(folder);
            var held = FileLock.TryAcquire(path, exclusive: true);
            if (held == null)
                return null;
            held.Write($"pid {Environment.ProcessId}\nhost {Environment.MachineName}\n");
            return new UnitLock(unit, held);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot claim work unit {unit} in {folder}: {e.Message}", e);
        }
    }

    /// <summary>Releases the claim (the lock file is removed).</summary>
    public void Dispose() => _lock.Release(restore: false);
}
