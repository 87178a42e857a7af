using System.Runtime.InteropServices;

namespace CrossbarLab.Tests.Reliability;

/// <summary>Named pipes and permissions for the tests (Linux).</summary>
internal static partial class Posix
{
    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFifo(string path, int mode);

    /// <summary>Creates a named pipe at <paramref name="path"/>.</summary>
    public static string Fifo(string path)
    {
        if (MakeFifo(path, 0b110_110_110) != 0)
            throw new IOException($"mkfifo {path} failed: {Marshal.GetLastPInvokeError()}");
        return path;
    }

    /// <summary>Lets everyone into <paramref name="folder"/> (temporary folders are created private).</summary>
    public static string OpenToAll(string folder)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException();
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        return folder;
    }

    /// <summary>Makes <paramref name="path"/> a program its owner may run.</summary>
    public static string Executable(string path)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Makes <paramref name="path"/> readable by its owner (root) only.</summary>
    public static string Private(string path)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>Whether <paramref name="path"/> is (still) a named pipe.</summary>
    public static bool IsFifo(string path) => CrossbarLab.IO.FileKind.OfLink(path) == CrossbarLab.IO.FileKindValue.Fifo;
}
