using System.Globalization;

namespace CrossbarLab.IO;

/// <summary>
/// A run's output folder, owned for as long as the run holds it. <see cref="Prepare"/> takes an exclusive lock
/// (<see cref="LockFileName"/> in the folder, holding the owner's process id) so a second command on the same folder is
/// refused with the owner named; <see cref="PrepareShared"/> takes it shared, for the shards of one run, which may run
/// side by side but keep exclusive runs out (they coordinate per work unit with <see cref="UnitLock"/>). The lock is
/// released on <see cref="Dispose"/>, and by the kernel when a process ends in any other way; a lock file left by a
/// killed process is taken over and reported (<see cref="StaleHolder"/>). A command that is refused before it writes
/// (<see cref="BeginWriting"/>) leaves the folder exactly as it found it, lock file included.
/// </summary>
public sealed partial class RunDirectory : IDisposable
{
    /// <summary>The setting an output folder is, in errors.</summary>
    public const string OutDir = "out_dir";

    /// <summary>The rule a non-empty output folder breaks (a run is never written over unless asked to).</summary>
    public const string NotEmpty = "already exists and is not empty: a run is not written over unless overwriting is allowed.";

    /// <summary>The rule a resumed folder that does not exist breaks.</summary>
    public const string NothingToResume = "does not exist, so there is no run to resume: check the path, or start a new "
        + "run there.";

    /// <summary>The lock file in the folder: present while a run holds the folder (or after one was killed).</summary>
    public const string LockFileName = ".crossbar.lock";

    private readonly FileLock? _lock;
    private readonly RunDirectory? _parent;
    private readonly bool _createdFolder;
    private bool _writing;
    private bool _disposed;

    /// <summary>The absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>Whether the folder is held shared (by one of the shards of a run).</summary>
    public bool Shared { get; }

    /// <summary>
    /// The process that held the folder last and ended without releasing it (killed or crashed), as "process 1234 on
    /// host h, started …", when this run took the folder over; otherwise null.
    /// </summary>
    public string? StaleHolder { get; }

    private RunDirectory(string path, FileLock? heldLock, RunDirectory? parent, bool createdFolder, bool shared)
    {
        Path = path;
        _lock = heldLock;
        _parent = parent;
        _createdFolder = createdFolder;
        Shared = shared;
        if (heldLock is { Exclusive: true, PreviousRecord: string stale })
            StaleHolder = DescribeHolder(stale);
    }

    /// <summary>
    /// Prepares and locks an output folder. An existing non-empty folder is refused unless <paramref name="force"/> (then
    /// files are replaced one by one as they are written) or <paramref name="resume"/> (the run continues there; the
    /// folder must exist). A folder another process holds is refused, naming that process.
    /// </summary>
    public static RunDirectory Prepare(string path, bool force, bool resume = false)
    {
        string full = FullFolderPath(path);
        if (resume && !Directory.Exists(full))
            throw new InvalidConfigurationException(OutDir, full, NothingToResume);
        bool created = !Directory.Exists(full);
        var held = Lock(full, exclusive: true);
        var dir = new RunDirectory(full, held, null, created, shared: false);
        try
        {
            if (!force && !resume && dir.HoldsFiles())
                throw new InvalidConfigurationException(OutDir, full, NotEmpty);
            dir.Probe();
            held.Write(HolderRecord());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            dir.Dispose();
            throw new OutputException($"Cannot write to output folder {full}: {e.Message}", e);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
        return dir;
    }

    /// <summary>
    /// Prepares an output folder for one of the shards of a run: the lock is shared, so the run's other shards may hold the
    /// folder at the same time, but a run that wants it exclusively (and any process holding it so) is kept out. The
    /// folder may hold the other shards' files; each shard claims its work units with <see cref="UnitLock"/>.
    /// </summary>
    public static RunDirectory PrepareShared(string path)
    {
        string full = FullFolderPath(path);
        bool created = !Directory.Exists(full);
        var held = Lock(full, exclusive: false);
        var dir = new RunDirectory(full, held, null, created, shared: true);
        try
        {
            dir.Probe();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            dir.Dispose();
            throw new OutputException($"Cannot write to output folder {full}: {e.Message}", e);
        }
        return dir;
    }

    /// <summary>A folder inside this one (created if missing), held under this folder's lock.</summary>
    public RunDirectory Subfolder(string name)
    {
        string full = FullFolderPath(System.IO.Path.Combine(Path, name));
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot create folder {full}: {e.Message}", e);
        }
        return new RunDirectory(full, null, this, createdFolder: false, Shared);
    }

    /// <summary>
    /// Marks the folder as changed: the command passed every check that could refuse it and now writes. Until then,
    /// releasing the folder puts back what it found (a stale lock record; a folder it created is removed if still empty).
    /// </summary>
    public void BeginWriting()
    {
        _writing = true;
        _parent?.BeginWriting();
    }

    /// <summary>The path of a file inside the folder.</summary>
    public string FilePath(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Whether the folder holds anything of a run: the lock file, what a killed writer leaves behind (a temporary
    /// ".NAME.PID.tmp" of <see cref="AtomicFile"/>, a write probe) and the claims of shards (<see cref="UnitLock"/>) do
    /// not count, so a run killed before it wrote a file can be started again or resumed without forcing.
    /// </summary>
    public bool HoldsFiles() => Directory.EnumerateFileSystemEntries(Path).Any(e => !Leftover(e));

    /// <summary>
    /// The lock file, a killed writer's leftovers, and a folder of work-unit claims with nothing else in it.
    /// </summary>
    private static bool Leftover(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        if (name == LockFileName || LeftoverPattern().IsMatch(name))
            return true;
        return name == UnitLock.Folder && Directory.Exists(path)
            && Directory.EnumerateFileSystemEntries(path).All(e => e.EndsWith(".lock", StringComparison.Ordinal));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\..+\.\d+\.tmp|\.write-test\.\d+)$")]
    private static partial System.Text.RegularExpressions.Regex LeftoverPattern();

    /// <summary>Releases the folder (see <see cref="BeginWriting"/> for what a refused command leaves).</summary>
    public void Dispose()
    {
        if (_disposed || _lock == null)
            return;
        _disposed = true;
        _lock.Release(restore: !_writing);
        if (!_writing && _createdFolder && !Shared)
            TryRemoveEmpty(Path);
    }

    /// <summary>"process 1234 on host h, started …" from a lock record.</summary>
    internal static string DescribeHolder(string record)
    {
        var fields = record.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0])
            .ToDictionary(g => g.Key, g => g.First()[1]);
        string pid = fields.GetValueOrDefault("pid", "?");
        string host = fields.GetValueOrDefault("host", "?");
        string started = fields.GetValueOrDefault("started", "?");
        return $"process {Printable(pid)} on host {Printable(host)}, started {Printable(started)}";
    }

    private static string HolderRecord() =>
        $"pid {Environment.ProcessId}\nhost {Environment.MachineName}\n"
        + $"started {DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\n";

    private static string FullFolderPath(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string? problem = OutputPath.FolderProblem(full);
        if (problem != null)
            throw new InvalidConfigurationException(OutDir, full,
                $"is {problem}, not a folder: choose another output folder.");
        return full;
    }

    /// <summary>Creates the folder if needed and takes its lock, or explains who holds it.</summary>
    private static FileLock Lock(string full, bool exclusive)
    {
        string lockPath = System.IO.Path.Combine(full, LockFileName);
        FileLock? held;
        try
        {
            Directory.CreateDirectory(full);
            held = FileLock.TryAcquire(lockPath, exclusive);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot write to output folder {full}: {e.Message}", e);
        }
        if (held != null)
            return held;
        if (FileLock.SharedHolders(lockPath))
            throw new InvalidConfigurationException(OutDir, full, "is in use by the shards of a run, which hold it "
                + "together: wait for them to finish, or choose another output folder.");
        string holder = FileLock.ReadRecord(lockPath) is string record ? DescribeHolder(record) : "another process";
        throw new InvalidConfigurationException(OutDir, full, $"is in use by {holder}: two runs must not write the "
            + "same folder; wait for it to finish, or choose another output folder.");
    }

    /// <summary>Checks that files can be created in the folder (the lock file may already have existed).</summary>
    private void Probe()
    {
        string probe = FilePath($".write-test.{Environment.ProcessId}");
        File.WriteAllBytes(probe, []);
        File.Delete(probe);
    }

    private static void TryRemoveEmpty(string path)
    {
        try
        {
            if (!Directory.EnumerateFileSystemEntries(path).Any())
                Directory.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Text from a lock file, without control characters (it is printed in messages).</summary>
    private static string Printable(string text) =>
        new(text.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
