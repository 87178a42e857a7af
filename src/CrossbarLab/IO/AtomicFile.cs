using System.Text;

namespace CrossbarLab.IO;

/// <summary>
/// Writes files atomically and durably, as databases do: the data goes to a temporary file in the same folder, which is
/// flushed to disk and renamed over the target, and then the folder itself is flushed, so that after a crash or a power
/// loss the target holds either its old contents or the whole new file, never half of one. Only a regular file or a new
/// path is written (see <see cref="OutputPath"/>).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> as UTF-8 (no BOM).</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Runs <paramref name="writer"/> on a temporary file, flushes it to disk and renames it to <paramref name="path"/>.</summary>
    /// <exception cref="OutputException">The path is neither a regular file nor new, or cannot be written.</exception>
    public static void Write(string path, Action<Stream> writer)
    {
        OutputPath.CheckFile(path);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            // A temporary left by a killed process with our id (or anything planted there) is removed, never followed.
            File.Delete(temp);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                writer(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
            FolderSync.Flush(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new OutputException(
                $"Cannot write {full}: {e.Message} (check that the folder is writable and the disk has space).", e);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
