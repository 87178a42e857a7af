using System.CommandLine;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar fab</c>: draws a population of simulated dies from defect statistics.</summary>
internal static class FabCommand
{
    public static Command Create()
    {
        var c = new ConfigOptions();
        var r = DefectStatistics.Reference;
        c.Field(new Option<int?>("--dies") { Description = $"Number of dies (default {RunConfig.Default.Experiment.Dies})." }, "experiment.dies");
        Flags.Statistics(c, "Defect statistics JSON (fields as in summary.json's 'statistics'); the rate options below override it.");
        void Rate(string name, string field, string what, double value) =>
            c.Field(new Option<double?>(name) { Description = $"{what} (default {value})." }, $"{DefectStatistics.Section}.{field}");
        Rate("--short-rate", "short_rate", "Mean fraction of devices shorted", r.ShortRate);
        Rate("--open-rate", "open_rate", "Mean fraction of devices open", r.OpenRate);
        Rate("--stuck-parallel-rate", "stuck_parallel_rate", "Mean fraction stuck in the low (parallel) state", r.StuckParallelRate);
        Rate("--stuck-antiparallel-rate", "stuck_antiparallel_rate", "Mean fraction stuck in the high (antiparallel) state", r.StuckAntiparallelRate);
        Rate("--die-spread", "die_to_die_spread_sigma_ln", "Die-to-die sigma of ln(defect rate)", r.DieToDieSpreadSigmaLn);
        Rate("--clean-fraction", "clean_die_fraction", "Fraction of dies with no point defects", r.CleanDieFraction);
        Rate("--row-line-rate", "row_line_failure_rate", "Probability that a tile's row line is broken", r.RowLineFailureRate);
        Rate("--column-line-rate", "column_line_failure_rate", "Probability that a column line is broken", r.ColumnLineFailureRate);
        Flags.Network(c, allowNone: true);
        Flags.Hardware(c);
        var output = c.Plain(Flags.Out());
        var force = c.Plain(Flags.Force());
        Flags.Common(c, data: false);
        var command = new Command("fab", "Draw a population of simulated dies: one die file each, summary.json, results.json and defect-rates.png.");
        c.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = c.Build(parse, "fab");
            var run = new FabRun(config);
            var mapping = run.Validate();
            using var dir = RunFolders.Open(parse.GetValue(output) ?? Path.Combine("runs", $"fab-{DateTime.Now:yyyyMMdd-HHmmss}"),
                parse.GetValue(force));
            var made = run.Execute(dir).Dies;

            Console.WriteLine($"device: {config.Device}");
            string network = mapping == null ? "" : $"; network {string.Join("-", mapping.Widths)} uses {mapping.UsedDevices:N0} devices";
            Console.WriteLine($"array: {config.Array}{network}");
            Console.WriteLine($"statistics: {config.Population}");
            var table = ConsoleText.Table("die", "short", "open", "stuck-P", "stuck-AP", "lines", "defect rate");
            foreach (var die in made)
                table.Row(die.Name, $"{die.Defects.Count(DefectKind.Short)}", $"{die.Defects.Count(DefectKind.Open)}",
                    $"{die.Defects.Count(DefectKind.StuckParallel)}", $"{die.Defects.Count(DefectKind.StuckAntiparallel)}",
                    $"{die.Defects.FailedRowLines.Count + die.Defects.FailedColumnLines.Count}", $"{100 * die.Defects.DefectRate:F2} %");
            AnsiConsole.Write(table);
            var rates = made.Select(d => d.Defects.DefectRate).ToList();
            Console.WriteLine($"{made.Count} dies: mean defect rate {100 * rates.Average():F2} %, min {100 * rates.Min():F2} %, "
                + $"max {100 * rates.Max():F2} %, clean dies {rates.Count(x => x == 0)}; wrote {dir.Path}");
            return 0;
        }, c));
        return command;
    }
}
