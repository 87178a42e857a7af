using System.CommandLine;
using CrossbarLab.Data;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Training;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar train</c>: trains a binary network and writes a run folder.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions();
        var regime = new Option<string>("--regime") { Description = "Training regime: software (no defects, the baseline), hardware-aware (one die's defects, --die), statistics-aware (K draws per step from defect statistics).", DefaultValueFactory = _ => "software" };
        regime.AcceptOnlyFromAmong("software", "hardware-aware", "statistics-aware");
        var network = new Option<string>("--network") { Description = "Network preset: die (100-90-10, fits a 20,000-device array) or large (784-512-10).", DefaultValueFactory = _ => "die" };
        network.AcceptOnlyFromAmong("die", "large");
        var imageSize = new Option<int?>("--image-size") { Description = "Downsampled image side in pixels (overrides the preset)." };
        var hidden = new Option<string?>("--hidden") { Description = "Hidden layer sizes, comma-separated, e.g. 90 or 256,128 (overrides the preset)." };
        var threshold = new Option<double?>("--threshold") { Description = "Binarisation threshold, fraction of full intensity in [0, 1] (overrides the preset)." };
        var outputScale = new Option<float?>("--output-scale") { Description = "Logit per unit of output column sum (overrides the preset)." };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training set.", DefaultValueFactory = _ => defaults.Epochs };
        var batch = new Option<int>("--batch") { Description = "Minibatch size.", DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<float>("--lr") { Description = "Initial Adam learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var lrFinal = new Option<float>("--lr-final") { Description = "Learning rate at the end of the cosine schedule.", DefaultValueFactory = _ => defaults.FinalLearningRate };
        var initScale = new Option<float>("--init-scale") { Description = "Latent weights start uniform in [-s, s].", DefaultValueFactory = _ => defaults.InitScale };
        var steWindow = new Option<float>("--ste-window") { Description = "Straight-through window half-width, in units of sqrt(fan-in).", DefaultValueFactory = _ => defaults.SteWindow };
        var trainLimit = new Option<int>("--train-limit") { Description = "Train on the first N samples only (0 = all 60,000).", DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint." };
        var regimeDefaults = new RegimeSettings();
        var die = new Option<string?>("--die") { Description = "Die file of a hardware-aware run (from crossbar fab or crossbar die import)." };
        var stats = new Option<string?>("--stats") { Description = "Defect statistics JSON of a statistics-aware run (default: the reference population of crossbar fab)." };
        var k = new Option<int>("--k") { Description = "Defect instances per step of a statistics-aware run.", DefaultValueFactory = _ => regimeDefaults.K };
        var pool = new Option<int>("--pool") { Description = "0: fresh defect maps every step; P: a pool of P maps drawn once and cycled.", DefaultValueFactory = _ => 0 };
        var saturation = new Option<double?>("--saturation") { Description = "Weight value (±) a single shorted device forces during training (default: derived from the device model)." };
        var device = new Option<string>("--device") { Description = "Device preset of a statistics-aware run: stt-mram or rram.", DefaultValueFactory = _ => "stt-mram" };
        device.AcceptOnlyFromAmong("stt-mram", "rram");
        var (output, force, seed, backend, data) = (CommonOptions.Out(), CommonOptions.Force(), CommonOptions.Seed(), CommonOptions.Backend(), CommonOptions.Data());

        var command = new Command("train", "Train a binary neural network on MNIST and write runs/<name>/ (config, model, results, training curve).")
        {
            regime, die, stats, k, pool, saturation, device,
            network, imageSize, hidden, threshold, outputScale, epochs, batch, lr, lrFinal, initScale, steWindow, trainLimit, resume,
            output, force, seed, backend, data,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var preset = NetworkSpec.Preset(parse.GetValue(network)!);
            var spec = preset with
            {
                ImageSize = parse.GetValue(imageSize) ?? preset.ImageSize,
                Hidden = ParseHidden(parse.GetValue(hidden)) ?? preset.Hidden,
                Threshold = parse.GetValue(threshold) ?? preset.Threshold,
                OutputScale = parse.GetValue(outputScale) ?? preset.OutputScale,
            };
            var options = defaults with
            {
                Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(lr),
                FinalLearningRate = parse.GetValue(lrFinal), InitScale = parse.GetValue(initScale), SteWindow = parse.GetValue(steWindow),
                Seed = parse.GetValue(seed), TrainLimit = parse.GetValue(trainLimit),
            };
            string regimeName = parse.GetValue(regime)!;
            var settings = new RegimeSettings(regimeName, parse.GetValue(die), parse.GetValue(stats), parse.GetValue(k), parse.GetValue(pool),
                parse.GetValue(saturation), parse.GetValue(device)!);
            settings.Validate();
            var run = new TrainRun(spec, options, Mnist.FindFolder(parse.GetValue(data)), settings);
            run.Validate();
            bool resuming = parse.GetValue(resume);
            string? outPath = parse.GetValue(output);
            if (resuming && outPath == null) throw new CrossbarLabException("--resume needs --out pointing at the run folder to continue.");
            var dir = RunDirectory.Prepare(outPath ?? Path.Combine("runs", $"{regimeName}-{DateTime.Now:yyyyMMdd-HHmmss}"), parse.GetValue(force), resuming);
            var compute = CommonOptions.CreateBackend(parse.GetValue(backend)!);

            var result = TrainingProgressView.Show($"Training {spec.Shape} ({regimeName}, seed {options.Seed}, {compute.Name})",
                progress => run.Execute(dir, compute, resuming, progress));

            var table = new Table().AddColumns("", "value");
            table.AddRow("network", Markup.Escape(spec.ToString()));
            table.AddRow("test error (ideal weights)", $"{100 * result.TestError:F2} %");
            var written = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.FilePath("results.json")))!;
            if (written["die_test_error"] is { } dieError) table.AddRow("test error on its die", $"{100 * (double)dieError:F2} %");
            table.AddRow("best epoch test error", $"{100 * result.Epochs.Min(e => e.TestError):F2} %");
            table.AddRow("seconds per epoch", $"{result.Epochs.Average(e => e.Seconds):F2}");
            table.AddRow("outputs", Markup.Escape(dir.Path));
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static int[]? ParseHidden(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out sizes[i]) || sizes[i] < 1)
                throw new InvalidConfigurationException($"--hidden '{text}': '{parts[i]}' is not a positive layer size (example: --hidden 256,128).");
        return sizes;
    }
}
