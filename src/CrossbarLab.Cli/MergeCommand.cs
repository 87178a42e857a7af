using System.CommandLine;
using CrossbarLab.Experiments;

namespace CrossbarLab.Cli;

/// <summary>
/// <c>crossbar merge RUN_DIR</c>: the last stage of a sharded run. It reads the run's config.json, checks that every
/// work unit has finished and is intact, and runs the command's assembly (evaluation, analysis, results.json, figures,
/// report.html) — the code that ends a single-process run, which is why the outputs are the same byte for byte.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(ShardedCommands sharded)
    {
        var folder = new Argument<string>("RUN_DIR") { Description = "The run folder the shards wrote (their --out)." };
        var command = new Command("merge", "Merge a sharded run: check that every work unit of the run in RUN_DIR has "
            + "finished, then write its results.json, figures and report.html as a single process would.")
        {
            folder,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string path = Path.GetFullPath(parse.GetValue(folder)!);
            string file = Path.Combine(path, "config.json");
            if (!File.Exists(file))
                throw new CrossbarLabException($"{ConsoleText.Plain(path)} holds no config.json, so it is not the "
                    + "folder of a run (give the --out of its shards).");
            var recorded = ConfigFile.Load(file);
            var entry = sharded.Named(recorded.Command)
                ?? throw new CrossbarLabException($"{ConsoleText.Plain(file)}: a run of crossbar "
                    + $"{ConsoleText.Plain(recorded.Command)} is not made of work units, so there is nothing to merge "
                    + $"(these are: {sharded.Names}).");
            var config = recorded.ForCommand(entry.Name);
            try
            {
                config.Validate();
            }
            catch (InvalidConfigurationException e)
            {
                throw new CrossbarLabException($"{ConsoleText.Plain(file)}: {e.Message}");
            }
            // The merge records the backend that ran it (a submission records auto), as a single process does.
            var compute = Backends.Create(ref config);
            using var owned = compute as IDisposable;
            using var dir = RunFolders.Open(path, force: false, resume: true, config);
            entry.Whole(config, compute, dir, resume: true, merge: true);
            return 0;
        }));
        return command;
    }
}
