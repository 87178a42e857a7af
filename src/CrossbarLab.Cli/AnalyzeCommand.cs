using System.CommandLine;
using CrossbarLab.Analysis;
using CrossbarLab.Data;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar analyze sensitivity|landscape</c>: why a solution is robust, for one or more saved models.</summary>
internal static class AnalyzeCommand
{
    public static Command Create() => new("analyze", "Weight-sensitivity curves and loss landscapes of trained models.") { Sensitivity(), Landscape() };

    private static Option<string[]> Models() => new("--model")
    {
        Description = "Model file (model.json of a run); repeat for several models on one plot.", Required = true, AllowMultipleArgumentsPerToken = false,
    };

    private static Option<string?> Labels() => new("--labels") { Description = "Names of the models in legends and JSON, comma-separated, one per --model (default: the run folder's name)." };

    private static Command Sensitivity()
    {
        var d = SensitivityOptions.Default;
        var (models, labels) = (Models(), Labels());
        var kinds = new Option<string>("--kinds") { Description = "Perturbations, comma-separated: sign-flip, defects, conductance-noise.", DefaultValueFactory = _ => "sign-flip,defects,conductance-noise" };
        var flips = new Option<string>("--flip-rates") { Description = "Fractions of binary weights flipped, comma-separated.", DefaultValueFactory = _ => CommonOptions.List(d.SignFlipRates) };
        var defects = new Option<string>("--defect-rates") { Description = "Mean fractions of defective devices, comma-separated (the statistics' mix of kinds and die-to-die spread kept).", DefaultValueFactory = _ => CommonOptions.List(d.DefectRates) };
        var noise = new Option<string>("--noise-levels") { Description = "Conductance variation σ of ln G, comma-separated.", DefaultValueFactory = _ => CommonOptions.List(d.NoiseLevels) };
        var trials = new Option<int>("--trials") { Description = "Random draws per nonzero rate.", DefaultValueFactory = _ => d.Trials };
        var stats = new Option<string?>("--stats") { Description = "Defect statistics JSON whose rates the defects curve scales (default: the reference population of crossbar fab)." };
        var saturation = new Option<double?>("--saturation") { Description = "Weight value (±) a single shorted device forces (default: derived from the device model)." };
        var hardware = new HardwareOptions();
        var (output, force, seed, backend, data) = (CommonOptions.Out(), CommonOptions.Force(), CommonOptions.Seed(), CommonOptions.Backend(), CommonOptions.Data());
        var command = new Command("sensitivity", "Test error of each model against the rate of injected perturbations (sign flips, defects, conductance variation), mean and 95 % interval over random trials; writes results.json and one PNG per kind.")
        {
            models, labels, kinds, flips, defects, noise, trials, stats, saturation, output, force, seed, backend, data,
        };
        hardware.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = new SensitivityOptions(CommonOptions.Numbers(parse.GetValue(flips)!, "--flip-rates", "0,0.01,0.02"), CommonOptions.Numbers(parse.GetValue(defects)!, "--defect-rates", "0,0.01,0.02"),
                CommonOptions.Numbers(parse.GetValue(noise)!, "--noise-levels", "0,0.01,0.02"), parse.GetValue(trials),
                parse.GetValue(stats) is string path ? DefectStatistics.Load(path) : DefectStatistics.Reference,
                hardware.DeviceModel(parse), hardware.Geometry(parse), parse.GetValue(saturation), parse.GetValue(seed));
            options.Validate();
            var kindList = parse.GetValue(kinds)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(PerturbationKinds.Parse).Distinct().ToList();
            var dir = RunDirectory.Prepare(parse.GetValue(output) ?? Path.Combine("runs", $"sensitivity-{DateTime.Now:yyyyMMdd-HHmmss}"), parse.GetValue(force));
            var loaded = AnalyzedModel.Load(parse.GetValue(models)!, SplitLabels(parse.GetValue(labels)), Mnist.FindFolder(parse.GetValue(data)));
            var run = new SensitivityRun(loaded, options, kindList, CommonOptions.CreateBackend(parse.GetValue(backend)!));
            var curves = StageProgressView.Show(progress => run.Run(dir, progress));
            foreach (var group in curves.GroupBy(c => c.Kind))
            {
                var rates = group.First().Points.Select(p => p.Rate).ToArray();
                var table = new Table().Title(Markup.Escape($"sensitivity to {group.Key.Name()}: mean test error ± half-width of the 95 % interval")).AddColumn("rate");
                foreach (var c in group) table.AddColumn(Markup.Escape(c.Model));
                for (int i = 0; i < rates.Length; i++)
                    table.AddRow([$"{100 * rates[i]:G4} %", .. group.Select(c => $"{100 * c.Points[i].Error.Value:F2} ± {50 * (c.Points[i].Error.High - c.Points[i].Error.Low):F2} %")]);
                AnsiConsole.Write(table);
            }
            Console.WriteLine($"wrote {dir.Path} (results.json, {string.Join(", ", kindList.Select(k => $"sensitivity-{k.Name()}.png"))})");
            return 0;
        }));
        return command;
    }

    private static Command Landscape()
    {
        var d = LandscapeOptions.Default;
        var (models, labels) = (Models(), Labels());
        var space = new Option<string>("--space") { Description = "Weights perturbed: latent (sign of latent weights, bit-packed evaluation) or effective (the ±1 weights as analog values).", DefaultValueFactory = _ => d.Space.Name() };
        space.AcceptOnlyFromAmong("latent", "effective");
        var grid = new Option<int>("--grid") { Description = "Points per axis of the 1-D curve and the 2-D grid (odd).", DefaultValueFactory = _ => d.GridPoints };
        var range = new Option<double>("--range") { Description = "The grid spans [-range, range] per axis, in units of each neuron's weight norm.", DefaultValueFactory = _ => d.Range };
        var noPlane = new Option<bool>("--no-plane") { Description = "Skip the 2-D grid (1-D curve and sharpness only)." };
        var radius = new Option<double>("--radius") { Description = "Radius ρ of the sharpness measure, in units of each neuron's weight norm.", DefaultValueFactory = _ => d.Radius };
        var directions = new Option<int>("--directions") { Description = "Random directions the sharpness averages over.", DefaultValueFactory = _ => d.SharpnessDirections };
        var (output, force, seed, backend, data) = (CommonOptions.Out(), CommonOptions.Force(), CommonOptions.Seed(), CommonOptions.Backend(), CommonOptions.Data());
        var command = new Command("landscape", "Loss and error along one and two random per-neuron-normalised directions around each model, and its sharpness (mean loss increase at radius ρ, curvature); writes results.json and PNGs.")
        {
            models, labels, space, grid, range, noPlane, radius, directions, output, force, seed, backend, data,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = d with
            {
                Space = WeightSpaces.Parse(parse.GetValue(space)!), GridPoints = parse.GetValue(grid), Range = parse.GetValue(range), Plane = !parse.GetValue(noPlane),
                Radius = parse.GetValue(radius), SharpnessDirections = parse.GetValue(directions), Seed = parse.GetValue(seed),
            };
            options.Validate();
            var dir = RunDirectory.Prepare(parse.GetValue(output) ?? Path.Combine("runs", $"landscape-{DateTime.Now:yyyyMMdd-HHmmss}"), parse.GetValue(force));
            var loaded = AnalyzedModel.Load(parse.GetValue(models)!, SplitLabels(parse.GetValue(labels)), Mnist.FindFolder(parse.GetValue(data)));
            var run = new LandscapeRun(loaded, options, CommonOptions.CreateBackend(parse.GetValue(backend)!));
            var results = StageProgressView.Show(progress => run.Run(dir, progress));
            var table = new Table().Title($"sharpness at ρ = {options.Radius:G4} ({options.Space.Name()} weights, {options.SharpnessDirections} directions, ± half-width of the 95 % interval)")
                .AddColumns("model", "test error", "loss", "loss increase", "error increase", "curvature");
            foreach (var r in results)
            {
                var s = r.Sharpness;
                table.AddRow(new[] { r.Model, $"{100 * r.AtSolution.Error:F2} %", $"{r.AtSolution.Loss:F4}",
                    $"{s.LossIncrease.Value:F4} ± {(s.LossIncrease.High - s.LossIncrease.Low) / 2:F4}",
                    $"{100 * s.ErrorIncrease.Value:F2} ± {50 * (s.ErrorIncrease.High - s.ErrorIncrease.Low):F2} %",
                    $"{s.Curvature.Value:F3} ± {(s.Curvature.High - s.Curvature.Low) / 2:F3}" }.Select(Markup.Escape).ToArray());
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"wrote {dir.Path} (results.json, landscape-1d-loss.png, landscape-1d-error.png{(options.Plane ? ", landscape-2d-*.png" : "")})");
            return 0;
        }));
        return command;
    }

    private static string[]? SplitLabels(string? text) => text?.Split(',', StringSplitOptions.TrimEntries);
}
