using CrossbarLab.Experiments;
using CrossbarLab.IO;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary>Shows the stages of a multi-stage command: one Spectre.Console bar per stage on a terminal, a plain line per quarter of a stage otherwise.</summary>
internal static class StageProgressView
{
    /// <summary>
    /// Runs <paramref name="experiment"/> whole into <paramref name="dir"/> (or merges its shards there) while drawing
    /// its stages.
    /// </summary>
    public static T Show<T>(ShardedExperiment<T> experiment, RunDirectory dir, bool resuming, bool merge) =>
        Show(progress => merge ? experiment.Merge(dir, progress) : experiment.Run(dir, resuming, progress));

    /// <summary>Runs <paramref name="body"/> while drawing the stage progress it reports.</summary>
    public static T Show<T>(Func<IProgress<ReproductionProgress>, T> body)
    {
        if (!TrainingProgressView.Interactive)
        {
            var last = new Dictionary<string, int>();
            return body(new CallbackProgress<ReproductionProgress>(p =>
            {
                Notices.Flush();
                // One line per stage at 0 %, 25 %, 50 %, 75 % and 100 %.
                int quarter = p.Total == 0 ? 4 : 4 * p.Done / p.Total;
                if (!last.TryGetValue(p.Stage, out int q) || quarter > q) { last[p.Stage] = quarter; Console.WriteLine($"{p.Stage}: {p.Done}/{p.Total}"); }
            }));
        }
        Notices.Flush();
        T result = default!;
        TrainingProgressView.Bars().Start(ctx =>
        {
            var tasks = new Dictionary<string, ProgressTask>();
            result = body(new CallbackProgress<ReproductionProgress>(p =>
            {
                if (!tasks.TryGetValue(p.Stage, out var task)) tasks[p.Stage] = task = ConsoleText.Task(ctx, p.Stage, Math.Max(1, p.Total));
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
                // Stop the stage's clock when it is done, so its elapsed time stays what the stage took.
                if (p.Done >= p.Total && !task.IsFinished) task.StopTask();
            }));
        });
        return result;
    }
}
