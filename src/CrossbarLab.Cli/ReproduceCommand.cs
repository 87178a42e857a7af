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

            ReproductionResult result;
            if (TrainingProgressView.Interactive)
            {
                result = null!;
                TrainingProgressView.Bars()
                    .Start(ctx =>
                    {
                        var tasks = new Dictionary<string, ProgressTask>();
                        var view = new StageProgress(p =>
                        {
                            if (!tasks.TryGetValue(p.Stage, out var task)) tasks[p.Stage] = task = ctx.AddTask(Markup.Escape(p.Stage), maxValue: Math.Max(1, p.Total));
                            task.MaxValue = Math.Max(1, p.Total);
                            task.Value = p.Done;
                        });
                        result = reproduction.Run(dir, resuming, view);
                    });
            }
            else
            {
                var last = new Dictionary<string, int>();
                result = reproduction.Run(dir, resuming, new StageProgress(p =>
                {
                    // One line per stage at 0 %, 25 %, 50 %, 75 % and 100 %.
                    int quarter = p.Total == 0 ? 4 : 4 * p.Done / p.Total;
                    if (!last.TryGetValue(p.Stage, out int q) || quarter > q) { last[p.Stage] = quarter; Console.WriteLine($"{p.Stage}: {p.Done}/{p.Total}"); }
                }));
            }

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
            Console.WriteLine($"report: {dir.FilePath("report.html")}");
            return 0;
        }));
        return command;
    }

    private sealed class StageProgress(Action<ReproductionProgress> report) : IProgress<ReproductionProgress>
    {
        public void Report(ReproductionProgress value) => report(value);
    }
}
