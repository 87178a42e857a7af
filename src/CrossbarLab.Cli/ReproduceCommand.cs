using System.CommandLine;
using CrossbarLab.Data;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar reproduce</c>: the reference paper's experiment on a simulated population of dies.</summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var experiment = new ExperimentOptions();
        var saturation = new Option<double?>("--saturation") { Description = "Training value (±) of a single shorted device (default: from the device model)." };
        var (output, force, seed, backend, data) = (CommonOptions.Out(), CommonOptions.Force(), CommonOptions.Seed(), CommonOptions.Backend(), CommonOptions.Data());
        var command = new Command("reproduce", "Train software, hardware-aware (per die) and statistics-aware solutions on a simulated population of dies, evaluate all on all dies, write results.json, figures and report.html.")
        {
            saturation, output, force, seed, backend, data,
        };
        experiment.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = experiment.Config(parse, parse.GetValue(seed)) with { Saturation = parse.GetValue(saturation) };
            config.Validate();
            string? outPath = parse.GetValue(output);
            bool resuming = experiment.Resuming(parse, outPath);
            string folder = Mnist.FindFolder(parse.GetValue(data));
            var dir = RunDirectory.Prepare(outPath ?? Path.Combine("runs", $"reproduce-{DateTime.Now:yyyyMMdd-HHmmss}"), parse.GetValue(force), resuming);
            var compute = CommonOptions.CreateBackend(parse.GetValue(backend)!);
            var reproduction = new Reproduction(config, folder, compute);

            var result = StageProgressView.Show(progress => reproduction.Run(dir, resuming, progress));

            var json = reproduction.Results(result);
            var table = new Table().AddColumns("method", "mean", "std", "median", "max", "gap to baseline");
            foreach (var (key, label) in new[] { ("software", "software"), ("hardware_aware", "hardware-aware (own die)"), ("statistics_aware", "statistics-aware") })
            {
                var m = json["methods"]![key]!;
                string P(string field) => $"{100 * (double)m[field]!:F2} %";
                table.AddRow(label, P("mean"), P("std"), P("median"), P("max"), P("gap_to_baseline"));
            }
            Console.WriteLine($"software baseline (ideal weights): {100 * result.BaselineTestError:F2} % test error; {config.Dies} dies");
            AnsiConsole.Write(table);
            var claims = json["paper_claims"]!;
            Console.WriteLine($"hardware-aware solutions on other dies: mean {100 * (double)claims["hardware_aware_mean_on_other_dies"]!:F2} %");
            Console.WriteLine($"statistics-aware within 2 % of the baseline: {((bool)claims["statistics_aware_within_2_percent"]! ? "yes" : "no")}; spread reduced {(double?)claims["spread_reduction_software_over_statistics_aware"]:F2}× against software");
            if (json["analysis"] is { } analysis)
            {
                string Line(string key) => $"sharpness {(double)analysis[key]!["sharpness"]!:F4} nats, error increase under defects {100 * (double)analysis[key]!["mean_error_increase_by_kind"]!["defects"]!:F2} %";
                Console.WriteLine($"analysis (effective weights, ρ = {(double)analysis["sharpness_radius"]!:G3}): software {Line("software")}; statistics-aware {Line("statistics_aware")}");
            }
            Console.WriteLine($"report: {dir.FilePath("report.html")}");
            return 0;
        }));
        return command;
    }
}
