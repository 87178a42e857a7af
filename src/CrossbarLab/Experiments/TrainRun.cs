using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Reporting;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// One <c>crossbar train</c> run: loads and preprocesses MNIST, trains, and writes the run folder — config.json (every
/// setting, seed included), model.json, results.json (deterministic outcomes),
/// timing.json (durations), training-curve.png and checkpoint.json (for --resume).
/// </summary>
/// <param name="Spec">The network.</param>
/// <param name="Options">Training hyperparameters and seed.</param>
/// <param name="DataFolder">Folder holding the four MNIST IDX files.</param>
/// <param name="Regime">The training regime and its settings (null: software).</param>
public sealed record TrainRun(NetworkSpec Spec, TrainingOptions Options, string DataFolder, RegimeSettings? Regime = null)
{
    private RegimeSettings Settings => Regime ?? new RegimeSettings();

    /// <summary>Runs the training into <paramref name="output"/> and returns its result.</summary>
    public TrainingResult Execute(RunDirectory output, ICompute compute, bool resume, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        Validate();
        var clock = Stopwatch.StartNew();
        var (train, test) = LoadData(Spec, DataFolder);
        Json.Write(output.FilePath("config.json"), Config(compute));

        var source = Settings.CreateSource(Spec, Options.Seed);
        var result = new Trainer(Spec, Options, compute, source).Train(train, test, progress, output.FilePath("checkpoint.json"), resume, cancellation);
        double? dieError = Settings.Regime == "hardware-aware" ? DieError(result.Network, test, compute) : null;

        ModelFile.Save(result.Network, output.FilePath("model.json"));
        TrainingPlots.TrainingCurve(result.Epochs, $"{Settings.Regime} training, {Spec.Shape} BNN", output.FilePath("training-curve.png"));
        var results = Results(result, compute, train.Count, test.Count);
        results["defect_source"] = source.Description;
        if (dieError is double e) results["die_test_error"] = e;
        Json.Write(output.FilePath("results.json"), results);
        Json.Write(output.FilePath("timing.json"), Timing(result, clock.Elapsed.TotalSeconds));
        return result;
    }

    /// <summary>Checks every setting before anything is written; throws <see cref="InvalidConfigurationException"/> naming the bad one.</summary>
    public void Validate()
    {
        Settings.Validate();
        Spec.Validate();
        Options.Validate();
    }

    /// <summary>Test error of a hardware-aware solution on its own die (effective-weight level).</summary>
    private double DieError(BinaryNetwork network, EncodedSet test, ICompute compute)
    {
        var die = DieFile.Load(Settings.DieFile!);
        return new Evaluation.DieEvaluator(compute).Error(network, die, DifferentialMapping.Create(Spec.Widths, die.Geometry), test);
    }

    /// <summary>Loads MNIST and applies the network's preprocessing.</summary>
    public static (EncodedSet Train, EncodedSet Test) LoadData(NetworkSpec spec, string folder)
    {
        var pre = spec.Preprocessing;
        return (pre.Apply(Mnist.LoadTrain(folder)), pre.Apply(Mnist.LoadTest(folder)));
    }

    private JsonObject Config(ICompute compute) => new()
    {
        ["command"] = "train",
        ["regime"] = Settings.Regime,
        ["regime_settings"] = Settings.ToJson(),
        ["crossbarlab_version"] = Version,
        ["backend"] = compute.Name,
        ["seed"] = Options.Seed,
        ["network"] = Json.ToNode(Spec),
        ["training"] = Json.ToNode(Options),
        ["data"] = Path.GetFullPath(DataFolder),
    };

    /// <summary>Deterministic outcomes only (no durations), so re-running the config reproduces the file exactly.</summary>
    private JsonObject Results(TrainingResult result, ICompute compute, int trainCount, int testCount) => new()
    {
        ["command"] = "train",
        ["regime"] = Settings.Regime,
        ["backend"] = compute.Name,
        ["seed"] = Options.Seed,
        ["network"] = new JsonObject
        {
            ["shape"] = Spec.Shape,
            ["weights"] = Spec.WeightCount,
            ["devices_differential"] = Spec.DifferentialDeviceCount,
        },
        ["test_error"] = result.TestError,
        ["train_samples"] = Options.TrainLimit > 0 ? Math.Min(Options.TrainLimit, trainCount) : trainCount,
        ["test_samples"] = testCount,
        ["epochs"] = new JsonArray(result.Epochs.Select(e => (JsonNode)new JsonObject
        {
            ["epoch"] = e.Epoch,
            ["train_loss"] = e.TrainLoss,
            ["train_error"] = e.TrainError,
            ["test_error"] = e.TestError,
            ["learning_rate"] = e.LearningRate,
        }).ToArray()),
    };

    /// <summary>Durations, which vary from run to run, kept apart from results.json.</summary>
    private static JsonObject Timing(TrainingResult result, double wallSeconds) => new()
    {
        ["wall_seconds"] = wallSeconds,
        ["train_seconds"] = result.Epochs.Sum(e => e.Seconds),
        ["epoch_seconds"] = new JsonArray(result.Epochs.Select(e => (JsonNode)e.Seconds).ToArray()),
    };

    /// <summary>The library's informational version.</summary>
    public static string Version =>
        typeof(TrainRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
