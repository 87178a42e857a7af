using System.Text;

namespace CrossbarLab.IO;

/// <summary>Writes files atomically: to a temporary sibling first, then renamed over the target, so a crash never leaves half a file.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> as UTF-8 (no BOM).</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => { var bytes = new UTF8Encoding(false).GetBytes(text); stream.Write(bytes); });

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Runs <paramref name="writer"/> on a temporary file, flushes it to disk and renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> writer)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                writer(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new OutputException($"Cannot write {full}: {e.Message} (check that the folder is writable and the disk has space).", e);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
