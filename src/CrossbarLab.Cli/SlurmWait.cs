using System.Diagnostics;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary>
/// <c>crossbar slurm submit --wait</c>: follows the array job and the merge job with <c>squeue</c> until the merge job
/// has ended, showing how many shards have ended, then tells how it ended (<c>scontrol</c>) and returns its exit
/// status. When the merge did not run because a shard failed or was cancelled, it also waits for the other shards to
/// end, so that the same command can be submitted again at once.
/// </summary>
internal sealed class SlurmWait(string arrayJob, string mergeJob, int shards, string run)
{
    /// <summary>Follows the jobs to the end; returns the merge job's exit status (1 if it did not run).</summary>
    public int Run()
    {
        if (TrainingProgressView.Interactive)
            TrainingProgressView.Bars().Start(ctx =>
            {
                var ended = ConsoleText.Task(ctx, $"shards of array job {arrayJob} ended", shards);
                var merge = ConsoleText.Task(ctx, $"merge job {mergeJob}", 1);
                Follow(status =>
                {
                    ended.Value = status.Ended;
                    if (status.Merge == null) merge.Value = 1;
                });
            });
        else
        {
            string last = "";
            Follow(status =>
            {
                string line = $"shards: {status.Ended} of {shards} ended, {status.Running} running, "
                    + $"{status.Pending} pending; "
                    + $"merge: {status.Merge?.ToLowerInvariant() ?? "ended"}";
                if (line != last) Console.WriteLine(line);
                last = line;
            });
        }
        return Outcome();
    }

    private sealed record Status(int Ended, int Running, int Pending, string? Merge);

    /// <summary>
    /// Polls until the merge job has left the queue: every second at first, less often as time goes by.
    /// </summary>
    private void Follow(Action<Status> show)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var tasks = SlurmClient.Queued(arrayJob);
            var merge = SlurmClient.Queued(mergeJob);
            show(new Status(shards - tasks.Count, tasks.Count(t => t == "RUNNING"), tasks.Count(t => t == "PENDING"),
                merge.FirstOrDefault()));
            if (merge.Count == 0)
                return;
            Thread.Sleep(TimeSpan.FromSeconds(Math.Clamp(clock.Elapsed.TotalMinutes, 1, 10)));
        }
    }

    private int Outcome()
    {
        string log = Path.Combine(SlurmScripts.LogFolder(run), $"merge-{mergeJob}.out");
        var merge = SlurmClient.Show(mergeJob)?.FirstOrDefault()
            ?? throw new CrossbarLabException($"Slurm no longer knows the merge job {mergeJob}: see "
                + $"{ConsoleText.Plain(log)} "
                + $"and whether {ConsoleText.Plain(Path.Combine(run, "results.json"))} was written.");
        if (merge.State == "COMPLETED")
        {
            string results = ConsoleText.Plain(Path.Combine(run, "results.json"));
            Console.WriteLine($"merge job {mergeJob} completed: {results}");
            return 0;
        }
        if (merge.State == "CANCELLED" && merge.Reason.StartsWith("Dependency", StringComparison.Ordinal))
        {
            while (SlurmClient.Queued(arrayJob).Count > 0)
                Thread.Sleep(TimeSpan.FromSeconds(1));
            var failed = (SlurmClient.Show(arrayJob) ?? []).Where(t => t.State != "COMPLETED")
                .Select(t => $"{t.TaskId} "
                    + $"({t.State.ToLowerInvariant()}{(t.ExitCode != 0 ? $", exit code {t.ExitCode}" : "")})");
            return CommandRunner.UserError($"the merge job {mergeJob} did not run: not every shard succeeded (shard "
                + $"{string.Join(", ", failed)}; logs in {ConsoleText.Plain(SlurmScripts.LogFolder(run))}). Submit "
                    + "the same command again to run them: finished work units are kept.");
        }
        CommandRunner.UserError($"the merge job {mergeJob} ended {merge.State.ToLowerInvariant()} with exit code "
            + $"{merge.ExitCode}{(merge.Signal != 0 ? $" (signal {merge.Signal})" : "")}: {LastLine(log)}");
        // Its own exit status (1: a user error such as a missing unit, 2: an internal error); 1 if a signal ended it.
        return merge.ExitCode != 0 ? merge.ExitCode : 1;
    }

    /// <summary>The last line of the merge job's log (its error message), or where to find the log.</summary>
    private static string LastLine(string log)
    {
        try
        {
            string? line = File.ReadLines(log).LastOrDefault(l => l.Trim().Length > 0);
            return line == null ? $"see {ConsoleText.Plain(log)}" : $"{ConsoleText.Plain(line.Trim())} "
                + $"({ConsoleText.Plain(log)})";
        }
        catch (IOException)
        {
            return $"see {ConsoleText.Plain(log)}";
        }
    }
}
