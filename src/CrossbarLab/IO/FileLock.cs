using System.Text;

namespace CrossbarLab.IO;

/// <summary>
/// An advisory lock on a lock file (flock, non-blocking): exclusive for one owner, or shared among cooperating owners.
/// The kernel drops the lock when its holder exits, however it exits, so a lock can never outlive a killed process;
/// the file itself may, and then holds the record (process id, host, start time) of the holder that did not release it,
/// which the next holder reports. A holder that releases normally removes the file while still holding the lock, and a
/// process that locked a file just removed that way (its link count is 0) tries again, so two processes never both
/// believe they hold the lock.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private const int MaxRecordBytes = 4096;
    private const int Attempts = 20;
    private const int ReadableByAll = 0b110_100_100; // rw-r--r--

    private readonly int _fd;
    private readonly FileStream? _fallback;
    private bool _released;

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Whether this is an exclusive lock.</summary>
    public bool Exclusive { get; }

    /// <summary>The record the file held when the lock was taken (a holder that never released it), or null.</summary>
    public string? PreviousRecord { get; }

    private FileLock(string path, bool exclusive, int fd, FileStream? fallback, string? previous)
    {
        Path = path;
        Exclusive = exclusive;
        _fd = fd;
        _fallback = fallback;
        PreviousRecord = previous;
    }

    /// <summary>Takes the lock on <paramref name="path"/> (created if missing); null if another holds it.</summary>
    /// <exception cref="IOException">The lock file cannot be created or opened.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static FileLock? TryAcquire(string path, bool exclusive)
    {
        if (!LibC.Available)
            return Fallback(path, exclusive);
        int operation = (exclusive ? LibC.LockExclusive : LibC.LockShared) | LibC.LockNonBlocking;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            int fd = OpenOrThrow(path, LibC.ReadWriteCreate);
            if (LibC.FlockRetrying(fd, operation) != 0)
            {
                int errno = LibC.Errno;
                // A file system without locks (an NFS mount without its lock daemon): run unlocked rather than not at all.
                if (LibC.LocksUnsupported(errno))
                    return new FileLock(path, exclusive, fd, null, null);
                LibC.Close(fd);
                if (errno == LibC.WouldBlock)
                    return null;
                throw new IOException($"cannot lock {path}: {LibC.Describe(errno)}");
            }
            // The previous holder removed the file after we opened it: lock the new one instead.
            if (FileKind.LinkCount(fd) == 0)
            {
                LibC.Close(fd);
                continue;
            }
            if (FileKind.OfDescriptor(fd) is not (FileKindValue.Regular or FileKindValue.Unknown))
            {
                LibC.Close(fd);
                throw new IOException($"{path} is not a regular file, so it cannot serve as a lock file.");
            }
            string record = Encoding.UTF8.GetString(LibC.ReadStart(fd, MaxRecordBytes)).Trim();
            return new FileLock(path, exclusive, fd, null, record.Length == 0 ? null : record);
        }
        throw new IOException($"cannot lock {path}: it was removed and re-created {Attempts} times while being locked.");
    }

    /// <summary>
    /// Whether a shared lock could be taken on <paramref name="path"/> now (so any holders hold it shared); the probe
    /// takes and drops the lock at once and never creates the file.
    /// </summary>
    public static bool SharedHolders(string path)
    {
        if (!LibC.Available)
            return false;
        int fd = LibC.Open(path, LibC.ReadOnly, 0);
        if (fd < 0)
            return false;
        bool shared = LibC.FlockRetrying(fd, LibC.LockShared | LibC.LockNonBlocking) == 0;
        LibC.Close(fd);
        return shared;
    }

    /// <summary>The record in <paramref name="path"/> (read without locking), or null if none can be read.</summary>
    public static string? ReadRecord(string path)
    {
        if (!LibC.Available)
            return null;
        int fd = LibC.Open(path, LibC.ReadOnly, 0);
        if (fd < 0)
            return null;
        string text = Encoding.UTF8.GetString(LibC.ReadStart(fd, MaxRecordBytes)).Trim();
        LibC.Close(fd);
        return text.Length == 0 ? null : text;
    }

    /// <summary>Replaces the file's contents with <paramref name="record"/> (the holder's description).</summary>
    public void Write(string record)
    {
        if (_fallback != null)
        {
            _fallback.SetLength(0);
            _fallback.Write(Encoding.UTF8.GetBytes(record));
            _fallback.Flush(flushToDisk: true);
            return;
        }
        if (!LibC.Replace(_fd, Encoding.UTF8.GetBytes(record)))
            throw new IOException($"cannot write {Path}: {LibC.Describe(LibC.Errno)}");
    }

    /// <summary>
    /// Releases the lock. <paramref name="restore"/> puts back what the file held when the lock was taken (its
    /// <see cref="PreviousRecord"/>, or nothing: then the file is removed), so a holder that changed nothing leaves no
    /// trace. Otherwise an exclusive holder removes the file, and a shared holder removes it only if it is the last one.
    /// </summary>
    public void Release(bool restore)
    {
        if (_released)
            return;
        _released = true;
        if (_fallback != null)
        {
            _fallback.Dispose();
            TryDelete(Path);
            return;
        }
        if (restore && PreviousRecord != null)
        {
            // Shared holders never write the file, so only an exclusive holder has something to put back.
            if (Exclusive)
                LibC.Replace(_fd, Encoding.UTF8.GetBytes(PreviousRecord + "\n"));
        }
        else if (Exclusive || LibC.FlockRetrying(_fd, LibC.LockExclusive | LibC.LockNonBlocking) == 0)
        {
            // An exclusive holder, or the last of the shared ones (it could take the lock exclusively).
            TryDelete(Path);
        }
        // Closing the descriptor drops the lock; a process that opened the removed file sees its link count 0 and retries.
        LibC.Close(_fd);
    }

    /// <inheritdoc/>
    public void Dispose() => Release(restore: false);

    private static int OpenOrThrow(string path, int flags)
    {
        int fd = LibC.Open(path, flags, ReadableByAll);
        if (fd >= 0)
            return fd;
        int errno = LibC.Errno;
        if (errno == LibC.AccessDenied)
            throw new UnauthorizedAccessException($"permission denied: cannot create or open {path}.");
        throw new IOException($"cannot create or open {path}: {LibC.Describe(errno)}");
    }

    /// <summary>Where there is no flock (Windows), the operating system's sharing modes give the same exclusion.</summary>
    private static FileLock? Fallback(string path, bool exclusive)
    {
        try
        {
            var share = exclusive ? FileShare.None : FileShare.ReadWrite | FileShare.Delete;
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, share);
            using var reader = new StreamReader(stream, Encoding.UTF8, false, 1024, leaveOpen: true);
            string record = reader.ReadToEnd().Trim();
            return new FileLock(path, exclusive, -1, stream, record.Length == 0 ? null : record);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
