namespace CrossbarLab.IO;

/// <summary>
/// Flushes a folder's entries to disk. A rename is a change to the folder, not to the file: until the folder is flushed
/// a power loss can undo it and leave the old file (or none) behind, although the new file's data was flushed.
/// </summary>
internal static class FolderSync
{
    /// <summary>Flushes <paramref name="folder"/>; a no-op where folders cannot be flushed (Windows, some file systems).</summary>
    /// <exception cref="IOException">The disk reported an error while flushing.</exception>
    public static void Flush(string folder)
    {
        if (!LibC.Available)
            return;
        int fd = LibC.Open(folder, LibC.ReadOnly, 0);
        // A folder we may write but not read cannot be opened to flush; the rename itself has succeeded.
        if (fd < 0)
            return;
        try
        {
            if (LibC.Fsync(fd) == 0)
                return;
            int errno = LibC.Errno;
            if (errno != LibC.InvalidArgument)
                throw new IOException($"flushing the folder failed: {LibC.Describe(errno)}");
        }
        finally
        {
            LibC.Close(fd);
        }
    }
}
