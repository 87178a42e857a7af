using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.Devices;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Cli;

/// <summary>The flags several commands share, each bound to its setting (defaults shown from <see cref="RunConfig.Default"/>).</summary>
internal static class Flags
{
    private static RunConfig D => RunConfig.Default;

    /// <summary>--seed, --backend and, for commands that read MNIST, --data.</summary>
    public static void Common(ConfigOptions c, bool data = true)
    {
        c.Field(new Option<ulong?>("--seed") { Description = $"Seed of every random draw of the run (default {D.Seed})." }, "seed");
        var backend = new Option<string?>("--backend") { Description = "Compute backend: cpu, gpu or auto (default auto)." };
        backend.AcceptOnlyFromAmong([.. RunConfig.Backends]);
        c.Field(backend, "backend");
        if (data)
            c.Field(new Option<string?>("--data") { Description = "Folder with the MNIST IDX files (default: data/mnist, or $CROSSBARLAB_DATA)." },
                "data", v => v == null ? null : Path.GetFullPath(v));
    }

    /// <summary>--device (a preset), --short (its short strength) and the array's --tiles, --tile-rows, --tile-columns,
    /// --adc-bits.</summary>
    public static void Hardware(ConfigOptions c)
    {
        var device = new Option<string?>("--device") { Description = "Device preset: stt-mram (MTJ, default) or rram." };
        device.AcceptOnlyFromAmong("stt-mram", "rram");
        c.Section(device, DeviceModel.Section, v => JsonConventions.ToNode(DeviceModel.Preset(v!)));
        ShortStrength(c);
        var a = D.Array;
        c.Field(new Option<int?>("--tiles") { Description = $"Tiles per die, even (default {a.Tiles})." }, "array.tiles");
        c.Field(new Option<int?>("--tile-rows") { Description = $"Rows (input lines) per tile (default {a.TileRows})." }, "array.tile_rows");
        c.Field(new Option<int?>("--tile-columns") { Description = $"Columns (output lines) per tile (default {a.TileColumns})." }, "array.tile_columns");
        c.Field(new Option<int?>("--adc-bits") { Description = $"ADC resolution per column in bits, 0 = ideal (default {a.AdcBits})." }, "array.adc_bits");
    }

    /// <summary>--short weak|device|strong: the short-strength preset applied to the device.</summary>
    private static void ShortStrength(ConfigOptions c)
    {
        var option = new Option<string?>("--short")
        {
            Description = $"Short strength: weak (a broken barrier leaving {ShortStrengths.WeakShortOhms:N0} Ω), device (the device's own values; "
                + $"default) or strong (a {ShortStrengths.StrongAccessOhms:N0} Ω access transistor).",
        };
        option.AcceptOnlyFromAmong(Enum.GetValues<ShortStrength>().Select(s => s.Name()).ToArray());
        c.Patch(option, DeviceModel.Section, (root, name) =>
        {
            var device = root[DeviceModel.Section].Deserialize<DeviceModel>(JsonConventions.Options)!;
            var strength = Enum.GetValues<ShortStrength>().Single(s => s.Name() == name);
            root[DeviceModel.Section] = JsonConventions.ToNode(device.With(strength));
        });
    }

    /// <summary>--stats FILE: the population's defect statistics from a JSON file.</summary>
    public static void Statistics(ConfigOptions c, string description) =>
        c.Section(new Option<string?>("--stats") { Description = description }, DefectStatistics.Section,
            v => JsonConventions.ToNode(DefectStatistics.Load(v!)));

    /// <summary>--network (a preset) and --image-size, --hidden, --threshold, --output-scale.</summary>
    public static void Network(ConfigOptions c, bool allowNone = false)
    {
        var network = new Option<string?>("--network")
        {
            Description = "Network preset: die (100-90-10, fits a 20,000-device array; default) or large (784-512-10)"
                + (allowNone ? ", or none (no network to check)." : "."),
        };
        if (allowNone) network.AcceptOnlyFromAmong("die", "large", "none");
        else network.AcceptOnlyFromAmong("die", "large");
        c.Section(network, NetworkSpec.Section, v => v == "none" ? null : JsonConventions.ToNode(NetworkSpec.Preset(v!)));
        c.Field(new Option<int?>("--image-size") { Description = "Downsampled image side in pixels (overrides the preset)." }, "network.image_size");
        c.Field(new Option<string?>("--hidden") { Description = "Hidden layer sizes, comma-separated, e.g. 90 or 256,128 (overrides the preset)." },
            "network.hidden", v => Integers(v!, "network.hidden"));
        c.Field(new Option<double?>("--threshold") { Description = "Binarisation threshold, fraction of full intensity in [0, 1] (overrides the preset)." },
            "network.threshold");
        c.Field(new Option<float?>("--output-scale") { Description = "Logit per unit of output column sum (overrides the preset)." }, "network.output_scale");
        Choice(c, "--encoding", "network.encoding", "How inputs drive the rows: plus-minus-one (±V; default) or zero-one (on → +V, off → the "
            + "reference voltage, no current).", "plus-minus-one", "zero-one");
        Choice(c, "--offsets", "network.offsets", "Digital per-neuron offsets added after the ADC, trained with the weights: on or off "
            + "(default: on with zero-one inputs, off with plus-minus-one).", "on", "off");
        Choice(c, "--on-die", "network.on_die", "Which layers sit on the die: all (default) or first (the others run digitally, without defects).",
            "all", "first");
        Choice(c, "--digital-layers", "network.digital_layers", "Weights of the layers off the die: binary (default) or real.", "binary", "real");
    }

    /// <summary>A flag that takes one of <paramref name="values"/> (on/off become true/false).</summary>
    private static void Choice(ConfigOptions c, string flag, string path, string description, params string[] values)
    {
        var option = new Option<string?>(flag) { Description = description };
        option.AcceptOnlyFromAmong(values);
        c.Field(option, path, v => v switch { "on" => true, "off" => false, _ => v });
    }

    /// <summary>The training hyperparameters.</summary>
    public static void Hyperparameters(ConfigOptions c)
    {
        var t = D.Training;
        c.Field(new Option<int?>("--epochs") { Description = $"Passes over the training set (default {t.Epochs})." }, "training.epochs");
        c.Field(new Option<int?>("--batch") { Description = $"Minibatch size (default {t.BatchSize})." }, "training.batch_size");
        c.Field(new Option<float?>("--lr") { Description = $"Initial Adam learning rate (default {Text(t.LearningRate)})." }, "training.learning_rate");
        c.Field(new Option<float?>("--lr-final") { Description = $"Learning rate at the end of the cosine schedule (default {Text(t.FinalLearningRate)})." },
            "training.final_learning_rate");
        c.Field(new Option<float?>("--init-scale") { Description = $"Latent weights start uniform in [-s, s] (default {Text(t.InitScale)})." }, "training.init_scale");
        c.Field(new Option<float?>("--ste-window") { Description = $"Straight-through window half-width, in units of sqrt(fan-in) (default {Text(t.SteWindow)})." },
            "training.ste_window");
        c.Field(new Option<int?>("--train-limit") { Description = "Train on the first N samples only (default 0 = all 60,000)." }, "training.train_limit");
    }

    /// <summary>--k and --saturation of statistics-aware training, and --pool where <paramref name="pool"/>.</summary>
    public static void StatisticsAware(ConfigOptions c, bool pool = false)
    {
        c.Field(new Option<int?>("--k") { Description = $"Defect instances per step of statistics-aware training (default {D.Training.K}; 8 with --quick)." },
            "training.k");
        if (pool)
            c.Field(new Option<int?>("--pool") { Description = "0: fresh defect maps every step (default); P: a pool of P maps drawn once and cycled." },
                "training.pool");
        c.Field(new Option<double?>("--saturation") { Description = "Training value (±) of a single shorted device (default: from the device model)." },
            "training.saturation");
    }

    /// <summary>--quick, --dies and --epochs of a population experiment.</summary>
    public static void Experiment(ConfigOptions c)
    {
        c.AddQuick("A smaller version of the same pipeline for a first look (8 dies, 4 epochs on 20,000 images, K = 8, a lighter analysis).");
        c.Field(new Option<int?>("--dies") { Description = $"Number of dies (default {D.Experiment.Dies}; 8 with --quick)." }, "experiment.dies");
        c.Field(new Option<int?>("--epochs") { Description = $"Epochs of every training run (default {D.Training.Epochs}; 4 with --quick)." }, "training.epochs");
        c.Field(new Option<ulong?>("--population-seed")
        {
            Description = "Seed of the dies alone (default: --seed): another population for the same shared solutions.",
        }, "experiment.population_seed");
    }

    /// <summary>--out DIR.</summary>
    public static Option<string?> Out(string description = "Output folder (refused if it exists and is not empty, unless --force).") =>
        new("--out") { Description = description };

    /// <summary>--force.</summary>
    public static Option<bool> Force() => new("--force") { Description = "Overwrite the files of an existing output folder." };

    /// <summary>--resume.</summary>
    public static Option<bool> Resume() => new("--resume") { Description = "Continue an interrupted run in --out (same settings required)." };

    /// <summary>A comma-separated list of numbers as a JSON array; <paramref name="setting"/> names it in errors.</summary>
    public static JsonNode Numbers(string text, string setting)
    {
        var values = new JsonArray();
        foreach (var part in Split(text))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
                throw new InvalidConfigurationException(setting, text, $"'{part}' is not a number (give numbers separated by commas).");
            values.Add(x);
        }
        return values;
    }

    /// <summary>A comma-separated list of positive integers as a JSON array.</summary>
    public static JsonNode Integers(string text, string setting)
    {
        var values = new JsonArray();
        foreach (var part in Split(text))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int x) || x < 1)
                throw new InvalidConfigurationException(setting, text, $"'{part}' is not a positive integer (e.g. 256,128).");
            values.Add(x);
        }
        return values;
    }

    /// <summary>The items of a comma-separated list.</summary>
    public static string[] Split(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Numbers as a comma-separated option value (invariant culture).</summary>
    public static string List<T>(IEnumerable<T> values) where T : IFormattable =>
        string.Join(",", values.Select(v => v.ToString(null, CultureInfo.InvariantCulture)));

    private static string Text(float value) => value.ToString(CultureInfo.InvariantCulture);
}
