using System.CommandLine;
using System.Text.Json.Nodes;
using CrossbarLab.Analysis;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar analyze sensitivity|landscape</c>: why a solution is robust, for one or more saved models.</summary>
internal static class AnalyzeCommand
{
    public static Command Create() => new("analyze", "Weight-sensitivity curves and loss landscapes of trained models.") { Sensitivity(), Landscape() };

    /// <summary>--model (repeatable) and --labels.</summary>
    private static void Models(ConfigOptions c)
    {
        c.Field(new Option<string[]?>("--model")
        {
            Description = "Model file (model.json of a run); repeat for several models on one plot.",
            AllowMultipleArgumentsPerToken = false,
        }, "inputs.models", v => new JsonArray(v!.Select(p => (JsonNode)Path.GetFullPath(p)).ToArray()));
        c.Field(new Option<string?>("--labels") { Description = "Names of the models in legends and JSON, comma-separated, one per --model (default: the run folder's name)." },
            "inputs.labels", v => new JsonArray(Flags.Split(v!).Select(l => (JsonNode)l).ToArray()));
    }

    private static Command Sensitivity()
    {
        var c = new ConfigOptions();
        var d = SensitivityOptions.Default;
        const string section = SensitivityOptions.Section;
        Models(c);
        c.Field(new Option<string?>("--kinds") { Description = "Perturbations, comma-separated: sign-flip, defects, conductance-noise (default: all three)." },
            $"{section}.kinds", v => Kinds(v!));
        c.Field(new Option<string?>("--flip-rates") { Description = $"Fractions of binary weights flipped, comma-separated (default {Flags.List(d.SignFlipRates)})." },
            $"{section}.sign_flip_rates", v => Flags.Numbers(v!, $"{section}.sign_flip_rates"));
        c.Field(new Option<string?>("--defect-rates")
        {
            Description = $"Mean fractions of defective devices, comma-separated, the statistics' mix of kinds and die spread kept (default {Flags.List(d.DefectRates)}).",
        }, $"{section}.defect_rates", v => Flags.Numbers(v!, $"{section}.defect_rates"));
        c.Field(new Option<string?>("--noise-levels") { Description = $"Conductance variation σ of ln G, comma-separated (default {Flags.List(d.NoiseLevels)})." },
            $"{section}.noise_levels", v => Flags.Numbers(v!, $"{section}.noise_levels"));
        c.Field(new Option<int?>("--trials") { Description = $"Random draws per nonzero rate (default {d.Trials})." }, $"{section}.trials");
        Flags.Statistics(c, "Defect statistics JSON whose rates the defects curve scales (default: the reference population of crossbar fab).");
        Flags.Hardware(c);
        var output = c.Plain(Flags.Out());
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("sensitivity", "Test error of each model against the rate of injected perturbations (sign flips, defects, "
            + "conductance variation), mean and 95 % interval over random trials; writes results.json and one PNG per kind.");
        c.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = c.Build(parse, "analyze sensitivity");
            var compute = Backends.Create(ref config);
            using var owned = compute as IDisposable;
            using var dir = RunFolders.Open(parse.GetValue(output) ?? Path.Combine("runs", $"sensitivity-{DateTime.Now:yyyyMMdd-HHmmss}"),
                parse.GetValue(force));
            var models = AnalyzedModel.Load(config.Inputs.ModelList, config.Inputs.LabelList, config.Data);
            var run = new SensitivityRun(models, config, compute);
            var result = StageProgressView.Show(progress => run.Run(dir, progress));
            foreach (var group in result.Curves.GroupBy(curve => curve.Kind))
            {
                var rates = group.First().Points.Select(p => p.Rate).ToArray();
                string title = $"sensitivity to {group.Key.Name()}: mean test error ± half-width of the 95 % interval";
                var table = ConsoleText.Table("rate").Titled(title);
                foreach (var curve in group) table.Column(curve.Model);
                for (int i = 0; i < rates.Length; i++)
                    table.Row([group.Key.FormatRate(rates[i]), .. group.Select(curve =>
                        $"{100 * curve.Points[i].Error.Value:F2} ± {50 * (curve.Points[i].Error.High - curve.Points[i].Error.Low):F2} %")]);
                AnsiConsole.Write(table);
            }
            var files = string.Join(", ", result.Curves.Select(curve => curve.Kind).Distinct().Select(k => $"sensitivity-{k.Name()}.png"));
            Console.WriteLine($"wrote {dir.Path} (results.json, {files})");
            return 0;
        }, c));
        return command;
    }

    private static Command Landscape()
    {
        var c = new ConfigOptions();
        var d = LandscapeOptions.Default;
        const string section = LandscapeOptions.Section;
        Models(c);
        var space = new Option<string?>("--space")
        {
            Description = "Weights perturbed: latent (sign of latent weights, bit-packed evaluation; default) or effective (the ±1 weights as analog values).",
        };
        space.AcceptOnlyFromAmong("latent", "effective");
        c.Field(space, $"{section}.space");
        c.Field(new Option<int?>("--grid") { Description = $"Points per axis of the 1-D curve and the 2-D grid, odd (default {d.GridPoints})." }, $"{section}.grid_points");
        c.Field(new Option<double?>("--range") { Description = $"The grid spans [-range, range] per axis, in units of each neuron's weight norm (default {d.Range})." },
            $"{section}.range");
        c.Field(new Option<bool?>("--no-plane") { Description = "Skip the 2-D grid (1-D curve and sharpness only)." }, $"{section}.plane", v => v != true);
        c.Field(new Option<double?>("--radius") { Description = $"Radius ρ of the sharpness measure, in units of each neuron's weight norm (default {d.Radius})." },
            $"{section}.radius");
        c.Field(new Option<int?>("--directions") { Description = $"Random directions the sharpness averages over (default {d.SharpnessDirections})." },
            $"{section}.sharpness_directions");
        var output = c.Plain(Flags.Out());
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("landscape", "Loss and error along one and two random per-neuron-normalised directions around each model, and its "
            + "sharpness (mean loss increase at radius ρ, curvature); writes results.json and PNGs.");
        c.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = c.Build(parse, "analyze landscape");
            var compute = Backends.Create(ref config);
            using var owned = compute as IDisposable;
            var options = config.Analysis.Landscape;
            using var dir = RunFolders.Open(parse.GetValue(output) ?? Path.Combine("runs", $"landscape-{DateTime.Now:yyyyMMdd-HHmmss}"),
                parse.GetValue(force));
            var models = AnalyzedModel.Load(config.Inputs.ModelList, config.Inputs.LabelList, config.Data);
            var run = new LandscapeRun(models, options, config.Seed, compute);
            var result = StageProgressView.Show(progress => run.Run(dir, config, progress));
            string title = $"sharpness at ρ = {options.Radius:G4} ({options.Space.Name()} weights, {options.SharpnessDirections} directions, "
                + "± half-width of the 95 % interval)";
            var table = ConsoleText.Table("model", "test error", "loss", "loss increase", "error increase", "curvature").Titled(title);
            foreach (var r in result.Landscapes)
            {
                var s = r.Sharpness;
                table.Row(new[] { r.Model, $"{100 * r.AtSolution.Error:F2} %", $"{r.AtSolution.Loss:F4}",
                    $"{s.LossIncrease.Value:F4} ± {(s.LossIncrease.High - s.LossIncrease.Low) / 2:F4}",
                    $"{100 * s.ErrorIncrease.Value:F2} ± {50 * (s.ErrorIncrease.High - s.ErrorIncrease.Low):F2} %",
                    $"{s.Curvature.Value:F3} ± {(s.Curvature.High - s.Curvature.Low) / 2:F3}" });
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"wrote {dir.Path} (results.json, landscape-1d-loss.png, landscape-1d-error.png{(options.Plane ? ", landscape-2d-*.png" : "")})");
            return 0;
        }, c));
        return command;
    }

    /// <summary>The kinds of a comma-separated list, each checked by name.</summary>
    private static JsonNode Kinds(string text)
    {
        try
        {
            return new JsonArray(Flags.Split(text).Select(k => (JsonNode)PerturbationKinds.Parse(k).Name()).ToArray());
        }
        catch (InvalidConfigurationException e)
        {
            throw new InvalidConfigurationException(e.Setting!, text, e.Rule);
        }
    }
}
