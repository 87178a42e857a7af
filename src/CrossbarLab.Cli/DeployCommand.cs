using System.CommandLine;
using CrossbarLab.Deployment;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar deploy</c>: one shared solution made ready for one die, with what it cost.</summary>
internal static class DeployCommand
{
    public static Command Create()
    {
        var c = new ConfigOptions();
        c.Field(new Option<string?>("--model") { Description = "Model file of the shared solution (model.json of a run)." }, "inputs.model",
            v => v == null ? null : Path.GetFullPath(v));
        c.Field(new Option<string?>("--die") { Description = "Die file to deploy to (from crossbar fab or crossbar die import)." }, "inputs.die",
            v => v == null ? null : Path.GetFullPath(v));
        var onDie = new Option<string?>("--on-die") { Description = "Which layers sit on the die: all or first (default: the model's own)." };
        onDie.AcceptOnlyFromAmong("all", "first");
        c.Field(onDie, "deployment.on_die");
        c.Field(new Option<bool?>("--calibrate") { Description = "Calibrate each on-die neuron's digital offset on the die (map-free)." },
            "deployment.calibrate", v => v == true);
        c.Field(new Option<bool?>("--refit") { Description = "Refit the digital output stage to the die's own outputs on training images (map-free)." },
            "deployment.refit", v => v == true);
        c.Field(new Option<bool?>("--place") { Description = "Place inputs and hidden neurons where the die's defects hurt least (needs the map)." },
            "deployment.place", v => v == true);
        c.Field(new Option<int?>("--finetune") { Description = "Steps of hardware-aware fine-tuning on the die (needs the map; default 0)." },
            "deployment.finetune_steps");
        c.Field(new Option<int?>("--loop")
        {
            Description = "Steps of chip-in-the-loop fine-tuning: the die runs each minibatch, the gradient uses the programmed "
                + "weights (map-free; default 0).",
        }, "deployment.loop_steps");
        c.Field(new Option<bool?>("--probe")
        {
            Description = "Fine-tune on the defective cells read through the die's own outputs (two programmings, one "
                + "read per row of each on-die layer) instead of its defect map; needs --finetune.",
        }, "deployment.probe", v => v == true);
        c.Field(new Option<int?>("--calibration-images") { Description = $"Training images of a calibration (default {OffsetCalibration.DefaultImages})." },
            "evaluation.calibration_images");
        c.Field(new Option<int?>("--refit-images") { Description = $"Training images of a refit (default {OutputRefit.DefaultImages})." },
            "deployment.refit_images");
        c.Field(new Option<bool?>("--circuit") { Description = "Evaluate at circuit level instead of effective weights." },
            "evaluation.level", v => IO.JsonConventions.ToNode(v == true ? Evaluation.EvaluationLevel.Circuit : Evaluation.EvaluationLevel.EffectiveWeights));
        var output = c.Plain(Flags.Out());
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("deploy", "Deploy one shared solution to one die: placement, calibration, fine-tuning, refit; write the "
            + "programming file (deployment.json), its test error and what it cost against hardware-aware training on that die.");
        c.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = c.Build(parse, "deploy");
            var compute = Backends.Create(ref config);
            using var owned = compute as IDisposable;
            string path = parse.GetValue(output) ?? Path.Combine("runs", $"deploy-{DateTime.Now:yyyyMMdd-HHmmss}");
            using var dir = RunFolders.Open(path, parse.GetValue(force));
            var result = new DeployRun(config, compute).Execute(dir);
            double fraction = result.Seconds / result.HardwareAwareSeconds;
            var table = ConsoleText.Table("", "value");
            table.Row("die", result.Die);
            table.Row("steps", result.Method);
            table.Row("layers on the die", result.OnDie);
            table.Row("ideal test error", $"{100 * result.IdealTestError:F2} %");
            table.Row($"test error on the die ({result.Level})", $"{100 * result.TestError:F2} %");
            table.Row("cost", $"{result.Seconds:F2} s ({100 * fraction:F1} % of hardware-aware training's "
                + $"{result.HardwareAwareSeconds:F1} s)");
            table.Row("needs the defect map", result.NeedsMap ? "yes" : "no");
            table.Row("trains", result.Trains);
            table.Row("outputs", dir.Path);
            AnsiConsole.Write(table);
            return 0;
        }, c));
        return command;
    }
}
