using System.CommandLine;
using CrossbarLab.Compute;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar reproduce</c>: the reference paper's experiment on a simulated population of dies.</summary>
internal static class ReproduceCommand
{
    public static Command Create(ShardedCommands sharded)
    {
        var c = new ConfigOptions();
        Flags.Experiment(c);
        Flags.StatisticsAware(c);
        c.AddScenario();
        var resume = c.Plain(Flags.Resume());
        var output = c.Plain(Flags.Out());
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("reproduce", "Train software, hardware-aware (per die) and statistics-aware solutions on a simulated "
            + "population of dies, evaluate all on all dies, write results.json, figures and report.html.");
        c.AddTo(command);
        sharded.Add(new ShardedCommand(command, "reproduce", "reproduce", c, output, force, resume,
            (config, compute) => new Reproduction(config, compute), Whole));
        return command;
    }

    /// <summary>Runs (or merges) the reproduction into <paramref name="dir"/> and prints its summary.</summary>
    private static void Whole(RunConfig config, ICompute compute, RunDirectory dir, bool resuming, bool merge)
    {
        var reproduction = new Reproduction(config, compute);
        reproduction.Validate();
        var result = StageProgressView.Show(reproduction, dir, resuming, merge);

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
        if (result.Deployment is { } deployment)
            WriteDeployment(deployment);
        Console.WriteLine($"report: {dir.FilePath("report.html")}");
    }

    /// <summary>The deployment table: every method on every die, its cost, and the targets.</summary>
    private static void WriteDeployment(Results.DeploymentTable deployment)
    {
        foreach (var group in deployment.Rows.GroupBy(r => r.OnDie))
        {
            string where = group.Key == "first" ? "first layer on the die" : "every layer on the die";
            var table = ConsoleText.Table("method", "mean ± std", "max", "s/die", "of HA", "map", "claims")
                .Titled($"deployment, {where} (baseline {Percent(group.First().BaselineTestError)})");
            foreach (var row in group)
            {
                var s = row.Summary;
                string claims = (row.WithinTwoPoints ? "2 pts" : "–") + " " + (row.SpreadAtMostFifth ? "⅕" : "–");
                table.Row(row.Method, $"{100 * s.Mean:F2} ± {100 * s.Std:F2} %", Percent(s.Max),
                    $"{row.SecondsPerDie:F3}", $"{100 * row.FractionOfHardwareAware:F1} %", row.NeedsMap ? "yes" : "no",
                    claims);
            }
            AnsiConsole.Write(table);
        }
        foreach (string sentence in Results.DeploymentTargets.Sentences(deployment))
            Console.WriteLine(sentence);
    }

    internal static string Percent(double x) => $"{100 * x:F2} %";

    internal static string Points(double? x) => x is double v ? $"{100 * v:+0.00;-0.00;0.00} points" : "–";
}
