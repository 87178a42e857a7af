namespace CrossbarLab.IO;

/// <summary>Reads small text files (configurations, statistics) with a size cap, refusing what is not a regular file.</summary>
public static class TextFile
{
    /// <summary>The whole file as text; <paramref name="what"/> names the kind of file in errors.</summary>
    public static string Read(string path, long maxBytes, string what)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new InvalidDataFileException(path, $"{what} not found.");
        // FIFOs, devices and sockets report a length of 0: refusing empty files refuses them before a read could block.
        if (info.Length == 0) throw new InvalidDataFileException(path, $"the {what} is empty (or not a regular file).");
        if (info.Length > maxBytes)
            throw new InvalidDataFileException(path, $"{info.Length:N0} bytes is more than a {what} can hold ({maxBytes:N0} at most).");
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataFileException(path, $"cannot be read ({e.Message}).", e);
        }
    }
}
