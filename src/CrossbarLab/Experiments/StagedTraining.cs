using System.Text.Json;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// The training runs of a multi-run experiment, each a resumable stage: a finished run leaves models/NAME.json and its
/// history; an unfinished one leaves checkpoints/NAME.json. With resume, finished stages are loaded and unfinished ones
/// continue from their last epoch, so the experiment ends with the numbers an uninterrupted run gives.
/// </summary>
internal sealed class StagedTraining(RunDirectory output, NetworkSpec spec, TrainingOptions options, ICompute compute,
    EncodedSet train, EncodedSet test, bool resume, CancellationToken cancellation)
{
    /// <summary>Per-epoch history of every stage trained or loaded, by name.</summary>
    public Dictionary<string, IReadOnlyList<EpochRecord>> Histories { get; } = new();

    /// <summary>Forwards one training's steps as the progress of the stage named <paramref name="stage"/>.</summary>
    public static IProgress<TrainingProgress> StageSteps(IProgress<ReproductionProgress>? target, string stage) =>
        new CallbackProgress<TrainingProgress>(p => target?.Report(new ReproductionProgress(stage, (p.Epoch - 1) * p.StepsPerEpoch + p.Step, p.Epochs * p.StepsPerEpoch)));

    /// <summary>Trains (or loads) the stage <paramref name="name"/> in the regime of <paramref name="source"/>.</summary>
    public BinaryNetwork Train(string name, DefectSource source, IProgress<TrainingProgress>? progress = null)
    {
        Directory.CreateDirectory(output.FilePath("models"));
        Directory.CreateDirectory(output.FilePath("checkpoints"));
        string model = output.FilePath($"models/{name}.json"), history = output.FilePath($"models/{name}.history.json");
        if (resume && File.Exists(model) && File.Exists(history))
        {
            Histories[name] = JsonSerializer.Deserialize<List<EpochRecord>>(File.ReadAllText(history)) ?? [];
            return ModelFile.Load(model);
        }
        string checkpoint = output.FilePath($"checkpoints/{name}.json");
        var result = new Trainer(spec, options, compute, source).Train(train, test, progress, checkpoint, resume && File.Exists(checkpoint), cancellation);
        ModelFile.Save(result.Network, model);
        AtomicFile.WriteAllText(history, JsonSerializer.Serialize(result.Epochs));
        Histories[name] = result.Epochs;
        return result.Network;
    }
}
