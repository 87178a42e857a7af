using System.Text.Json.Serialization;
using CrossbarLab.Analysis;
using CrossbarLab.Deployment;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Interop;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// Everything a run depends on, as one tree: a run's config.json is this record, and <c>--config FILE</c> reads it back,
/// so a run's own config.json re-runs it. Each section documents its fields (unit and scope) and validates them; the
/// command line only overrides fields. One seed drives every random draw.
/// </summary>
/// <param name="Command">The command that ran (informational; the command line decides what runs).</param>
/// <param name="CrossbarlabVersion">Version of CrossbarLab that wrote the file (informational).</param>
/// <param name="Seed">Seed of every random draw of the run: fab, initialisation, shuffling, defect draws, analysis.</param>
/// <param name="Backend">Compute backend asked for: cpu, gpu or auto (auto takes a CUDA GPU if one is found).</param>
/// <param name="Data">Folder with the four MNIST IDX files; null to look for data/mnist (or $CROSSBARLAB_DATA).</param>
/// <param name="Inputs">Files the run reads besides MNIST.</param>
/// <param name="Device">The device model of every die.</param>
/// <param name="Array">The array of every die.</param>
/// <param name="Population">Defect statistics of the population of dies (fab draws from them, statistics-aware training samples them).</param>
/// <param name="Network">The network and its preprocessing; null only for a fab that checks no network.</param>
/// <param name="Training">Regime, defect settings and hyperparameters of every training.</param>
/// <param name="Evaluation">How solutions are evaluated on dies.</param>
/// <param name="Analysis">Sensitivity curves and loss landscapes.</param>
/// <param name="Experiment">Population size and sweep values.</param>
/// <param name="Deployment">The per-die steps of a deployment.</param>
/// <param name="Bench">What <c>crossbar bench</c> measures.</param>
/// <param name="Import">What <c>crossbar import</c> takes where the weights file does not say.</param>
public sealed record RunConfig(
    string Command,
    string CrossbarlabVersion,
    ulong Seed,
    string Backend,
    string? Data,
    InputFiles Inputs,
    DeviceModel Device,
    ArrayGeometry Array,
    DefectStatistics Population,
    NetworkSpec? Network,
    TrainingOptions Training,
    EvaluationSettings Evaluation,
    AnalysisSettings Analysis,
    ExperimentSettings Experiment,
    DeploymentSettings Deployment,
    BenchSettings Bench,
    ImportSettings Import)
{
    /// <summary>The backends a run may ask for.</summary>
    public static IReadOnlyList<string> Backends { get; } = ["cpu", "gpu", "auto"];

    /// <summary>Every default: the reference population on STT-MRAM dies of NIST's 20,000-device array, the die-sized network, seed 1.</summary>
    public static RunConfig Default { get; } = new("", LibraryVersion.Informational, 1, "auto", null, new InputFiles(),
        DeviceModel.SttMram, ArrayGeometry.Nist20k, DefectStatistics.Reference, NetworkSpec.Die, new TrainingOptions(),
        new EvaluationSettings(), AnalysisSettings.Default, ExperimentSettings.Default, new DeploymentSettings(), BenchSettings.Default, new ImportSettings());

    /// <summary>
    /// A first look at the same pipeline: 8 dies, 4 epochs on 20,000 training images, K = 8, a lighter analysis
    /// (10 trials per rate, a 13×13 grid, 8 sharpness directions). Applied by <c>--quick</c> over the other settings.
    /// </summary>
    public RunConfig Quick() => this with
    {
        Experiment = Experiment with { Dies = 8 },
        Training = Training with { Epochs = 4, TrainLimit = 20_000, K = 8 },
        Analysis = new AnalysisSettings(Analysis.Sensitivity with { Trials = 10 },
            Analysis.Landscape with { GridPoints = 13, SharpnessDirections = 8 }),
    };

    /// <summary>The seed the population of dies is drawn with: <c>experiment.population_seed</c>, or the run's seed.</summary>
    [JsonIgnore] public ulong DieSeed => Experiment.PopulationSeed ?? Seed;

    /// <summary>The network, which every command but <c>fab</c> needs.</summary>
    [JsonIgnore] public NetworkSpec Net => Network ?? throw new InvalidConfigurationException(NetworkSpec.Section, null,
        "this command needs a network (die, large, or a network section in the configuration).");

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (!Backends.Contains(Backend)) throw new InvalidConfigurationException("backend", Backend, "choose cpu, gpu or auto.");
        Device.Validate();
        Array.Validate();
        Population.Validate();
        Network?.Validate();
        Training.Validate();
        Evaluation.Validate();
        Analysis.Validate();
        Experiment.Validate();
        Deployment.Validate();
        Bench.Validate();
        Import.Validate();
        SizeBudget.Check(this);
    }

    /// <summary>The config as it is written to config.json (this CrossbarLab's version recorded).</summary>
    public RunConfig ForCommand(string command) => this with { Command = command, CrossbarlabVersion = LibraryVersion.Informational };
}
