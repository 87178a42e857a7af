using System.CommandLine;
using CrossbarLab.Data;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar sweep saturation|defect-rate</c>: statistics-aware training over a range of saturation values or population defect rates.</summary>
internal static class SweepCommand
{
    public static Command Create() => new("sweep", "Parameter sweeps.") { Saturation(), DefectRate() };

    private static Command Saturation()
    {
        var values = new Option<string>("--values") { Description = "Saturation values to train with, comma-separated (the device-derived value is always added).", DefaultValueFactory = _ => "1,2,3,4,6,8" };
        var experiment = new ExperimentOptions();
        var (output, force, seed, backend, data) = (CommonOptions.Out(), CommonOptions.Force(), CommonOptions.Seed(), CommonOptions.Backend(), CommonOptions.Data());
        var command = new Command("saturation", "Train statistics-aware solutions for each saturation value and plot mean and spread of their die errors.")
        {
            values, output, force, seed, backend, data,
        };
        experiment.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = experiment.Config(parse, parse.GetValue(seed));
            var list = CommonOptions.Numbers(parse.GetValue(values)!, "--values", "1,2,4,8");
            string? outPath = parse.GetValue(output);
            bool resuming = experiment.Resuming(parse, outPath);
            var sweep = new SaturationSweep(config, list, Mnist.FindFolder(parse.GetValue(data)), CommonOptions.CreateBackend(parse.GetValue(backend)!));
            var dir = RunDirectory.Prepare(outPath ?? Path.Combine("runs", $"sweep-saturation-{DateTime.Now:yyyyMMdd-HHmmss}"), parse.GetValue(force), resuming);
            var result = StageProgressView.Show(progress => sweep.Run(dir, resuming, progress));
            var software = ErrorSummary.Of(result.Software);
            Console.WriteLine($"software baseline (ideal weights): {100 * result.BaselineTestError:F2} % test error; software weights on the {config.Dies} dies: {100 * software.Mean:F2} ± {100 * software.Std:F2} %");
            var table = new Table().AddColumns("saturation", "ideal error", "mean die error", "std", "max", "spread reduction", "paper's claims");
            foreach (var p in result.Points)
            {
                var summary = ErrorSummary.Of(p.DieErrors);
                var claims = StatisticsAwareClaims.Of(software, summary, result.BaselineTestError);
                table.AddRow(p.Saturation is double v ? $"{v:G4}" : "device-derived", $"{100 * p.IdealTestError:F2} %", $"{100 * summary.Mean:F2} %", $"{100 * summary.Std:F2} %", $"{100 * summary.Max:F2} %",
                    Reduction(claims), Verdict(claims));
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"wrote {dir.Path} (results.json, saturation-sweep.png)");
            return 0;
        }));
        return command;
    }

    private static Command DefectRate()
    {
        var rates = new Option<string>("--rates")
        {
            Description = "Population-mean fractions of defective devices, comma-separated (0.01 = 1 %); each scales the statistics, keeping their mix of kinds.",
            DefaultValueFactory = _ => CommonOptions.List(DefectRateSweep.DefaultRates),
        };
        var stats = new Option<string?>("--stats") { Description = "Defect statistics JSON whose mix of kinds, die spread and clean-die fraction are scaled (default: the reference population of crossbar fab)." };
        var spread = new Option<double?>("--die-spread") { Description = "Override the statistics' die-to-die sigma of ln(defect rate) (0 = every die at the mean rate)." };
        var clean = new Option<double?>("--clean-fraction") { Description = "Override the statistics' fraction of dies with no point defects." };
        var saturation = new Option<double?>("--saturation") { Description = "Training value (±) of a single shorted device (default: from the device model)." };
        var access = new Option<double?>("--access-ohms") { Description = $"Override the STT-MRAM preset's access-transistor resistance ({DeviceModel.SttMram.AccessResistanceOhms:G} Ω), which bounds a short's current." };
        var shortOhms = new Option<double?>("--short-ohms") { Description = $"Override the resistance left across a shorted device ({DeviceModel.SttMram.ShortResistanceOhms:G} Ω; below the low-state resistance)." };
        var experiment = new ExperimentOptions();
        var (output, force, seed, backend, data) = (CommonOptions.Out(), CommonOptions.Force(), CommonOptions.Seed(), CommonOptions.Backend(), CommonOptions.Data());
        var command = new Command("defect-rate", "For each population defect rate, draw the dies, train a statistics-aware solution for them and evaluate it and the software solution on them: where do the paper's claims hold?")
        {
            rates, stats, spread, clean, saturation, access, shortOhms, output, force, seed, backend, data,
        };
        experiment.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = experiment.Config(parse, parse.GetValue(seed));
            var statistics = parse.GetValue(stats) is string file ? DefectStatistics.Load(file) : config.Statistics;
            statistics = statistics with
            {
                DieToDieSpread = parse.GetValue(spread) ?? statistics.DieToDieSpread,
                CleanDieFraction = parse.GetValue(clean) ?? statistics.CleanDieFraction,
            };
            var device = config.Device with
            {
                AccessResistanceOhms = parse.GetValue(access) ?? config.Device.AccessResistanceOhms,
                ShortResistanceOhms = parse.GetValue(shortOhms) ?? config.Device.ShortResistanceOhms,
            };
            config = config with { Statistics = statistics, Device = device, Saturation = parse.GetValue(saturation) };
            config.Validate();
            var list = CommonOptions.Numbers(parse.GetValue(rates)!, "--rates", "0.001,0.005,0.01");
            DefectRateSweep.CheckRates(list);
            string? outPath = parse.GetValue(output);
            bool resuming = experiment.Resuming(parse, outPath);
            var sweep = new DefectRateSweep(config, list, Mnist.FindFolder(parse.GetValue(data)), CommonOptions.CreateBackend(parse.GetValue(backend)!));
            var dir = RunDirectory.Prepare(outPath ?? Path.Combine("runs", $"sweep-defect-rate-{DateTime.Now:yyyyMMdd-HHmmss}"), parse.GetValue(force), resuming);
            var (baseline, points) = StageProgressView.Show(progress => sweep.Run(dir, resuming, progress));
            Console.WriteLine($"software baseline (ideal weights): {100 * baseline:F2} % test error; {config.Dies} dies per rate; errors are mean ± std across dies");
            Console.WriteLine($"base statistics, scaled to each rate: {config.Statistics}");
            Console.WriteLine($"device: {config.Device}");
            var table = new Table().AddColumns("rate", "software", "statistics-aware", "its ideal error", "spread reduction", "paper's claims");
            foreach (var p in points)
            {
                ErrorSummary sw = ErrorSummary.Of(p.Software), sa = ErrorSummary.Of(p.StatisticsAware);
                var claims = StatisticsAwareClaims.Of(sw, sa, baseline);
                table.AddRow($"{100 * p.Rate:G4} %", $"{100 * sw.Mean:F2} ± {100 * sw.Std:F2} %", $"{100 * sa.Mean:F2} ± {100 * sa.Std:F2} %",
                    $"{100 * p.StatisticsAwareIdealError:F2} %", Reduction(claims), Verdict(claims));
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"wrote {dir.Path} (results.json, defect-rate-sweep.png, defect-rate-spread.png)");
            return 0;
        }));
        return command;
    }

    private static string Reduction(StatisticsAwareClaims claims) => claims.SpreadReduction is double r ? $"{r:F2}×" : "-";

    private static string Verdict(StatisticsAwareClaims claims) => $"mean {(claims.WithinGap ? "yes" : "no")}, spread {(claims.SpreadReduced ? "yes" : "no")}";
}
