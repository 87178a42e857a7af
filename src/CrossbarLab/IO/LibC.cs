using System.Runtime.InteropServices;

namespace CrossbarLab.IO;

/// <summary>
/// The few POSIX calls that .NET does not expose and that reliability needs: advisory locks (flock) taken explicitly,
/// so they hold whatever .NET's own optional locking does, and fsync of a folder, so a rename survives a power loss.
/// Only flags whose values are the same on every Linux architecture are used (no O_DIRECTORY or O_NOFOLLOW).
/// </summary>
internal static partial class LibC
{
    /// <summary>Open for reading only.</summary>
    public const int ReadOnly = 0;

    /// <summary>Open for reading and writing, creating the file if missing, not inherited by child processes.</summary>
    public const int ReadWriteCreate = 2 | 0x40 | 0x80000;

    /// <summary>flock: a shared lock (many holders).</summary>
    public const int LockShared = 1;

    /// <summary>flock: an exclusive lock (one holder).</summary>
    public const int LockExclusive = 2;

    /// <summary>flock: fail at once instead of waiting.</summary>
    public const int LockNonBlocking = 4;

    /// <summary>errno: the lock is held by another open file (EWOULDBLOCK = EAGAIN on Linux).</summary>
    public const int WouldBlock = 11;

    /// <summary>errno: interrupted by a signal; the call may be repeated.</summary>
    public const int Interrupted = 4;

    /// <summary>errno: the file system does not support the operation (fsync of a folder on some).</summary>
    public const int InvalidArgument = 22;

    /// <summary>errno: permission denied.</summary>
    public const int AccessDenied = 13;

    /// <summary>Whether flock failed because the file system has no locks (ENOLCK, ENOSYS, EOPNOTSUPP on Linux).</summary>
    public static bool LocksUnsupported(int errno) => errno is 37 or 38 or 95;

    /// <summary>Whether these calls can be made here (Linux and other Unix systems with a C library).</summary>
    public static bool Available { get; } =
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    public static unsafe partial nint Pwrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    public static unsafe partial nint Pread(int fd, byte* buffer, nuint count, long offset);

    /// <summary>The errno of the last call made here.</summary>
    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>The system's words for an errno value ("Permission denied").</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>flock, repeated while a signal interrupts it.</summary>
    public static int FlockRetrying(int fd, int operation)
    {
        int result;
        do result = Flock(fd, operation);
        while (result != 0 && Errno == Interrupted);
        return result;
    }

    /// <summary>Writes all of <paramref name="bytes"/> at offset 0 and cuts the file there.</summary>
    public static unsafe bool Replace(int fd, ReadOnlySpan<byte> bytes)
    {
        if (Ftruncate(fd, 0) != 0) return false;
        fixed (byte* p = bytes)
        {
            long done = 0;
            while (done < bytes.Length)
            {
                nint n = Pwrite(fd, p + done, (nuint)(bytes.Length - done), done);
                if (n < 0 && Errno == Interrupted) continue;
                if (n <= 0) return false;
                done += n;
            }
        }
        return true;
    }

    /// <summary>Reads up to <paramref name="max"/> bytes from the start of the file (fewer if it is shorter).</summary>
    public static unsafe byte[] ReadStart(int fd, int max)
    {
        var buffer = new byte[max];
        long done = 0;
        fixed (byte* p = buffer)
        {
            while (done < max)
            {
                nint n = Pread(fd, p + done, (nuint)(max - done), done);
                if (n < 0 && Errno == Interrupted) continue;
                if (n <= 0) break;
                done += n;
            }
        }
        return buffer[..(int)done];
    }
}
