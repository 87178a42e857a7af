using System.CommandLine;
using CrossbarLab.IO;

namespace CrossbarLab.Cli;

/// <summary>The output folder of a resumable run, from --out, --force and --resume.</summary>
internal static class RunFolders
{
    /// <summary>The run folder (runs/NAME-TIME when --out is not given) and whether the run resumes.</summary>
    public static (RunDirectory Folder, bool Resuming) Prepare(ParseResult parse, Option<string?> output, Option<bool> force,
        Option<bool> resume, string name)
    {
        bool resuming = parse.GetValue(resume);
        string? outPath = parse.GetValue(output);
        if (resuming && outPath == null) throw new CrossbarLabException("--resume needs --out pointing at the run folder to continue.");
        string path = outPath ?? Path.Combine("runs", $"{name}-{DateTime.Now:yyyyMMdd-HHmmss}");
        return (RunDirectory.Prepare(path, parse.GetValue(force), resuming), resuming);
    }
}
