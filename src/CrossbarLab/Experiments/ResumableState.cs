using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// Checks, before a resumed run changes anything, that every file it will read back is intact: the checkpoints it
/// continues from, and the finished models and histories it loads instead of retraining. A damaged file then refuses the
/// command while the folder is still as it was, rather than half-way through, after other files were rewritten.
/// </summary>
internal static class ResumableState
{
    /// <summary>Checks the checkpoints, models and histories in <paramref name="output"/> (not their settings).</summary>
    public static void Check(RunDirectory output, RunConfig config)
    {
        string single = output.FilePath("checkpoint.json");
        if (File.Exists(single) || Directory.Exists(single))
            Checkpoint.ReadIntact(single);
        foreach (string checkpoint in Files(output, "checkpoints", "*.json"))
            Checkpoint.ReadIntact(checkpoint);
        foreach (string model in Files(output, "models", "*.json"))
        {
            if (model.EndsWith(".history.json", StringComparison.Ordinal))
                HistoryFile.Read(model, config.Training.Epochs);
            else
                ModelFile.Load(model);
        }
    }

    private static IEnumerable<string> Files(RunDirectory output, string folder, string pattern)
    {
        string path = output.FilePath(folder);
        if (File.Exists(path))
            throw new InvalidDataFileException(path, "should be a folder of the run, but is a file; the folder is not a "
                + "run that can be resumed.");
        return Directory.Exists(path) ? Directory.GetFiles(path, pattern).Order(StringComparer.Ordinal) : [];
    }
}
