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
    /// <summary>A symbolic link (only reported when links are not followed).</summary>
    Symlink,
    /// <summary>Nothing exists at the path.</summary>
    Missing,
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

    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxLinkCount = 0x4;
    private const int LinkCountOffset = 16;
    private const int NoSuchFile = 2;
    private const int NotADirectory = 20;

    /// <summary>The kind of file <paramref name="path"/> names (following symbolic links).</summary>
    public static FileKindValue Of(string path) => Query(AtFdCwd, path, 0);

    /// <summary>The kind of <paramref name="path"/> itself: a symbolic link is reported as one, not followed.</summary>
    public static FileKindValue OfLink(string path) => Query(AtFdCwd, path, AtSymlinkNoFollow);

    /// <summary>The kind of the file open as descriptor <paramref name="fd"/>.</summary>
    public static FileKindValue OfDescriptor(int fd) => Query(fd, "", AtEmptyPath);

    /// <summary>
    /// How many names the open file <paramref name="fd"/> has: 0 once it has been removed from its folder (a lock file
    /// deleted by its last holder). -1 where the kernel cannot tell.
    /// </summary>
    public static long LinkCount(int fd)
    {
        if (Statx == null)
            return -1;
        byte* buffer = stackalloc byte[StatxBufferBytes];
        byte* empty = stackalloc byte[1];
        empty[0] = 0;
        if (Statx(fd, empty, AtEmptyPath, StatxLinkCount, buffer) != 0)
            return -1;
        if ((*(uint*)buffer & StatxLinkCount) == 0)
            return -1;
        return *(uint*)(buffer + LinkCountOffset);
    }

    private static FileKindValue Query(int dirfd, string path, int flags)
    {
        if (Statx == null)
            return FileKindValue.Unknown;
        byte[] name = Encoding.UTF8.GetBytes(path + "\0");
        byte* buffer = stackalloc byte[StatxBufferBytes];
        int result;
        fixed (byte* p = name)
            result = Statx(dirfd, p, flags, StatxType, buffer);
        if (result != 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastSystemError();
            return errno is NoSuchFile or NotADirectory ? FileKindValue.Missing : FileKindValue.Unknown;
        }
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
            0xA000 => FileKindValue.Symlink,
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
        FileKindValue.Symlink => "a symbolic link",
        FileKindValue.Regular => "a file",
        FileKindValue.Missing => "missing",
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
