using System.Diagnostics;
using CrossbarLab.Compute;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Reporting;
using CrossbarLab.Results;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// One <c>crossbar train</c> run: loads and preprocesses MNIST, trains in the configured regime, and writes the run folder —
/// config.json, model.json, results.json (deterministic outcomes), timing.json (durations), training-curve.png and
/// checkpoint.json (for resuming).
/// </summary>
public sealed class TrainRun(RunConfig config, ICompute compute)
{
    /// <summary>Throws <see cref="InvalidConfigurationException"/> unless the configuration can be trained.</summary>
    public void Validate()
    {
        config.Validate();
        if (config.Inputs.Die != null && config.Training.Regime != Regime.HardwareAware)
            throw new InvalidConfigurationException($"{InputFiles.Section}.die", config.Inputs.Die,
                "only hardware-aware training uses a die: set training.regime to hardware-aware or leave the die out.");
    }

    /// <summary>Runs the training into <paramref name="output"/>; with <paramref name="resume"/>, continues from its checkpoint.</summary>
    public TrainRunResult Execute(RunDirectory output, bool resume, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        Validate();
        var clock = Stopwatch.StartNew();
        var spec = config.Net;
        var training = config.Training;
        var die = training.Regime == Regime.HardwareAware ? LoadDie() : null;
        var source = DefectSources.Create(training, spec, config.Device, config.Array, config.Population, config.Seed, die);
        string checkpoint = output.FilePath("checkpoint.json");
        // Everything that can refuse a resumed run is checked before the folder changes: the recorded settings, then
        // the checkpoint's. A run killed before its first checkpoint has none and starts again from epoch 1.
        RunFolder.CheckResume(output, config, resume);
        bool fromCheckpoint = resume && File.Exists(checkpoint);
        if (fromCheckpoint)
            Checkpoint.Verify(checkpoint, spec, training, config.Seed, source.Description);
        var (train, test) = RunData.Load(spec, config.Data);
        RunFolder.WriteConfig(output, config, resume);

        var trainer = new Trainer(spec, training, config.Seed, compute, source);
        var result = trainer.Train(train, test, progress, checkpoint, fromCheckpoint, cancellation);
        double? dieError = die == null ? null
            : new DieEvaluator(compute).Error(result.Network, die, EffectiveWeights.Mapping(spec, die.Geometry), test);

        ModelFile.Save(result.Network, output.FilePath("model.json"));
        string title = $"{training.Regime.Name()} training, {spec.Shape} BNN";
        TrainingPlots.TrainingCurve(result.Epochs, title, output.FilePath("training-curve.png"));
        int samples = training.TrainLimit > 0 ? Math.Min(training.TrainLimit, train.Count) : train.Count;
        var run = new TrainRunResult(training.Regime, compute.Name, config.Seed, spec, result, samples, test.Count,
            source.Description, dieError, clock.Elapsed.TotalSeconds);
        JsonConventions.Write(output.FilePath("results.json"), run.ToJson());
        JsonConventions.Write(output.FilePath("timing.json"), run.TimingJson());
        return run;
    }

    private Die LoadDie()
    {
        string path = config.Inputs.Die ?? throw new InvalidConfigurationException($"{InputFiles.Section}.die", null,
            "hardware-aware training needs the die file (from crossbar fab or crossbar die import).");
        return DieFile.Load(path);
    }
}
