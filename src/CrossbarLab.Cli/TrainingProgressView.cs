using CrossbarLab.Training;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary>Shows training progress: a Spectre.Console progress bar on a terminal, one plain line per epoch when output is redirected (CI, pipes).</summary>
internal sealed class TrainingProgressView : IProgress<TrainingProgress>
{
    private readonly ProgressTask? _task;

    private TrainingProgressView(ProgressTask? task) => _task = task;

    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="body"/> while showing its progress under <paramref name="title"/>.</summary>
    public static T Show<T>(string title, Func<IProgress<TrainingProgress>, T> body)
    {
        if (!Interactive)
        {
            Console.WriteLine(title);
            return body(new TrainingProgressView(null));
        }
        // On a terminal the notices go before the bars (writing under a live display would garble it).
        Notices.Flush();
        T result = default!;
        Bars().Start(ctx => result = body(new TrainingProgressView(ConsoleText.Task(ctx, title, 1))));
        return result;
    }

    /// <summary>The progress-bar layout of every long command: description, bar, percentage, elapsed and remaining time.</summary>
    public static Progress Bars() => AnsiConsole.Progress().AutoClear(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());

    public void Report(TrainingProgress p)
    {
        string line = $"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:F3}  train error {100 * p.Error:F2} %  test error {(double.IsNaN(p.TestError) ? "–" : $"{100 * p.TestError:F2} %")}";
        if (_task == null)
        {
            Notices.Flush();
            if (p.Step == p.StepsPerEpoch) Console.WriteLine(line);
            return;
        }
        _task.MaxValue = (double)p.Epochs * p.StepsPerEpoch;
        _task.Value = (double)(p.Epoch - 1) * p.StepsPerEpoch + p.Step;
        ConsoleText.Describe(_task, line);
    }
}
