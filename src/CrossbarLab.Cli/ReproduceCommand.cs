using System.CommandLine;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar reproduce</c>: the reference paper's experiment on a simulated population of dies.</summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var c = new ConfigOptions();
        Flags.Experiment(c);
        Flags.StatisticsAware(c);
        var resume = c.Plain(Flags.Resume());
        var output = c.Plain(Flags.Out());
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("reproduce", "Train software, hardware-aware (per die) and statistics-aware solutions on a simulated "
            + "population of dies, evaluate all on all dies, write results.json, figures and report.html.");
        c.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = c.Build(parse, "reproduce");
            var compute = Backends.Create(ref config);
            using var owned = compute as IDisposable;
            bool resuming = parse.GetValue(resume);
            using var dir = RunFolders.Prepare(parse, output, force, resume, "reproduce", config);
            var reproduction = new Reproduction(config, compute);
            reproduction.Validate();
            var result = StageProgressView.Show(progress => reproduction.Run(dir, resuming, progress));

            var table = ConsoleText.Table("method", "mean", "std", "median", "max", "gap to baseline");
            foreach (var (_, label, errors) in result.Methods)
            {
                var m = result.Summary(errors);
                table.Row(label, Percent(m.Mean), Percent(m.Std), Percent(m.Median), Percent(m.Max), Points(m.GapToBaseline));
            }
            Console.WriteLine($"software baseline (ideal weights): {Percent(result.BaselineTestError)} test error; {result.Dies.Count} dies");
            AnsiConsole.Write(table);
            var claims = result.Claims;
            Console.WriteLine($"hardware-aware solutions on other dies: mean {Percent(result.HardwareAwareOnOtherDies)}");
            Console.WriteLine($"statistics-aware within 2 points of the baseline: {(claims.WithinGap ? "yes" : "no")}; "
                + $"spread reduced {claims.SpreadReduction:F2}× against software");
            if (result.Analysis is { } a)
            {
                string Line(int m) => $"sharpness {a.Sharpness(m):F4} nats, error increase under defects "
                    + Points(a.Increase(m, Analysis.PerturbationKind.Defects));
                Console.WriteLine($"analysis (effective weights, ρ = {a.Radius:G3}): software {Line(0)}; statistics-aware {Line(2)}");
            }
            Console.WriteLine($"report: {dir.FilePath("report.html")}");
            return 0;
        }, c));
        return command;
    }

    internal static string Percent(double x) => $"{100 * x:F2} %";

    internal static string Points(double? x) => x is double v ? $"{100 * v:+0.00;-0.00;0.00} points" : "–";
}
