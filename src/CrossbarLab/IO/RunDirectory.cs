namespace CrossbarLab.IO;

/// <summary>A run's output folder: created if missing, refused if it already holds files unless the user forces it.</summary>
public sealed class RunDirectory
{
    /// <summary>The absolute path of the folder.</summary>
    public string Path { get; }

    private RunDirectory(string path) => Path = path;

    /// <summary>Prepares a fresh output folder. An existing non-empty folder is refused unless <paramref name="force"/>
    /// (then files are replaced one by one as they are written) or <paramref name="resume"/> (the run continues there).</summary>
    public static RunDirectory Prepare(string path, bool force, bool resume = false)
    {
        string full = System.IO.Path.GetFullPath(path);
        try
        {
            if (System.IO.File.Exists(full))
                throw new OutputException($"Output path {full} is a file, not a folder; choose another --out.");
            if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !force && !resume)
                throw new OutputException($"Output folder {full} already exists and is not empty; pass --force to overwrite it or choose another --out (commands that take --resume can continue the run in it).");
            Directory.CreateDirectory(full);
            string probe = System.IO.Path.Combine(full, $".write-test.{Environment.ProcessId}");
            System.IO.File.WriteAllBytes(probe, []);
            System.IO.File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot write to output folder {full}: {e.Message}", e);
        }
        return new RunDirectory(full);
    }

    /// <summary>The path of a file inside the folder.</summary>
    public string FilePath(string name) => System.IO.Path.Combine(Path, name);
}
