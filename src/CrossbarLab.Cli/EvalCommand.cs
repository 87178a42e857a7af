using System.CommandLine;
using CrossbarLab.Evaluation;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Results;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar eval</c>: the test error of a saved model with ideal (defect-free) weights, and on dies.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var c = new ConfigOptions();
        c.Field(new Option<string?>("--model") { Description = "Model file (model.json of a run)." }, "inputs.model", FullPath);
        c.Field(new Option<string?>("--dies") { Description = "Also evaluate on dies: a folder of die files (die-*.json, as crossbar fab writes) or one die file." },
            "inputs.dies", FullPath);
        c.Field(new Option<string?>("--deployment")
        {
            Description = "Evaluate a deployment file (deployment.json of crossbar deploy) on the die it was made for.",
        }, "inputs.deployment", FullPath);
        c.Field(new Option<bool?>("--circuit") { Description = "Evaluate on dies at circuit level (device conductances, read noise, ADC) instead of effective weights." },
            "evaluation.level", v => IO.JsonConventions.ToNode(v == true ? EvaluationLevel.Circuit : EvaluationLevel.EffectiveWeights));
        c.Field(new Option<bool?>("--calibrate")
        {
            Description = "Calibrate each on-die neuron's digital offset on each die first (map-free: training images run through the die).",
        }, "evaluation.calibrate", v => v == true);
        c.Field(new Option<int?>("--calibration-images")
        {
            Description = $"Training images a calibration runs through each die (default {Deployment.OffsetCalibration.DefaultImages}: "
                + "each offset to about 0.2–0.3 weight units).",
        }, "evaluation.calibration_images");
        var output = c.Plain(Flags.Out("Also write config.json and results.json into this folder."));
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("eval", "Report the MNIST test error of a saved model, ideal and on dies.");
        c.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = c.Build(parse, "eval");
            var compute = Backends.Create(ref config);
            using var owned = compute as IDisposable;
            string? outPath = parse.GetValue(output);
            using var dir = RunFolders.OpenOptional(outPath, parse.GetValue(force));
            var result = new EvalRun(config, compute).Execute(dir);
            if (config.Inputs.Deployment is string deployment)
            {
                PrintDeployment(deployment, result);
                return 0;
            }
            int wrong = (int)Math.Round(result.TestError * result.TestSamples);
            Console.WriteLine($"model {ConsoleText.Plain(config.Inputs.Model ?? "")}: test error {100 * result.TestError:F2} % "
                + $"({wrong} of {result.TestSamples} misclassified, ideal weights)");
            if (result.Dies.Count == 0) return 0;
            var table = ConsoleText.Table("die", "defect rate", "test error");
            foreach (var d in result.Dies) table.Row(d.Die, $"{100 * d.DefectRate:F2} %", $"{100 * d.TestError:F2} %");
            AnsiConsole.Write(table);
            var s = result.DieSummary;
            string level = (result.Level == EvaluationLevel.Circuit ? "circuit level" : "effective weights") + (result.Calibrated ? ", calibrated" : "");
            Console.WriteLine($"{result.Dies.Count} dies ({level}): mean {100 * s.Mean:F2} %, std {100 * s.Std:F2} %, median {100 * s.Median:F2} %, "
                + $"min {100 * s.Min:F2} %, max {100 * s.Max:F2} %, gap to ideal {100 * s.GapToBaseline:+0.00;-0.00} points");
            return 0;
        }, c));
        return command;
    }

    /// <summary>
    /// A deployment's error on its die. The programmed network's error on a defect-free die is printed as what it is:
    /// its placement, offsets and fine-tuning were made for that die, so it is not the shared solution's ideal error and
    /// no gap to it is shown.
    /// </summary>
    private static void PrintDeployment(string path, EvaluationResult result)
    {
        var die = result.Dies.Single();
        int wrong = (int)Math.Round(die.TestError * result.TestSamples);
        string level = result.Level == EvaluationLevel.Circuit ? "circuit level" : "effective weights";
        Console.WriteLine($"deployment {ConsoleText.Plain(path)} on {ConsoleText.Plain(die.Die)} ({level}): test error "
            + $"{100 * die.TestError:F2} % ({wrong} of {result.TestSamples} misclassified)");
        Console.WriteLine($"the programmed network on a defect-free die: {100 * result.TestError:F2} % (its steps were made "
            + $"for {ConsoleText.Plain(die.Die)}, so this is not the shared solution's ideal error)");
    }

    private static System.Text.Json.Nodes.JsonNode? FullPath(string? path) => path == null ? null : Path.GetFullPath(path);
}
