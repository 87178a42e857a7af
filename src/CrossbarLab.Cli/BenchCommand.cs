using System.CommandLine;
using System.Text.Json.Nodes;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar bench</c>: measures training and inference throughput on this machine.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var c = new ConfigOptions();
        var d = RunConfig.Default;
        var json = c.Plain(new Option<bool>("--json") { Description = "Print one JSON object (machine, backend, results) instead of a table." });
        c.Field(new Option<int?>("--inputs") { Description = $"Network inputs, a square image: 100, 196, 784, … (default {d.Net.Inputs})." },
            "network.image_size", v => SquareSide(v!.Value));
        c.Field(new Option<int?>("--hidden") { Description = $"Hidden neurons (default {d.Net.Hidden[0]})." }, "network.hidden", v => new JsonArray(v!.Value));
        c.Field(new Option<int?>("--batch") { Description = $"Training minibatch size (default {d.Training.BatchSize})." }, "training.batch_size");
        c.Field(new Option<double?>("--seconds") { Description = $"Minimum measuring time per figure (default {d.Bench.Seconds})." }, "bench.seconds");
        c.Field(new Option<int?>("--k") { Description = "Defect instances per step of the statistics-aware rows (default: 1, 8, 32 and 128)." },
            "bench.instance_counts", v => new JsonArray(v!.Value));
        c.Field(new Option<double?>("--defect-rate") { Description = $"Mean fraction of defective devices of the statistics-aware rows (default {d.Bench.DefectRate})." },
            "bench.defect_rate");
        var output = c.Plain(Flags.Out("Also write config.json and results.json into this folder."));
        var force = c.Plain(Flags.Force());
        Flags.Common(c, data: false);
        var command = new Command("bench", "Measure training and inference throughput of the engine on this machine.");
        c.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = c.Build(parse, "bench");
            string? outPath = parse.GetValue(output);
            using var dir = RunFolders.OpenOptional(outPath, parse.GetValue(force));
            var compute = Backends.Create(config.Backend);
            bool asJson = parse.GetValue(json);
            var report = new Benchmark(config).Run(compute, asJson ? null : new StatusLine());
            if (dir != null)
            {
                RunFolder.WriteConfig(dir, config, resume: false);
                JsonConventions.Write(dir.FilePath("results.json"), report.ToJson());
            }
            if (asJson)
            {
                Console.WriteLine(report.ToJson().ToJsonString(JsonConventions.Options));
                return 0;
            }
            var table = ConsoleText.Table("benchmark", "K", "throughput", "unit", "epoch (60,000 samples)",
                "of SGEMM rate");
            foreach (var row in report.Rows)
                table.Row(row.Name, $"{row.K}", $"{row.Throughput:N1}", row.Unit,
                    row.EpochSeconds is double s ? $"{s:F2} s" : "",
                    row.FractionOfSgemm is double f ? $"{100 * f:F1} %" : "");
            foreach (var group in report.Rows.Where(r => r.Name.StartsWith("train.statistics-aware")).GroupBy(r => r.K))
            {
                var fast = group.FirstOrDefault(r => r.Name == "train.statistics-aware");
                var dense = group.FirstOrDefault(r => r.Name.EndsWith(".dense"));
                if (fast != null && dense != null)
                    table.Row("  speed-up, sparse over dense", $"{group.Key}", $"{fast.Throughput / dense.Throughput:F1}×",
                        "", "", "");
            }
            ConsoleText.BoldLine(report.Machine, $", backend {report.Backend}, network {report.Network}, batch {report.Batch}");
            AnsiConsole.Write(table);
            return 0;
        }, c));
        return command;
    }

    /// <summary>The image side of a square input count, or an error naming the setting.</summary>
    private static JsonNode SquareSide(int inputs)
    {
        int side = (int)Math.Round(Math.Sqrt(Math.Max(0, inputs)));
        if (side * side != inputs || side < 1 || side > 28)
            throw new InvalidConfigurationException("network.image_size", inputs,
                "the inputs must be a square image of at most 28×28 pixels (e.g. 100, 196, 784).");
        return side;
    }

    /// <summary>Prints which figure is being measured, synchronously (Progress&lt;T&gt; would post it to the thread pool, out of order).</summary>
    private sealed class StatusLine : IProgress<string>
    {
        public void Report(string name) => Console.Error.WriteLine($"measuring {name} …");
    }
}
