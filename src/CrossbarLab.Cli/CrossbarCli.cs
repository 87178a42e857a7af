using System.CommandLine;
using Spectre.Console;

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
        UseLogWidth();
        var parse = root.Parse(args);
        // Parse errors are user errors: one line naming the option and what it takes, not the whole help.
        if (parse.Errors.Count > 0)
            return CommandRunner.UserError(ParseErrors.Describe(parse));
        return parse.Invoke();
    }

    /// <summary>
    /// Redirected output (a log, a pipe, a Slurm job's file) has no terminal width, and Spectre.Console would then wrap
    /// tables at 80 columns, splitting numbers and names; there, tables may be as wide as $COLUMNS, or 200.
    /// </summary>
    private static void UseLogWidth()
    {
        if (!Console.IsOutputRedirected)
            return;
        bool given = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns);
        AnsiConsole.Profile.Width = given && columns is >= 40 and <= 1000 ? columns : 200;
    }
}
