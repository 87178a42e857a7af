using CrossbarLab.Compute;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Reporting;
using CrossbarLab.Results;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>Progress of a multi-stage run: <paramref name="Done"/> of <paramref name="Total"/> steps of a stage.</summary>
public readonly record struct ReproductionProgress(string Stage, int Done, int Total);

/// <summary>
/// The reference paper's experiment, end to end: draw the dies; train the software baseline, one hardware-aware solution
/// per die and one statistics-aware solution; evaluate every solution on every die; write results.json, figures and
/// report.html. Each trained model is saved under models/ and each training checkpoints under checkpoints/, so a run
/// interrupted at any point continues with resume and ends with the same numbers.
/// </summary>
public sealed class Reproduction(RunConfig config, ICompute compute) : IShardedExperiment
{
    /// <summary>Throws <see cref="InvalidConfigurationException"/> unless the configuration can be reproduced.</summary>
    public void Validate()
    {
        config.Validate();
        if (config.Experiment.Dies < 2)
            throw new InvalidConfigurationException($"{ExperimentSettings.Section}.dies", config.Experiment.Dies,
                "a reproduction needs at least 2 dies (the transfer matrix compares dies).");
        EffectiveWeights.Mapping(config.Net, config.Array);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> UnitNames() => [.. Units(MakeDies()).Select(u => u.Name)];

    /// <summary>Runs every stage into <paramref name="output"/>.</summary>
    public ReproductionResult Run(RunDirectory output, bool resume, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default) => Run(output, resume, merge: false, progress, cancellation);

    /// <summary>Merges the sharded run in <paramref name="output"/>: every unit must have finished.</summary>
    public ReproductionResult Merge(RunDirectory output, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default) => Run(output, resume: true, merge: true, progress, cancellation);

    /// <inheritdoc/>
    public ShardReport RunShard(RunDirectory output, Shard shard, IProgress<ReproductionProgress>? progress = null,
        IProgress<UnitOutcome>? outcomes = null, CancellationToken cancellation = default)
    {
        Validate();
        var (train, test) = RunData.Load(config.Net, config.Data);
        RunFolder.WriteShared(output, config, cancellation);
        // The dies are drawn in memory: dies/ is written once, by the merge.
        var units = new WorkUnits(output, compute, _ => (train, test), Units(MakeDies()), cancellation);
        return units.TrainShard(shard, progress, outcomes);
    }

    private IReadOnlyList<Die> MakeDies() =>
        new Fab(config.Population, config.Device, config.Array).MakeDies(config.Experiment.Dies, config.DieSeed);

    /// <summary>
    /// The software solution, one hardware-aware solution per die, the statistics-aware one, then the deployment
    /// stage's.
    /// </summary>
    private IEnumerable<WorkUnit> Units(IReadOnlyList<Die> dies)
    {
        yield return WorkUnit.In(Regime.Software, "software", "software baseline", config);
        foreach (var die in dies)
            yield return WorkUnit.In(Regime.HardwareAware, HardwareAware(die), "hardware-aware (one per die)", config,
                die: die);
        yield return WorkUnit.In(Regime.StatisticsAware, "statistics-aware", "statistics-aware", config);
        foreach (var unit in ReproductionDeployment.Units(config, dies))
            yield return unit;
    }

    private static string HardwareAware(Die die) => $"hardware-aware-{die.Name}";

    private ReproductionResult Run(RunDirectory output, bool resume, bool merge,
        IProgress<ReproductionProgress>? progress, CancellationToken cancellation)
    {
        Validate();
        var (train, test) = RunData.Load(config.Net, config.Data);
        RunFolder.WriteConfig(output, config, resume);
        var dieDir = output.Subfolder("dies");
        var dies = new FabRun(config).Execute(dieDir, Count(progress, "fab", config.Experiment.Dies), writeConfig: false).Dies;
        var units = new WorkUnits(output, compute, _ => (train, test), Units(dies), cancellation);
        if (merge) units.Merge(progress);
        else units.Train(resume, progress);
        var software = units["software"];
        var hardwareAware = dies.Select(d => units[HardwareAware(d)]).ToList();
        var statistics = units["statistics-aware"];

        var evaluator = new DieEvaluator(compute);
        double baseline = new PackedInference(software, compute).Error(test);
        var softwareErrors = evaluator.Errors(software, dies, test);
        var statisticsErrors = evaluator.Errors(statistics, dies, test);
        var matrix = evaluator.Matrix(hardwareAware, dies, test, Count(progress, "evaluation on every die", dies.Count));
        var diagonal = Enumerable.Range(0, dies.Count).Select(i => matrix[i][i]).ToArray();
        int median = ReproductionAnalysis.MedianDie(dies);
        var analysis = new ReproductionAnalysis(config, compute, test)
            .Run(software, hardwareAware[median], dies[median].Name, statistics, output, progress);
        // Every training of the deployment stage has finished above, so the stage loads them (resume) rather than
        // training.
        var deployment = new ReproductionDeployment(config, compute, output, train, test, resume: true, cancellation)
            .Run(dies, software, statistics, hardwareAware, progress);
        string[] ownStages = ["software", "statistics-aware", .. dies.Select(HardwareAware)];
        var histories = ownStages.ToDictionary(name => name, name => units.Histories[name]);
        var result = new ReproductionResult(config.Seed, baseline, softwareErrors, diagonal, statisticsErrors, matrix, dies,
            histories, analysis, Describe(), deployment);

        JsonConventions.Write(output.FilePath("results.json"), result.ToJson());
        JsonConventions.Write(output.FilePath("timing.json"), deployment.TimingJson());
        ReproductionPlots.DieErrors(result, output.FilePath("die-errors.png"));
        ReproductionPlots.TransferMatrix(result, output.FilePath("transfer-matrix.png"));
        ReproductionPlots.ErrorVersusDefects(result, output.FilePath("error-vs-defects.png"));
        ReproductionPlots.TrainingCurves(result, output.FilePath("training-curves.png"));
        DeploymentPlots.ErrorAgainstCost(deployment, output.FilePath("deployment.png"));
        AtomicFile.WriteAllText(output.FilePath("report.html"), ReproductionReport.Html(result, output.Path));
        return result;
    }

    private RunDescription Describe() => new(config.Device.Name, config.Array.ToString(), config.Net.Shape,
        config.Training.Epochs, config.Training.K, config.Training.Saturation, ConfigFile.ToJson(config));

    /// <summary>Forwards a count of finished items as stage progress.</summary>
    internal static IProgress<int> Count(IProgress<ReproductionProgress>? target, string stage, int total) =>
        new CallbackProgress<int>(done => target?.Report(new ReproductionProgress(stage, done, total)));
}
