namespace CrossbarLab.IO;

/// <summary>A run's output folder: created if missing, refused if it already holds files unless the user forces it.</summary>
public sealed class RunDirectory
{
    /// <summary>The setting an output folder is, in errors.</summary>
    public const string OutDir = "out_dir";

    /// <summary>The rule a non-empty output folder breaks (a run is never written over unless asked to).</summary>
    public const string NotEmpty = "already exists and is not empty: a run is not written over unless overwriting is allowed.";

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
                throw new InvalidConfigurationException(OutDir, full, "is a file, not a folder: choose another output folder.");
            if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !force && !resume)
                throw new InvalidConfigurationException(OutDir, full, NotEmpty);
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
