using System.CommandLine;
using System.Globalization;
using CrossbarLab.Data;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar sweep saturation</c>: statistics-aware training over a range of saturation values.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var values = new Option<string>("--values") { Description = "Saturation values to train with, comma-separated (the device-derived value is always added).", DefaultValueFactory = _ => "1,2,3,4,6,8" };
        var experiment = new ExperimentOptions();
        var (output, force, seed, backend, data) = (CommonOptions.Out(), CommonOptions.Force(), CommonOptions.Seed(), CommonOptions.Backend(), CommonOptions.Data());
        var saturation = new Command("saturation", "Train statistics-aware solutions for each saturation value and plot mean and spread of their die errors.")
        {
            values, output, force, seed, backend, data,
        };
        experiment.AddTo(saturation);
        saturation.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = experiment.Config(parse, parse.GetValue(seed));
            var list = parse.GetValue(values)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x
                    : throw new InvalidConfigurationException($"--values: '{v}' is not a number (example: --values 1,2,4,8).")).ToArray();
            string? outPath = parse.GetValue(output);
            bool resuming = experiment.Resuming(parse, outPath);
            var sweep = new SaturationSweep(config, list, Mnist.FindFolder(parse.GetValue(data)), CommonOptions.CreateBackend(parse.GetValue(backend)!));
            var dir = RunDirectory.Prepare(outPath ?? Path.Combine("runs", $"sweep-saturation-{DateTime.Now:yyyyMMdd-HHmmss}"), parse.GetValue(force), resuming);
            var points = sweep.Run(dir, resuming, new CallbackProgress<ReproductionProgress>(p => Console.WriteLine($"{p.Stage}: {p.Done}/{p.Total}")));
            var table = new Table().AddColumns("saturation", "ideal error", "mean die error", "std", "max");
            foreach (var p in points)
            {
                var summary = CrossbarLab.Evaluation.ErrorSummary.Of(p.DieErrors);
                table.AddRow(p.Saturation is double v ? $"{v:G4}" : "device-derived", $"{100 * p.IdealTestError:F2} %", $"{100 * summary.Mean:F2} %", $"{100 * summary.Std:F2} %", $"{100 * summary.Max:F2} %");
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"wrote {dir.Path} (results.json, saturation-sweep.png)");
            return 0;
        }));
        return new Command("sweep", "Parameter sweeps.") { saturation };
    }
}
