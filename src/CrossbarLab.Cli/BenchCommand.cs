using System.CommandLine;
using System.Text.Json.Nodes;
using CrossbarLab.Compute;
using CrossbarLab.Experiments;
using CrossbarLab.Gpu;
using CrossbarLab.Results;
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
        c.Field(new Option<int?>("--dies") { Description = $"Dies of the evaluation row (default {d.Bench.Dies})." },
            "bench.dies");
        c.Field(new Option<int?>("--images")
        {
            Description = $"Test images of the evaluation row (default {d.Bench.Images}).",
        }, "bench.images");
        var reproduce = new Option<string?>("--reproduce")
        {
            Description = "Also time crossbar reproduce on MNIST on each backend: quick (its --quick preset) or full "
                + "(default none).",
        };
        reproduce.AcceptOnlyFromAmong([.. BenchSettings.ReproduceModes]);
        c.Field(reproduce, "bench.reproduce");
        var simulated = c.Plain(new Option<bool>("--simulated-gpu")
        {
            Description = "Without a CUDA device, measure the GPU rows on ILGPU's CPU accelerator (a slow simulation "
                + "of the GPU code, to check it runs; its figures say nothing about a GPU).",
        });
        var devices = c.Plain(new Option<bool>("--devices")
        {
            Description = "Only list the devices ILGPU finds (CUDA, OpenCL, CPU) and the one the GPU backend would "
                + "use.",
        });
        var output = c.Plain(Flags.Out("Also write config.json and results.json into this folder."));
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("bench", "Measure training and inference throughput of the engine on this machine.");
        c.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = c.Build(parse, "bench");
            bool asJson = parse.GetValue(json);
            if (parse.GetValue(devices))
                return ListDevices(asJson);
            var backends = BenchBackends(config.Backend, parse.GetValue(simulated) || Backends.SimulatedGpuAllowed);
            using var gpu = backends.OfType<GpuCompute>().FirstOrDefault();
            // config.json records the backend measured, or auto when both were.
            if (backends.Count == 1)
                config = config with { Backend = backends[0].Name };
            string? outPath = parse.GetValue(output);
            using var dir = RunFolders.OpenOptional(outPath, parse.GetValue(force));
            string? device = gpu?.Description;
            var report = new Benchmark(config).Run(backends, asJson ? null : new StatusLine(), device);
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
            var table = ConsoleText.Table("benchmark", "backend", "K", "throughput", "unit", "epoch (60,000 samples)",
                "of SGEMM rate");
            foreach (var row in report.Rows)
                table.Row(row.Name, row.Backend, $"{row.K}", $"{row.Throughput:N1}", row.Unit,
                    row.EpochSeconds is double s ? $"{s:F2} s" : "",
                    row.FractionOfSgemm is double f ? $"{100 * f:F1} %" : "");
            foreach (var line in SpeedUps(report.Rows))
                table.Row(line.Label, "", line.K, line.Ratio, "", "", "");
            if (device != null)
                ConsoleText.BoldLine("GPU: ", device);
            ConsoleText.BoldLine(report.Machine,
                $", backends {report.Backend}, network {report.Network}, batch {report.Batch}");
            AnsiConsole.Write(table);
            return 0;
        }, c));
        return command;
    }

    /// <summary>
    /// The backends to measure: cpu; gpu (a CUDA device, or with <paramref name="simulated"/> the CPU accelerator;
    /// else a one-line error); auto: the CPU, and the GPU where there is one.
    /// </summary>
    private static IReadOnlyList<ICompute> BenchBackends(string name, bool simulated)
    {
        if (name == "cpu")
            return [new CpuCompute()];
        var gpu = GpuBackend.TryCreate(simulated, out string description);
        if (gpu == null && name == "gpu")
            throw new InvalidConfigurationException("backend", name,
                $"no usable GPU: {description}; use cpu or auto, or --simulated-gpu to run the GPU code on ILGPU's CPU "
                + "accelerator.");
        if (gpu == null)
            Notices.Add($"backend auto: {description}; measuring the CPU only");
        if (name == "gpu")
            return [gpu!];
        return gpu == null ? [new CpuCompute()] : [new CpuCompute(), gpu];
    }

    /// <summary>Prints every device ILGPU finds and the one the GPU backend would take.</summary>
    private static int ListDevices(bool asJson)
    {
        var found = GpuBackend.Describe();
        using var gpu = GpuBackend.TryCreate(allowCpuAccelerator: false, out string chosen);
        if (asJson)
        {
            var list = new JsonArray(found.Select(d => (JsonNode?)JsonConventions.ToNode(d)).ToArray());
            var report = new JsonObject { ["devices"] = list, ["gpu_backend"] = chosen, ["cuda"] = gpu != null };
            Console.WriteLine(report.ToJsonString(JsonConventions.Options));
            return 0;
        }
        foreach (var device in found)
            Console.WriteLine(ConsoleText.Plain(device.ToString()));
        Console.WriteLine(ConsoleText.Plain($"GPU backend: {(gpu != null ? chosen : $"none ({chosen})")}"));
        return 0;
    }

    /// <summary>Table lines comparing rows: sparse over dense on the CPU, and the GPU over the CPU, for each K.
    /// </summary>
    private static IEnumerable<(string Label, string K, string Ratio)> SpeedUps(IReadOnlyList<BenchmarkRow> rows)
    {
        BenchmarkRow? Find(string name, string backend, int k) =>
            rows.FirstOrDefault(r => r.Name == name && r.Backend == backend && r.K == k);
        foreach (int k in rows.Where(r => r.Name.StartsWith("train.statistics-aware")).Select(r => r.K).Distinct())
        {
            var sparse = Find("train.statistics-aware", "cpu", k);
            var dense = Find("train.statistics-aware.dense", "cpu", k);
            if (sparse != null && dense != null)
                yield return ("  speed-up, sparse over dense (cpu)", $"{k}",
                    $"{sparse.Throughput / dense.Throughput:F1}×");
            var gpu = Find("train.statistics-aware", "gpu", k);
            if (sparse != null && gpu != null)
                yield return ("  speed-up, gpu over cpu", $"{k}", $"{gpu.Throughput / sparse.Throughput:F1}×");
        }
        foreach (string name in new[] { "reproduce.quick", "reproduce.full" })
        {
            var cpuRun = Find(name, "cpu", 1);
            var gpuRun = Find(name, "gpu", 1);
            if (cpuRun != null && gpuRun != null)
                yield return ($"  {name}, gpu over cpu", "1", $"{cpuRun.Throughput / gpuRun.Throughput:F1}×");
        }
        var cpuEval = Find("eval.dies", "cpu", 1);
        var gpuEval = Find("eval.dies", "gpu", 1);
        if (cpuEval != null && gpuEval != null)
            yield return ("  evaluation on dies, gpu over cpu", "1", $"{gpuEval.Throughput / cpuEval.Throughput:F1}×");
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
        public void Report(string name)
        {
            Notices.Flush();
            Console.Error.WriteLine($"measuring {name} …");
        }
    }
}
