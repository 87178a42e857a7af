using System.CommandLine;
using System.Text.Json.Nodes;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Reporting;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar bench</c>: measures training and inference throughput on this machine.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object (machine, backend, results) instead of a table." };
        var inputs = new Option<int>("--inputs") { Description = "Network inputs (a square image: 100, 196, 784, …).", DefaultValueFactory = _ => 100 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden neurons.", DefaultValueFactory = _ => 90 };
        var batch = new Option<int>("--batch") { Description = "Training minibatch size.", DefaultValueFactory = _ => 100 };
        var seconds = new Option<double>("--seconds") { Description = "Minimum measuring time per figure.", DefaultValueFactory = _ => 2.0 };
        var k = new Option<int?>("--k") { Description = "Defect instances per step of the statistics-aware rows (default: 1, 8, 32 and 128)." };
        var defectRate = new Option<double>("--defect-rate") { Description = "Mean fraction of defective devices of the statistics-aware rows.", DefaultValueFactory = _ => 0.01 };
        var (output, force, seed, backend) = (CommonOptions.Out("Also write results.json into this folder."), CommonOptions.Force(), CommonOptions.Seed(), CommonOptions.Backend());
        var command = new Command("bench", "Measure training and inference throughput of the engine on this machine.") { json, inputs, hidden, batch, seconds, k, defectRate, output, force, seed, backend };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string? outPath = parse.GetValue(output);
            var dir = outPath == null ? null : RunDirectory.Prepare(outPath, parse.GetValue(force));
            var compute = CommonOptions.CreateBackend(parse.GetValue(backend)!);
            var bench = new Benchmark(parse.GetValue(inputs), [parse.GetValue(hidden)], parse.GetValue(batch), parse.GetValue(seconds),
                parse.GetValue(k) is int one ? [one] : Benchmark.DefaultInstanceCounts, parse.GetValue(defectRate));
            bool asJson = parse.GetValue(json);
            var rows = bench.Run(compute, asJson ? null : new StatusLine());
            var report = new JsonObject
            {
                ["machine"] = Benchmark.Machine(),
                ["backend"] = compute.Name,
                ["network"] = $"{bench.Inputs}-{string.Join("-", bench.Hidden)}-10",
                ["batch"] = bench.Batch,
                ["defect_rate"] = bench.DefectRate,
                ["results"] = Json.ToNode(rows),
            };
            if (dir != null) Json.Write(dir.FilePath("results.json"), report);
            if (asJson) { Console.WriteLine(report.ToJsonString(Json.Options)); return 0; }
            var table = new Table().AddColumns("benchmark", "K", "throughput", "unit", "epoch (60,000 samples)", "of SGEMM rate");
            foreach (var row in rows)
                table.AddRow(row.Name, $"{row.K}", $"{row.Throughput:N1}", Markup.Escape(row.Unit), row.EpochSeconds is double s ? $"{s:F2} s" : "",
                    row.FractionOfSgemm is double f ? $"{100 * f:F1} %" : "");
            foreach (var group in rows.Where(r => r.Name.StartsWith("train.statistics-aware")).GroupBy(r => r.K))
            {
                var fast = group.FirstOrDefault(r => r.Name == "train.statistics-aware"); var dense = group.FirstOrDefault(r => r.Name.EndsWith(".dense"));
                if (fast != null && dense != null) table.AddRow("  speed-up, sparse over dense", $"{group.Key}", $"{fast.Throughput / dense.Throughput:F1}×", "", "", "");
            }
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(Benchmark.Machine())}[/], backend {compute.Name}, network {report["network"]}, batch {bench.Batch}");
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    /// <summary>Prints which figure is being measured, synchronously (Progress&lt;T&gt; would post it to the thread pool, out of order).</summary>
    private sealed class StatusLine : IProgress<string>
    {
        public void Report(string name) => Console.Error.WriteLine($"measuring {name} …");
    }
}
