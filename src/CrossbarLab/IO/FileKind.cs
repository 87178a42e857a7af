using System.Runtime.InteropServices;
using System.Text;

namespace CrossbarLab.IO;

/// <summary>What a path names, as far as the operating system tells (symbolic links followed).</summary>
internal enum FileKindValue
{
    /// <summary>
    /// The kind could not be determined (no statx, or the call failed); callers fall back on other checks.
    /// </summary>
    Unknown,
    /// <summary>An ordinary file.</summary>
    Regular,
    /// <summary>A folder.</summary>
    Directory,
    /// <summary>A named pipe: opening it for reading blocks until a writer appears.</summary>
    Fifo,
    /// <summary>A character device such as /dev/zero: reading it may never end.</summary>
    CharacterDevice,
    /// <summary>A block device (a disk).</summary>
    BlockDevice,
    /// <summary>A Unix-domain socket.</summary>
    Socket,
}

/// <summary>
/// Asks the kernel for the type of a file without opening it (opening a FIFO would block). .NET exposes no file type
/// on Unix, so this calls Linux's statx, whose result layout is the same on every architecture (stx_mode is the
/// 16-bit field at byte 28). Elsewhere, or where the C library lacks statx, the answer is
/// <see cref="FileKindValue.Unknown"/>.
/// </summary>
internal static unsafe class FileKind
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxBufferBytes = 256;
    private const int ModeOffset = 28;

    private static readonly delegate* unmanaged<int, byte*, int, uint, byte*, int> Statx = LoadStatx();

    /// <summary>The kind of file <paramref name="path"/> names (following symbolic links).</summary>
    public static FileKindValue Of(string path)
    {
        if (Statx == null)
            return FileKindValue.Unknown;
        byte[] name = Encoding.UTF8.GetBytes(path + "\0");
        byte* buffer = stackalloc byte[StatxBufferBytes];
        int result;
        fixed (byte* p = name)
            result = Statx(AtFdCwd, p, 0, StatxType, buffer);
        if (result != 0)
            return FileKindValue.Unknown;
        uint mask = *(uint*)buffer;
        if ((mask & StatxType) == 0)
            return FileKindValue.Unknown;
        int mode = *(ushort*)(buffer + ModeOffset);
        return (mode & 0xF000) switch
        {
            0x8000 => FileKindValue.Regular,
            0x4000 => FileKindValue.Directory,
            0x1000 => FileKindValue.Fifo,
            0x2000 => FileKindValue.CharacterDevice,
            0x6000 => FileKindValue.BlockDevice,
            0xC000 => FileKindValue.Socket,
            _ => FileKindValue.Unknown,
        };
    }

    /// <summary>Words for a kind in an error message.</summary>
    public static string Describe(FileKindValue kind) => kind switch
    {
        FileKindValue.Directory => "a folder",
        FileKindValue.Fifo => "a named pipe (FIFO)",
        FileKindValue.CharacterDevice => "a character device",
        FileKindValue.BlockDevice => "a block device",
        FileKindValue.Socket => "a socket",
        _ => "not a regular file",
    };

    private static delegate* unmanaged<int, byte*, int, uint, byte*, int> LoadStatx()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        if (!NativeLibrary.TryLoad("libc.so.6", out IntPtr libc))
            return null;
        if (!NativeLibrary.TryGetExport(libc, "statx", out IntPtr statx))
            return null;
        return (delegate* unmanaged<int, byte*, int, uint, byte*, int>)statx;
    }
}
