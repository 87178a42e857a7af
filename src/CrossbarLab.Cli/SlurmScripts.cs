using System.Text;

namespace CrossbarLab.Cli;

/// <summary>
/// What <c>crossbar slurm submit</c> asks Slurm for: array tasks (one per shard) and each task's resources.
/// </summary>
/// <param name="Shards">Array tasks, one per shard.</param>
/// <param name="Partition">Slurm partition (null: the cluster's default).</param>
/// <param name="Time">Time limit of each task and of the merge, in Slurm's forms ("30", "1:00:00", "1-0"); null:
/// default.</param>
/// <param name="CpusPerTask">CPUs of each task and of the merge.</param>
/// <param name="Memory">Memory of each task and of the merge ("4G"); null: the cluster's default.</param>
internal sealed record SlurmResources(int Shards, string? Partition, string? Time, int CpusPerTask, string? Memory);

/// <summary>
/// The two batch scripts of a sharded run, kept in its folder (slurm/) so that the run can be submitted again as it is:
/// an array job, one task per shard, each running the user's crossbar command with <c>--shard
/// $SLURM_ARRAY_TASK_ID/N</c>; and a merge job, <c>crossbar merge RUN_DIR</c>, which is submitted to start only after
/// every task succeeded.
/// </summary>
internal static class SlurmScripts
{
    /// <summary>The folder of the scripts and the jobs' logs, inside the run folder.</summary>
    public const string Folder = "slurm";

    /// <summary>The array job's script.</summary>
    public static string ShardsPath(string run) => Path.Combine(run, Folder, "shards.sh");

    /// <summary>The merge job's script.</summary>
    public static string MergePath(string run) => Path.Combine(run, Folder, "merge.sh");

    /// <summary>The jobs' output files: shard-ARRAYJOB_TASK.out and merge-JOB.out.</summary>
    public static string LogFolder(string run) => Path.Combine(run, Folder, "logs");

    /// <summary>
    /// The array job: <paramref name="crossbar"/> (this program) running <paramref name="command"/> as shard I of N.
    /// </summary>
    public static string Shards(IReadOnlyList<string> crossbar, IReadOnlyList<string> command, string run,
        string workdir,
        SlurmResources resources)
    {
        var text = Header($"the shards of the CrossbarLab run in {run}, one array task each", "shards", run, resources);
        text.AppendLine($"#SBATCH --array=0-{resources.Shards - 1}");
        text.AppendLine($"#SBATCH --output={LogFolder(run)}/shard-%A_%a.out");
        Body(text, workdir, resources);
        text.AppendLine($"exec {Quoted(crossbar)} {Quoted(command)} {ShardedCommands.Flag} "
            + $"\"${{SLURM_ARRAY_TASK_ID}}/{resources.Shards}\"");
        return text.ToString();
    }

    /// <summary>
    /// The merge job: <c>crossbar merge RUN_DIR</c>, cancelled by Slurm if a task it depends on fails.
    /// </summary>
    public static string Merge(IReadOnlyList<string> crossbar, string run, string workdir, SlurmResources resources)
    {
        var text = Header($"the merge of the CrossbarLab run in {run}, once every shard has succeeded", "merge", run,
            resources);
        text.AppendLine($"#SBATCH --output={LogFolder(run)}/merge-%j.out");
        text.AppendLine("#SBATCH --kill-on-invalid-dep=yes");
        Body(text, workdir, resources);
        text.AppendLine($"exec {Quoted(crossbar)} merge {Quote(run)}");
        return text.ToString();
    }

    private static StringBuilder Header(string what, string job, string run, SlurmResources resources)
    {
        var text = new StringBuilder();
        text.AppendLine("#!/bin/bash");
        text.AppendLine($"# Written by crossbar slurm submit: {what}.");
        text.AppendLine("# A shard that failed or was cancelled runs again when the same command is submitted again;");
        text.AppendLine("# finished work units are kept.");
        text.AppendLine($"#SBATCH --job-name=crossbar-{job}-{JobName(run)}");
        text.AppendLine($"#SBATCH --cpus-per-task={resources.CpusPerTask}");
        if (resources.Partition != null) text.AppendLine($"#SBATCH --partition={resources.Partition}");
        if (resources.Time != null) text.AppendLine($"#SBATCH --time={resources.Time}");
        if (resources.Memory != null) text.AppendLine($"#SBATCH --mem={resources.Memory}");
        return text;
    }

    private static void Body(StringBuilder text, string workdir, SlurmResources resources)
    {
        text.AppendLine("set -euo pipefail");
        text.AppendLine("# Relative paths of the command (--config, --out, --data) are those of the folder it was "
            + "submitted from.");
        text.AppendLine($"cd -- {Quote(workdir)}");
        text.AppendLine("# .NET sizes its thread pool by the CPUs it sees (maybe the whole node's): use the task's.");
        text.AppendLine($"export DOTNET_PROCESSOR_COUNT=\"${{SLURM_CPUS_PER_TASK:-{resources.CpusPerTask}}}\"");
    }

    /// <summary>
    /// The run folder's name as part of a job name: letters, digits, '-', '_' and '.', at most 40 characters.
    /// </summary>
    private static string JobName(string run)
    {
        string name = IO.SafeName.From(Path.GetFileName(Path.TrimEndingDirectorySeparator(run)));
        return name.Length > 40 ? name[..40] : name;
    }

    private static string Quoted(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary><paramref name="word"/> as one bash word: in single quotes, each ' written as '\''.</summary>
    internal static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
