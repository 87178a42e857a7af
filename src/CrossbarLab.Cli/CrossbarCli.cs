using System.CommandLine;

namespace CrossbarLab.Cli;

/// <summary>The <c>crossbar</c> command line: its verbs and their parsing.</summary>
public static class CrossbarCli
{
    /// <summary>Parses <paramref name="args"/>, runs the chosen verb and returns the exit code (0 success, 1 user error, 2 internal error).</summary>
    public static int Run(string[] args)
    {
        var sharded = new ShardedCommands();
        var root = new RootCommand("CrossbarLab: train binary neural networks that survive the defects of crossbar hardware.")
        {
            TrainCommand.Create(),
            EvalCommand.Create(),
            BenchCommand.Create(),
            FabCommand.Create(),
            DieCommand.Create(),
            ReproduceCommand.Create(sharded),
            SweepCommand.Create(sharded),
            AnalyzeCommand.Create(),
            DeployCommand.Create(),
            ExportCommand.Create(),
            ImportCommand.Create(),
            ConfigCommand.Create(),
            MergeCommand.Create(sharded),
            SlurmCommand.Create(sharded),
        };
        var parse = root.Parse(args);
        // Parse errors are user errors: one line naming the option and what it takes, not the whole help.
        if (parse.Errors.Count > 0)
            return CommandRunner.UserError(ParseErrors.Describe(parse));
        return parse.Invoke();
    }
}
