using System.CommandLine;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar fab</c>: draws a population of simulated dies from defect statistics.</summary>
internal static class FabCommand
{
    public static Command Create()
    {
        var reference = DefectStatistics.Reference;
        var dies = new Option<int>("--dies") { Description = "Number of dies.", DefaultValueFactory = _ => 36 };
        var stats = new Option<string?>("--stats") { Description = "Defect statistics JSON (fields as in summary.json's 'statistics'); the rate options below override it." };
        Option<double?> Rate(string name, string what) => new(name) { Description = what };
        var shortRate = Rate("--short-rate", $"Mean fraction of devices shorted (default {reference.ShortRate}).");
        var openRate = Rate("--open-rate", $"Mean fraction of devices open (default {reference.OpenRate}).");
        var stuckP = Rate("--stuck-parallel-rate", $"Mean fraction stuck in the low (parallel) state (default {reference.StuckParallelRate}).");
        var stuckAp = Rate("--stuck-antiparallel-rate", $"Mean fraction stuck in the high (antiparallel) state (default {reference.StuckAntiparallelRate}).");
        var spread = Rate("--die-spread", $"Die-to-die sigma of ln(defect rate) (default {reference.DieToDieSpread}).");
        var clean = Rate("--clean-fraction", $"Fraction of dies with no point defects (default {reference.CleanDieFraction}).");
        var rowLines = Rate("--row-line-rate", "Probability that a tile's row line is broken (default 0).");
        var columnLines = Rate("--column-line-rate", "Probability that a column line is broken (default 0).");
        var network = new Option<string>("--network") { Description = "Network the dies must hold: die, large, or none (no check).", DefaultValueFactory = _ => "die" };
        network.AcceptOnlyFromAmong("die", "large", "none");
        var hardware = new HardwareOptions();
        var (output, force, seed) = (CommonOptions.Out(), CommonOptions.Force(), CommonOptions.Seed());
        var command = new Command("fab", "Draw a population of simulated dies: one die file each, summary.json, results.json and defect-rates.png.")
        {
            dies, stats, shortRate, openRate, stuckP, stuckAp, spread, clean, rowLines, columnLines, network, output, force, seed,
        };
        hardware.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var s = parse.GetValue(stats) is string file ? DefectStatistics.Load(file) : reference;
            s = s with
            {
                ShortRate = parse.GetValue(shortRate) ?? s.ShortRate,
                OpenRate = parse.GetValue(openRate) ?? s.OpenRate,
                StuckParallelRate = parse.GetValue(stuckP) ?? s.StuckParallelRate,
                StuckAntiparallelRate = parse.GetValue(stuckAp) ?? s.StuckAntiparallelRate,
                DieToDieSpread = parse.GetValue(spread) ?? s.DieToDieSpread,
                CleanDieFraction = parse.GetValue(clean) ?? s.CleanDieFraction,
                RowLineFailureRate = parse.GetValue(rowLines) ?? s.RowLineFailureRate,
                ColumnLineFailureRate = parse.GetValue(columnLines) ?? s.ColumnLineFailureRate,
            };
            var run = new FabRun(s, hardware.DeviceModel(parse), hardware.Geometry(parse), parse.GetValue(dies), parse.GetValue(seed),
                parse.GetValue(network) is "none" ? null : NetworkSpec.Preset(parse.GetValue(network)!).Widths);
            var mapping = run.Validate();
            var dir = RunDirectory.Prepare(parse.GetValue(output) ?? Path.Combine("runs", $"fab-{DateTime.Now:yyyyMMdd-HHmmss}"), parse.GetValue(force));
            var made = run.Execute(dir);

            Console.WriteLine($"device: {run.Device}");
            Console.WriteLine($"array: {run.Geometry}" + (mapping == null ? "" : $"; network {string.Join("-", mapping.Widths)} uses {mapping.UsedDevices:N0} devices"));
            Console.WriteLine($"statistics: {s}");
            var table = new Table().AddColumns("die", "short", "open", "stuck-P", "stuck-AP", "lines", "defect rate");
            foreach (var die in made)
                table.AddRow(die.Name, $"{die.Defects.Count(DefectKind.Short)}", $"{die.Defects.Count(DefectKind.Open)}",
                    $"{die.Defects.Count(DefectKind.StuckParallel)}", $"{die.Defects.Count(DefectKind.StuckAntiparallel)}",
                    $"{die.Defects.FailedRowLines.Count + die.Defects.FailedColumnLines.Count}", $"{100 * die.Defects.DefectRate:F2} %");
            AnsiConsole.Write(table);
            var rates = made.Select(d => d.Defects.DefectRate).ToList();
            Console.WriteLine($"{made.Count} dies: mean defect rate {100 * rates.Average():F2} %, min {100 * rates.Min():F2} %, max {100 * rates.Max():F2} %, clean dies {rates.Count(r => r == 0)}; wrote {dir.Path}");
            return 0;
        }));
        return command;
    }
}
