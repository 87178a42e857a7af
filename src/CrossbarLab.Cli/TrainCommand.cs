using System.CommandLine;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Training;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar train</c>: trains a binary network and writes a run folder.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var c = new ConfigOptions();
        var regime = new Option<string?>("--regime")
        {
            Description = "Training regime: software (no defects, the baseline; default), hardware-aware (one die's defects, --die), "
                + "statistics-aware (K draws per step from defect statistics).",
        };
        regime.AcceptOnlyFromAmong(Enum.GetValues<Regime>().Select(r => r.Name()).ToArray());
        c.Field(regime, "training.regime");
        c.Field(new Option<string?>("--die") { Description = "Die file of a hardware-aware run (from crossbar fab or crossbar die import)." },
            "inputs.die", v => v == null ? null : Path.GetFullPath(v));
        Flags.Statistics(c, "Defect statistics JSON of a statistics-aware run (default: the reference population of crossbar fab).");
        Flags.StatisticsAware(c, pool: true);
        Flags.Hardware(c);
        Flags.Network(c);
        Flags.Hyperparameters(c);
        var resume = c.Plain(Flags.Resume());
        var output = c.Plain(Flags.Out());
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("train", "Train a binary neural network on MNIST and write runs/<name>/ (config, model, results, training curve).");
        c.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = c.Build(parse, "train");
            RefuseUnlessStatisticsAware(c, config, "training.k", "--k",
                "K is the number of defect instances per step of statistics-aware training");
            RefuseUnlessStatisticsAware(c, config, "training.pool", "--pool",
                "the pool of defect maps is drawn for statistics-aware training only");
            RefuseUnlessStatisticsAware(c, config, DefectStatistics.Section, "--stats",
                "the defect statistics are sampled by statistics-aware training only");
            var compute = Backends.Create(ref config);
            using var owned = compute as IDisposable;
            var run = new TrainRun(config, compute);
            run.Validate();
            bool resuming = parse.GetValue(resume);
            using var dir = RunFolders.Prepare(parse, output, force, resume, config.Training.Regime.Name(), config);
            string title = $"Training {config.Net.Shape} ({config.Training.Regime.Name()}, seed {config.Seed}, {compute.Name})";
            var result = TrainingProgressView.Show(title, progress => run.Execute(dir, resuming, progress));

            var table = ConsoleText.Table("", "value");
            table.Row("network", config.Net.ToString());
            table.Row("test error (ideal weights)", $"{100 * result.TestError:F2} %");
            if (result.DieTestError is double dieError) table.Row("test error on its die", $"{100 * dieError:F2} %");
            table.Row("best epoch test error", $"{100 * result.Training.Epochs.Min(e => e.TestError):F2} %");
            table.Row("seconds per epoch", $"{result.Training.Epochs.Average(e => e.Seconds):F2}");
            table.Row("outputs", dir.Path);
            AnsiConsole.Write(table);
            return 0;
        }, c));
        return command;
    }

    /// <summary>A flag only statistics-aware training reads, given for another regime, is refused rather than ignored.</summary>
    private static void RefuseUnlessStatisticsAware(ConfigOptions c, RunConfig config, string setting, string flag,
        string what)
    {
        if (c.IsGiven(setting) && config.Training.Regime != Regime.StatisticsAware)
            throw new CrossbarLabException($"{flag}: {what}; give --regime statistics-aware too, or leave {flag} out.");
    }
}
