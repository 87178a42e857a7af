using System.CommandLine;
using CrossbarLab.Compute;
using CrossbarLab.Devices;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Results;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar sweep saturation|defect-rate</c>: statistics-aware training over a range of saturation values or population defect rates.</summary>
internal static class SweepCommand
{
    public static Command Create(ShardedCommands sharded) =>
        new("sweep", "Parameter sweeps.") { Saturation(sharded), DefectRate(sharded), Scenarios(sharded) };

    private static Command Scenarios(ShardedCommands sharded)
    {
        var c = new ConfigOptions();
        Flags.Experiment(c);
        Flags.StatisticsAware(c);
        c.Field(new Option<int?>("--calibration-images")
        {
            Description = $"Training images each per-die calibration runs through the die (default {Deployment.OffsetCalibration.DefaultImages}).",
        }, "evaluation.calibration_images");
        var resume = c.Plain(Flags.Resume());
        var output = c.Plain(Flags.Out());
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("scenarios", "The pre-declared grid of 24 hardware scenarios (placement × input encoding × short strength × "
            + "population): software and statistics-aware solutions, with and without per-die calibration, and where the paper's claims hold.");
        c.AddTo(command);
        sharded.Add(new ShardedCommand(command, "sweep scenarios", "sweep-scenarios", c, output, force, resume,
            (config, compute) => new ScenarioSweep(config, compute), WholeScenarios));
        return command;
    }

    private static string Formatted(ErrorSummary errors) => $"{100 * errors.Mean:F2} ± {100 * errors.Std:F2} %";

    private static Command Saturation(ShardedCommands sharded)
    {
        var c = new ConfigOptions();
        var values = RunConfig.Default.Experiment.SaturationValues;
        c.Field(new Option<string?>("--values")
        {
            Description = $"Saturation values to train with, comma-separated (default {Flags.List(values)}; the device-derived value is always added).",
        }, "experiment.saturation_values", v => Flags.Numbers(v!, "experiment.saturation_values"));
        Flags.Experiment(c);
        c.AddScenario();
        c.Field(new Option<int?>("--k") { Description = $"Defect instances per step of statistics-aware training (default {RunConfig.Default.Training.K}; 8 with --quick)." },
            "training.k");
        var resume = c.Plain(Flags.Resume());
        var output = c.Plain(Flags.Out());
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("saturation", "Train statistics-aware solutions for each saturation value and plot mean and spread of their die errors.");
        c.AddTo(command);
        sharded.Add(new ShardedCommand(command, "sweep saturation", "sweep-saturation", c, output, force, resume,
            (config, compute) => new SaturationSweep(config, compute), WholeSaturation));
        return command;
    }

    private static Command DefectRate(ShardedCommands sharded)
    {
        var c = new ConfigOptions();
        var rates = RunConfig.Default.Experiment.Rates;
        var device = DeviceModel.SttMram;
        c.Field(new Option<string?>("--rates")
        {
            Description = $"Population-mean fractions of defective devices, comma-separated (0.01 = 1 %; default {Flags.List(rates)}); "
                + "each scales the statistics, keeping their mix of kinds.",
        }, "experiment.rates", v => Flags.Numbers(v!, "experiment.rates"));
        Flags.Statistics(c, "Defect statistics JSON whose mix of kinds, die spread and clean-die fraction are scaled (default: the reference population).");
        c.Field(new Option<double?>("--die-spread") { Description = "Override the statistics' die-to-die sigma of ln(defect rate) (0 = every die at the mean rate)." },
            "population.die_to_die_spread_sigma_ln");
        c.Field(new Option<double?>("--clean-fraction") { Description = "Override the statistics' fraction of dies with no point defects." },
            "population.clean_die_fraction");
        c.Field(new Option<double?>("--access-ohms")
        {
            Description = $"Override the device's access-transistor resistance ({device.AccessResistanceOhms:G} Ω for STT-MRAM), which bounds a short's current.",
        }, "device.access_resistance_ohms");
        c.Field(new Option<double?>("--short-ohms")
        {
            Description = $"Override the resistance left across a shorted device ({device.ShortResistanceOhms:G} Ω for STT-MRAM; below the low-state resistance).",
        }, "device.short_resistance_ohms");
        Flags.Experiment(c);
        Flags.StatisticsAware(c);
        var resume = c.Plain(Flags.Resume());
        var output = c.Plain(Flags.Out());
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("defect-rate", "For each population defect rate, draw the dies, train a statistics-aware solution for them and "
            + "evaluate it and the software solution on them: where do the paper's claims hold?");
        c.AddTo(command);
        sharded.Add(new ShardedCommand(command, "sweep defect-rate", "sweep-defect-rate", c, output, force, resume,
            (config, compute) => new DefectRateSweep(config, compute), WholeDefectRate));
        return command;
    }

    private static string Reduction(StatisticsAwareClaims claims) => claims.SpreadReduction is double r ? $"{r:F2}×" : "-";

    private static string Verdict(StatisticsAwareClaims claims) => $"mean {(claims.WithinGap ? "yes" : "no")}, spread {(claims.SpreadReduced ? "yes" : "no")}";

    /// <summary>Runs (or merges) the sweep into <paramref name="dir"/> and prints its table.</summary>
    private static void WholeScenarios(RunConfig config, ICompute compute, RunDirectory dir, bool resuming, bool merge)
    {
        var sweep = new ScenarioSweep(config, compute);
        var result = StageProgressView.Show(sweep, dir, resuming, merge);
        var table = ConsoleText.Table("scenario", "baseline", "software", "statistics-aware", "+ calibration", "spread ×",
            "claims");
        foreach (var s in result.Scenarios)
        {
            var software = ErrorSummary.Of(s.Software);
            var statisticsAware = ErrorSummary.Of(s.StatisticsAware);
            var calibrated = ErrorSummary.Of(s.StatisticsAwareCalibrated);
            table.Row(s.Switches.Key, $"{100 * s.BaselineTestError:F2} %", Formatted(software),
                Formatted(statisticsAware), Formatted(calibrated), Reduction(s.Claims), Verdict(s.Claims));
        }
        AnsiConsole.Write(table);
        Console.WriteLine($"closest to the paper's picture: {result.Closest.Switches.Key}");
        Console.WriteLine($"wrote {dir.Path} (results.json, scenarios.png, report.html)");
    }

    /// <summary>Runs (or merges) the sweep into <paramref name="dir"/> and prints its table.</summary>
    private static void WholeSaturation(RunConfig config, ICompute compute, RunDirectory dir, bool resuming, bool merge)
    {
        var sweep = new SaturationSweep(config, compute);
        var result = StageProgressView.Show(sweep, dir, resuming, merge);
        var software = ErrorSummary.Of(result.Software);
        Console.WriteLine($"software baseline (ideal weights): {100 * result.BaselineTestError:F2} % test error; software weights on "
            + $"the {config.Experiment.Dies} dies: {100 * software.Mean:F2} ± {100 * software.Std:F2} %");
        var table = ConsoleText.Table("saturation", "ideal error", "mean die error", "std", "max", "spread reduction", "paper's claims");
        foreach (var p in result.Points)
        {
            var summary = ErrorSummary.Of(p.DieErrors);
            var claims = result.Claims(p);
            table.Row(p.Saturation is double v ? $"{v:G4}" : "device-derived", $"{100 * p.IdealTestError:F2} %", $"{100 * summary.Mean:F2} %",
                $"{100 * summary.Std:F2} %", $"{100 * summary.Max:F2} %", Reduction(claims), Verdict(claims));
        }
        AnsiConsole.Write(table);
        Console.WriteLine($"wrote {dir.Path} (results.json, saturation-sweep.png)");
    }

    /// <summary>Runs (or merges) the sweep into <paramref name="dir"/> and prints its table.</summary>
    private static void WholeDefectRate(RunConfig config, ICompute compute, RunDirectory dir, bool resuming, bool merge)
    {
        var sweep = new DefectRateSweep(config, compute);
        var result = StageProgressView.Show(sweep, dir, resuming, merge);
        Console.WriteLine($"software baseline (ideal weights): {100 * result.BaselineTestError:F2} % test error; "
            + $"{config.Experiment.Dies} dies per rate; errors are mean ± std across dies");
        Console.WriteLine($"base statistics, scaled to each rate: {config.Population}");
        Console.WriteLine($"device: {config.Device}");
        var table = ConsoleText.Table("rate", "software", "statistics-aware", "its ideal error", "spread reduction", "paper's claims");
        foreach (var p in result.Points)
        {
            ErrorSummary sw = ErrorSummary.Of(p.Software), sa = ErrorSummary.Of(p.StatisticsAware);
            var claims = p.Claims(result.BaselineTestError);
            table.Row($"{100 * p.Rate:G4} %", $"{100 * sw.Mean:F2} ± {100 * sw.Std:F2} %", $"{100 * sa.Mean:F2} ± {100 * sa.Std:F2} %",
                $"{100 * p.StatisticsAwareIdealError:F2} %", Reduction(claims), Verdict(claims));
        }
        AnsiConsole.Write(table);
        Console.WriteLine($"wrote {dir.Path} (results.json, defect-rate-sweep.png, defect-rate-spread.png)");
    }
}
