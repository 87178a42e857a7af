using System.Text.Json;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// The training runs of a multi-run experiment, each a resumable stage: a finished run leaves models/NAME.json and its
/// history; an unfinished one leaves checkpoints/NAME.json. With resume, finished stages are loaded and unfinished ones
/// continue from their last epoch, so the experiment ends with the numbers an uninterrupted run gives.
/// </summary>
internal sealed class StagedTraining(RunDirectory output, RunConfig config, ICompute compute, EncodedSet train, EncodedSet test,
    bool resume, CancellationToken cancellation)
{
    /// <summary>Per-epoch history of every stage trained or loaded, by name.</summary>
    public Dictionary<string, IReadOnlyList<EpochRecord>> Histories { get; } = new();

    /// <summary>Forwards one training's steps as the progress of the stage named <paramref name="stage"/>.</summary>
    public static IProgress<TrainingProgress> StageSteps(IProgress<ReproductionProgress>? target, string stage) =>
        new CallbackProgress<TrainingProgress>(p => target?.Report(
            new ReproductionProgress(stage, (p.Epoch - 1) * p.StepsPerEpoch + p.Step, p.Epochs * p.StepsPerEpoch)));

    /// <summary>
    /// Whether the stage <paramref name="name"/> of the run in <paramref name="output"/> has finished (its model and
    /// history are there).
    /// </summary>
    public static bool Finished(RunDirectory output, string name) =>
        File.Exists(ModelPath(output, name)) && File.Exists(HistoryPath(output, name));

    /// <summary>The run's training settings in <paramref name="regime"/>.</summary>
    public TrainingOptions In(Regime regime) => config.Training with { Regime = regime };

    /// <summary>
    /// Trains (or loads) the stage <paramref name="name"/> with <paramref name="options"/> (statistics-aware: drawn from
    /// <paramref name="population"/>, default the run's; hardware-aware: on <paramref name="die"/>).
    /// </summary>
    public BinaryNetwork Train(string name, TrainingOptions options, IProgress<TrainingProgress>? progress = null,
        DefectStatistics? population = null, Die? die = null)
    {
        var source = DefectSources.Create(options, config.Net, config.Device, config.Array, population ?? config.Population,
            config.Seed, die);
        Directory.CreateDirectory(output.FilePath("models"));
        Directory.CreateDirectory(output.FilePath("checkpoints"));
        string model = ModelPath(output, name);
        string history = HistoryPath(output, name);
        if (resume && File.Exists(model) && File.Exists(history))
        {
            Histories[name] = HistoryFile.Read(history, options.Epochs);
            return ModelFile.Load(model);
        }
        string checkpoint = output.FilePath($"checkpoints/{name}.json");
        var trainer = new Trainer(config.Net, options, config.Seed, compute, source);
        var result = trainer.Train(train, test, progress, checkpoint, resume && File.Exists(checkpoint), cancellation);
        ModelFile.Save(result.Network, model);
        AtomicFile.WriteAllText(history, JsonSerializer.Serialize(result.Epochs, JsonConventions.Options));
        Histories[name] = result.Epochs;
        return result.Network;
    }

    private static string ModelPath(RunDirectory output, string name) => output.FilePath($"models/{name}.json");

    private static string HistoryPath(RunDirectory output,
        string name) => output.FilePath($"models/{name}.history.json");
}
