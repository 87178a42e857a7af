using System.CommandLine;
using System.Text.Json.Nodes;
using CrossbarLab.Data;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Reporting;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar eval</c>: the test error of a saved model with ideal (defect-free) weights.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model file (model.json of a run).", Required = true };
        var (output, force, seed, backend, data) = (CommonOptions.Out("Also write results.json into this folder."), CommonOptions.Force(), CommonOptions.Seed(), CommonOptions.Backend(), CommonOptions.Data());
        var dies = new Option<string?>("--dies") { Description = "Also evaluate on dies: a folder of die files (die-*.json, as crossbar fab writes) or one die file." };
        var circuit = new Option<bool>("--circuit") { Description = "Evaluate on dies at circuit level (device conductances, read noise, ADC) instead of effective weights." };
        var command = new Command("eval", "Report the MNIST test error of a saved model, ideal and on dies.") { model, dies, circuit, output, force, seed, backend, data };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string modelPath = parse.GetValue(model)!;
            var network = ModelFile.Load(modelPath);
            string? outPath = parse.GetValue(output);
            var dir = outPath == null ? null : RunDirectory.Prepare(outPath, parse.GetValue(force));
            var compute = CommonOptions.CreateBackend(parse.GetValue(backend)!);
            var test = network.Spec.Preprocessing.Apply(Mnist.LoadTest(Mnist.FindFolder(parse.GetValue(data))));
            int errors = new PackedInference(network, compute).CountErrors(test);
            double error = (double)errors / test.Count;
            Console.WriteLine($"{network.Spec.Shape} model {modelPath}: test error {100 * error:F2} % ({errors} of {test.Count} misclassified, ideal weights)");
            var results = new JsonObject
            {
                ["command"] = "eval",
                ["model"] = Path.GetFullPath(modelPath),
                ["backend"] = compute.Name,
                ["seed"] = parse.GetValue(seed),
                ["crossbarlab_version"] = TrainRun.Version,
                ["test_error"] = error,
                ["test_samples"] = test.Count,
            };
            if (parse.GetValue(dies) is string diePath)
            {
                var dieList = LoadDies(diePath);
                var level = parse.GetValue(circuit) ? EvaluationLevel.Circuit : EvaluationLevel.EffectiveWeights;
                var dieErrors = new DieEvaluator(compute, level, parse.GetValue(seed)).Errors(network, dieList, test);
                var summary = ErrorSummary.Of(dieErrors, error);
                var table = new Table().AddColumns("die", "defect rate", "test error");
                for (int d = 0; d < dieList.Count; d++) table.AddRow(dieList[d].Name, $"{100 * dieList[d].Defects.DefectRate:F2} %", $"{100 * dieErrors[d]:F2} %");
                AnsiConsole.Write(table);
                Console.WriteLine($"{dieList.Count} dies ({(level == EvaluationLevel.Circuit ? "circuit level" : "effective weights")}): mean {100 * summary.Mean:F2} %, std {100 * summary.Std:F2} %, median {100 * summary.Median:F2} %, min {100 * summary.Min:F2} %, max {100 * summary.Max:F2} %, gap to ideal {100 * summary.GapToBaseline:F2} points");
                results["level"] = level == EvaluationLevel.Circuit ? "circuit" : "effective-weights";
                results["die_errors"] = new JsonArray(dieList.Select((die, d) => (JsonNode)new JsonObject { ["name"] = die.Name, ["test_error"] = dieErrors[d] }).ToArray());
                results["summary"] = summary.ToJson();
            }
            if (dir != null) Json.Write(dir.FilePath("results.json"), results);
            return 0;
        }));
        return command;
    }

    /// <summary>One die file, or every die-*.json of a folder in name order.</summary>
    internal static IReadOnlyList<Die> LoadDies(string path)
    {
        if (File.Exists(path)) return [DieFile.Load(path)];
        if (!Directory.Exists(path)) throw new CrossbarLabException($"{path}: no such die file or folder.");
        var files = Directory.GetFiles(path, "die-*.json").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new CrossbarLabException($"{path} holds no die files (die-*.json); make some with crossbar fab --out {path}.");
        return files.Select(DieFile.Load).ToList();
    }
}
