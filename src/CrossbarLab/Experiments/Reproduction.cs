using CrossbarLab.Compute;
using CrossbarLab.Data;
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
public sealed class Reproduction(RunConfig config, ICompute compute) : ShardedExperiment<ReproductionResult>
{
    /// <summary>The dies: written to dies/ by a whole run or merge (<see cref="Prepare"/>), drawn in memory by a shard.</summary>
    private IReadOnlyList<Die>? _dies;

    private protected override RunConfig Config => config;

    private protected override ICompute Compute => compute;

    private IReadOnlyList<Die> Dies =>
        _dies ??= new Fab(config.Population, config.Device, config.Array).MakeDies(config.Experiment.Dies, config.DieSeed);

    /// <summary>Throws <see cref="InvalidConfigurationException"/> unless the configuration can be reproduced.</summary>
    public override void Validate()
    {
        base.Validate();
        if (config.Experiment.Dies < 2)
            throw new InvalidConfigurationException($"{ExperimentSettings.Section}.dies", config.Experiment.Dies,
                "a reproduction needs at least 2 dies (the transfer matrix compares dies).");
    }

    /// <summary>Draws the dies and writes them to dies/, once per run (a shard's are never written).</summary>
    private protected override void Prepare(RunDirectory output, IProgress<ReproductionProgress>? progress)
    {
        var fab = new FabRun(config);
        var count = Count(progress, "fab", config.Experiment.Dies);
        _dies = fab.Execute(output.Subfolder("dies"), count, writeConfig: false).Dies;
    }

    /// <summary>
    /// The software solution, one hardware-aware solution per die, the statistics-aware one, then the deployment
    /// stage's.
    /// </summary>
    private protected override IEnumerable<WorkUnit> Units()
    {
        var dies = Dies;
        yield return WorkUnit.In(Regime.Software, "software", "software baseline", config);
        foreach (var die in dies)
            yield return WorkUnit.In(Regime.HardwareAware, HardwareAware(die), "hardware-aware (one per die)", config,
                die: die);
        yield return WorkUnit.In(Regime.StatisticsAware, "statistics-aware", "statistics-aware", config);
        foreach (var unit in ReproductionDeployment.Units(config, dies))
            yield return unit;
    }

    private static string HardwareAware(Die die) => $"hardware-aware-{die.Name}";

    /// <summary>
    /// Evaluates every solution on every die, runs the analysis and the deployment stage, and writes results.json,
    /// timing.json, the figures and report.html.
    /// </summary>
    private protected override ReproductionResult Finish(RunDirectory output, WorkUnits units,
        Func<RunConfig, (EncodedSet Train, EncodedSet Test)> data, IProgress<ReproductionProgress>? progress,
        CancellationToken cancellation)
    {
        var (train, test) = data(config);
        var dies = Dies;
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
