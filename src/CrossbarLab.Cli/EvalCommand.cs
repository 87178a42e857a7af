using System.CommandLine;
using System.Text.Json.Nodes;
using CrossbarLab.Data;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Reporting;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar eval</c>: the test error of a saved model with ideal (defect-free) weights.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model file (model.json of a run).", Required = true };
        var (output, force, seed, backend, data) = (CommonOptions.Out("Also write results.json into this folder."), CommonOptions.Force(), CommonOptions.Seed(), CommonOptions.Backend(), CommonOptions.Data());
        var command = new Command("eval", "Report the MNIST test error of a saved model.") { model, output, force, seed, backend, data };
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
            if (dir != null)
                Json.Write(dir.FilePath("results.json"), new JsonObject
                {
                    ["command"] = "eval",
                    ["model"] = Path.GetFullPath(modelPath),
                    ["backend"] = compute.Name,
                    ["seed"] = parse.GetValue(seed),
                    ["crossbarlab_version"] = TrainRun.Version,
                    ["test_error"] = error,
                    ["test_samples"] = test.Count,
                });
            return 0;
        }));
        return command;
    }
}
