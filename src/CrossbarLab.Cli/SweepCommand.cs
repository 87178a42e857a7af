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
        var quick = new Option<bool>("--quick") { Description = "Smaller settings as in reproduce --quick (8 dies, 4 epochs on 20,000 images, K = 8)." };
        var dies = new Option<int?>("--dies") { Description = "Number of dies (default 36; 8 with --quick)." };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs of every training run (default 30; 4 with --quick)." };
        var k = new Option<int?>("--k") { Description = "Defect instances per step (default 32; 8 with --quick)." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted sweep in --out." };
        var (output, force, seed, backend, data) = (CommonOptions.Out(), CommonOptions.Force(), CommonOptions.Seed(), CommonOptions.Backend(), CommonOptions.Data());
        var saturation = new Command("saturation", "Train statistics-aware solutions for each saturation value and plot mean and spread of their die errors.")
        {
            values, quick, dies, epochs, k, resume, output, force, seed, backend, data,
        };
        saturation.SetAction(parse => CommandRunner.Run(() =>
        {
            ulong s = parse.GetValue(seed);
            var config = parse.GetValue(quick) ? ReproductionConfig.Quick(s) : ReproductionConfig.Full(s);
            config = config with
            {
                Dies = parse.GetValue(dies) ?? config.Dies, K = parse.GetValue(k) ?? config.K,
                Training = config.Training with { Epochs = parse.GetValue(epochs) ?? config.Training.Epochs },
            };
            config.Validate();
            var list = parse.GetValue(values)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x
                    : throw new InvalidConfigurationException($"--values: '{v}' is not a number (example: --values 1,2,4,8).")).ToArray();
            bool resuming = parse.GetValue(resume);
            string? outPath = parse.GetValue(output);
            if (resuming && outPath == null) throw new CrossbarLabException("--resume needs --out pointing at the sweep folder to continue.");
            var sweep = new SaturationSweep(config, list, Mnist.FindFolder(parse.GetValue(data)), CommonOptions.CreateBackend(parse.GetValue(backend)!));
            var dir = RunDirectory.Prepare(outPath ?? Path.Combine("runs", $"sweep-saturation-{DateTime.Now:yyyyMMdd-HHmmss}"), parse.GetValue(force), resuming);
            var points = sweep.Run(dir, resuming, new Line());
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

    private sealed class Line : IProgress<ReproductionProgress>
    {
        public void Report(ReproductionProgress p) => Console.WriteLine($"{p.Stage}: {p.Done}/{p.Total}");
    }
}
