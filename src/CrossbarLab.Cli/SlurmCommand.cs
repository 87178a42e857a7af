using System.CommandLine;
using System.Text.RegularExpressions;
using CrossbarLab.Compute;
using CrossbarLab.Experiments;
using CrossbarLab.IO;

namespace CrossbarLab.Cli;

/// <summary>
/// <c>crossbar slurm submit --shards N [--partition P] [--time T] [--cpus-per-task C] [--mem M] [--dry-run] [--wait] --
/// COMMAND</c>: runs reproduce or a sweep on a Slurm cluster as a job array (one task per shard) followed by a merge
/// job. The command line is checked here, as crossbar itself would check it, so a mistake is refused at once rather
/// than by every array task; the scripts are written into the run folder (slurm/), so submitting the same command again
/// reruns the shards that did not finish and keeps every finished work unit.
/// </summary>
internal static partial class SlurmCommand
{
    public static Command Create(ShardedCommands sharded)
    {
        var shards = new Option<int?>("--shards") { Description = "Shards, one array task each (required)." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (default: its default)." };
        var time = new Option<string?>("--time")
        {
            Description = "Time limit of each shard and of the merge, as Slurm takes it: minutes, H:MM:SS or D-HH "
                + "(default: the partition's).",
        };
        var cpus = new Option<int?>("--cpus-per-task")
        {
            Description = "CPUs of each shard and of the merge (default 1).",
        };
        var memory = new Option<string?>("--mem") { Description = "Memory of each shard and of the merge, e.g. 4G "
            + "(default: the cluster's)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the two batch scripts and the sbatch "
            + "commands; submit nothing, write nothing." };
        var wait = new Option<bool>("--wait")
        {
            Description = "Return only when the merge job has ended, with its exit status (1 if it did not run because "
                + "a shard failed).",
        };
        var commandLine = new Argument<string[]>("COMMAND")
        {
            Description = "After --: the crossbar command to run in shards, with its --out, e.g. -- sweep scenarios "
                + "--out runs/grid.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var submit = new Command("submit", "Submit reproduce or a sweep as a Slurm job array (one task per shard) and "
            + "a merge job that runs when every shard has succeeded. Submitting the same command again reruns what "
            + "did not finish.")
        {
            shards, partition, time, cpus, memory, dryRun, wait, commandLine,
        };
        submit.SetAction(parse => CommandRunner.Run(() =>
        {
            var resources = new SlurmResources(
                parse.GetValue(shards) ?? throw new CrossbarLabException("crossbar slurm submit needs --shards N: the "
                    + "number of array tasks to split the run's work units over."),
                Checked("--partition", parse.GetValue(partition), PartitionPattern(),
                    "a partition name such as gpu or cpu_short"),
                Checked("--time", parse.GetValue(time), TimePattern(),
                    "minutes, H:MM:SS or D-HH, as sbatch --time takes it"),
                parse.GetValue(cpus) ?? 1,
                Checked("--mem", parse.GetValue(memory), MemoryPattern(), "a size such as 4000, 4000M or 4G"));
            if (resources.Shards is < 1 or > Shard.MaxCount)
                throw new CrossbarLabException($"--shards {resources.Shards}: must be between 1 and "
                    + $"{Shard.MaxCount:N0} (one array task per shard).");
            if (resources.CpusPerTask is < 1 or > 4096)
                throw new CrossbarLabException($"--cpus-per-task {resources.CpusPerTask}: must be 1 to 4,096.");
            var job = Job(sharded, parse.RootCommandResult.Command, parse.GetValue(commandLine) ?? []);
            string workdir = Directory.GetCurrentDirectory();
            var crossbar = CrossbarExecutable.Command();
            string shardsScript = SlurmScripts.Shards(crossbar, job.CommandLine, job.Run, workdir, resources);
            string mergeScript = SlurmScripts.Merge(crossbar, job.Run, workdir, resources);
            if (parse.GetValue(dryRun))
                return DryRun(job, shardsScript, mergeScript);
            if (SlurmClient.Find("sbatch") == null)
                throw new CrossbarLabException("sbatch is not on PATH: crossbar slurm submit runs on a machine with "
                    + "the Slurm client commands (here: bash scripts/slurm-local.sh start); --dry-run prints the "
                    + "scripts without them.");
            bool created = !Directory.Exists(job.Run);
            using (var dir = RunFolders.PrepareSubmission(job.Run, job.Config))
            {
                RunFolder.WriteConfig(dir, job.Config, resume: true);
                Directory.CreateDirectory(SlurmScripts.LogFolder(job.Run));
                AtomicFile.WriteAllText(SlurmScripts.ShardsPath(job.Run), shardsScript);
                AtomicFile.WriteAllText(SlurmScripts.MergePath(job.Run), mergeScript);
            }
            string arrayJob;
            try
            {
                arrayJob = SlurmClient.Submit(SlurmScripts.ShardsPath(job.Run));
            }
            catch (SbatchRefusedException) when (created)
            {
                // Refused before anything was queued: a refused command leaves no folder it created.
                RemoveSubmission(job.Run);
                throw;
            }
            string mergeJob;
            try
            {
                mergeJob = SlurmClient.Submit(SlurmScripts.MergePath(job.Run), $"--dependency=afterok:{arrayJob}");
            }
            catch (CrossbarLabException)
            {
                // No shards without their merge: withdraw the array, so the same command can simply be submitted again.
                SlurmClient.Cancel(arrayJob);
                throw;
            }
            string run = ConsoleText.Plain(job.Run);
            Console.WriteLine($"submitted crossbar {job.Name} as array job {arrayJob} ({resources.Shards} shards) and "
                + $"merge job {mergeJob} (starts when every shard has succeeded)");
            Console.WriteLine($"follow: squeue -j {arrayJob},{mergeJob}; logs: "
                + $"{ConsoleText.Plain(SlurmScripts.LogFolder(job.Run))}; results: {run}/results.json");
            Console.WriteLine("a shard that fails or is cancelled runs again when this command is submitted again "
                + "(finished work units are kept)");
            return parse.GetValue(wait) ? new SlurmWait(arrayJob, mergeJob, resources.Shards, job.Run).Run() : 0;
        }));
        return new Command("slurm", "Run reproduce or a sweep on a Slurm cluster.") { submit };
    }

    /// <summary>
    /// Removes what this submission wrote into the run folder it created (config.json, the two scripts, the empty log
    /// folder) and then the folder if nothing else is in it, so that a file another process put there meanwhile stays.
    /// A file that cannot be removed is left: the sbatch error is what the user needs to read.
    /// </summary>
    private static void RemoveSubmission(string run)
    {
        try
        {
            File.Delete(Path.Combine(run, "config.json"));
            File.Delete(SlurmScripts.ShardsPath(run));
            File.Delete(SlurmScripts.MergePath(run));
            foreach (string folder in new[] { SlurmScripts.LogFolder(run), Path.Combine(run, SlurmScripts.Folder), run })
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                    Directory.Delete(folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left as it is; the caller rethrows sbatch's refusal.
        }
    }

    /// <summary>The checked command to run in shards: its entry, configuration, run folder and words.</summary>
    private sealed record ShardedJob(string Name, RunConfig Config, string Run, IReadOnlyList<string> CommandLine);

    /// <summary>
    /// Parses and checks the command after --, as crossbar would when running it, and its run folder.
    /// </summary>
    private static ShardedJob Job(ShardedCommands sharded, Command root, string[] words)
    {
        if (words.Length == 0)
            throw new CrossbarLabException("give the crossbar command to run in shards after --, e.g. crossbar slurm "
                + "submit --shards 4 -- sweep scenarios --out runs/grid");
        var parse = root.Parse(words);
        if (parse.Errors.Count > 0)
            throw new CrossbarLabException($"in the command to run: {ParseErrors.Describe(parse)}");
        var entry = sharded.Of(parse.CommandResult.Command)
            ?? throw new CrossbarLabException($"crossbar {ConsoleText.Plain(words[0])} cannot be run in shards: only "
                + $"{sharded.Names} are made of work units.");
        if (parse.CommandResult.Children.Any(c
            => c is System.CommandLine.Parsing.OptionResult o && o.Option.Name == ShardedCommands.Flag))
            throw new CrossbarLabException($"leave {ShardedCommands.Flag} out of the command: crossbar slurm submit "
                + "gives each array task its own shard.");
        if (parse.GetValue(entry.Force))
            throw new CrossbarLabException("--force cannot be used with a sharded run: its shards keep each other's "
                + "finished work units; to start the run over, remove its folder first.");
        string path = parse.GetValue(entry.Out)
            ?? throw new CrossbarLabException($"crossbar {entry.Name} needs --out to run in shards: the run folder "
                + "that every shard and the merge share, on a file system that every node of the cluster sees.");
        RunConfig config;
        try
        {
            config = entry.Options.Build(parse, entry.Name);
            entry.Create(config, new CpuCompute()).Validate();
        }
        catch (InvalidConfigurationException e)
        {
            throw new CrossbarLabException($"in the command to run: {entry.Options.Describe(e)}");
        }
        string run = Path.GetFullPath(path);
        if (!SbatchPathPattern().IsMatch(run))
            throw new CrossbarLabException($"--out {ConsoleText.Plain(path)}: a run folder for Slurm needs a path "
                + "without spaces, quotes, backslashes or '%', because #SBATCH lines name its log files.");
        return new ShardedJob(entry.Name, config, run, words);
    }

    private static int DryRun(ShardedJob job, string shardsScript, string mergeScript)
    {
        // The run folder is checked as a submission would check it (another run there is refused), then left as it was.
        using (RunFolders.PrepareSubmission(job.Run, job.Config)) { }
        Print(SlurmScripts.ShardsPath(job.Run), shardsScript);
        Print(SlurmScripts.MergePath(job.Run), mergeScript);
        Console.WriteLine("# ---- submitted (without --dry-run) as:");
        Console.WriteLine($"sbatch --parsable {SlurmScripts.Quote(SlurmScripts.ShardsPath(job.Run))}");
        Console.WriteLine($"sbatch --parsable --dependency=afterok:ARRAY_JOB_ID "
            + $"{SlurmScripts.Quote(SlurmScripts.MergePath(job.Run))}");
        return 0;
    }

    private static void Print(string path, string script)
    {
        Console.WriteLine($"# ---- {ConsoleText.Plain(path)}");
        foreach (string line in script.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Console.WriteLine(ConsoleText.Plain(line));
    }

    /// <summary>
    /// <paramref name="value"/> if null or matching <paramref name="pattern"/>; otherwise a one-line error.
    /// </summary>
    private static string? Checked(string flag, string? value, Regex pattern, string expected) =>
        value == null || pattern.IsMatch(value) ? value
            : throw new CrossbarLabException($"{flag} {ConsoleText.Plain(value)}: give {expected}.");

    [GeneratedRegex(@"^[A-Za-z0-9_.,-]{1,100}$")]
    private static partial Regex PartitionPattern();

    [GeneratedRegex(@"^([0-9]{1,6}(-[0-9]{1,2})?(:[0-9]{1,2}){0,2}|UNLIMITED|INFINITE)$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^[0-9]{1,9}[KMGT]?$")]
    private static partial Regex MemoryPattern();

    [GeneratedRegex(@"^[^\s\p{Cc}'""\\%]+$")]
    private static partial Regex SbatchPathPattern();
}
