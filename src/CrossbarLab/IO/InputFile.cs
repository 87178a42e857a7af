namespace CrossbarLab.IO;

/// <summary>
/// Reads whole input files: only regular files are read (a FIFO or a device is refused before it is opened, so a reader
/// never blocks or reads forever), sizes are capped before anything is allocated, and every failure, permission denied
/// included, is an <see cref="InvalidDataFileException"/> naming the path.
/// </summary>
public static class InputFile
{
    /// <summary>
    /// Reads all of <paramref name="path"/>, which must be a regular file of at most <paramref name="maxBytes"/>.
    /// </summary>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        CheckReadable(path, maxBytes);
        try
        {
            var options = FileOptions.SequentialScan;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, options);
            long length = stream.Length;
            if (length > maxBytes)
                throw TooLarge(path, length, maxBytes);
            var bytes = new byte[length];
            int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
                throw new InvalidDataFileException(path,
                    $"the file shrank while it was read ({read} of {length} bytes).");
            return bytes;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidDataFileException(path,
                "permission denied: the file cannot be read (check its permissions).", e);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new InvalidDataFileException(path, $"cannot be read: {e.Message}", e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidDataFileException(path, "file not found.", e);
        }
    }

    /// <summary>
    /// Refuses a missing path, a folder, a FIFO, a device, an empty file and one over the cap, before opening it.
    /// </summary>
    public static void CheckReadable(string path, long maxBytes)
    {
        if (Directory.Exists(path))
            throw new InvalidDataFileException(path, "is a folder, not a file.");
        if (!File.Exists(path))
            throw new InvalidDataFileException(path, "file not found.");
        var kind = FileKind.Of(path);
        if (kind != FileKindValue.Regular && kind != FileKindValue.Unknown)
            throw new InvalidDataFileException(path,
                $"is {FileKind.Describe(kind)}, not a regular file; give the path of an ordinary file.");
        long length = new FileInfo(path).Length;
        if (length == 0 && kind == FileKindValue.Regular)
            throw new InvalidDataFileException(path, "the file is empty.");
        if (length == 0)
            throw new InvalidDataFileException(path,
                "is empty or not a regular file (pipes and devices report no size).");
        if (length > maxBytes)
            throw TooLarge(path, length, maxBytes);
    }

    private static InvalidDataFileException TooLarge(string path, long length, long maxBytes) =>
        new(path, $"is {length:N0} bytes, more than the {maxBytes:N0} bytes this format allows.");
}
