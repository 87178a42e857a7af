using System.CommandLine;
using CrossbarLab.Experiments;
using CrossbarLab.IO;

namespace CrossbarLab.Cli;

/// <summary>
/// Opens the output folder of every command that writes one: locked for the command's lifetime (dispose it), checked
/// for resuming before anything runs, and with a note when the folder was left locked by a process that was killed.
/// </summary>
internal static class RunFolders
{
    /// <summary>
    /// The run folder from --out (runs/NAME-TIME when it is not given), --force and --resume. A resumed run is checked
    /// against <paramref name="config"/> here, before data are loaded or anything is written.
    /// </summary>
    public static RunDirectory Prepare(ParseResult parse, Option<string?> output, Option<bool> force, Option<bool> resume,
        string name, RunConfig config)
    {
        bool resuming = parse.GetValue(resume);
        string? outPath = parse.GetValue(output);
        if (resuming && outPath == null)
            throw new CrossbarLabException("--resume needs --out pointing at the run folder to continue.");
        string path = outPath ?? Path.Combine("runs", $"{name}-{DateTime.Now:yyyyMMdd-HHmmss}");
        return Open(path, parse.GetValue(force), resuming, config);
    }

    /// <summary>Opens <paramref name="path"/> as a run folder (see <see cref="RunDirectory.Prepare"/>).</summary>
    public static RunDirectory Open(string path, bool force, bool resume = false, RunConfig? config = null)
    {
        var dir = RunDirectory.Prepare(path, force, resume);
        try
        {
            if (resume && config != null)
                RunFolder.CheckResume(dir, config, resume);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
        if (dir.StaleHolder != null)
            Console.Error.WriteLine($"note: {ConsoleText.Plain(dir.Path)} was held by {dir.StaleHolder}, which ended "
                + "without releasing it (killed?); this command takes it over.");
        return dir;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for one shard of a run: held shared with the run's other shards (and refused while
    /// a whole run or a merge holds it); the shard checks the run's config.json itself (<see
    /// cref="RunFolder.WriteShared"/>).
    /// </summary>
    public static RunDirectory PrepareShard(string path) => RunDirectory.PrepareShared(path);

    /// <summary>
    /// Opens <paramref name="path"/> for a submission of a sharded run: a new folder, an empty one, or one that holds
    /// this run already (resubmitted: checked as a resumed run would be, <paramref name="config"/> against its
    /// config.json).
    /// </summary>
    public static RunDirectory PrepareSubmission(string path, RunConfig config)
    {
        bool exists = Directory.Exists(path);
        return Open(path, force: false, resume: exists, config);
    }

    /// <summary>Opens <paramref name="path"/> if given (commands whose output folder is optional).</summary>
    public static RunDirectory? OpenOptional(string? path, bool force) => path == null ? null : Open(path, force);
}
