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
public sealed class Reproduction(RunConfig config, ICompute compute)
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

    /// <summary>Runs every stage into <paramref name="output"/>.</summary>
    public ReproductionResult Run(RunDirectory output, bool resume, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        Validate();
        var (train, test) = RunData.Load(config.Net, config.Data);
        RunFolder.WriteConfig(output, config, resume);
        var dieDir = output.Subfolder("dies");
        var dies = new FabRun(config).Execute(dieDir, Count(progress, "fab", config.Experiment.Dies), writeConfig: false).Dies;
        var stages = new StagedTraining(output, config, compute, train, test, resume, cancellation);
        BinaryNetwork Stage(string name, TrainingOptions options, string stage, Die? die = null, int done = 0, int total = 1)
        {
            var network = stages.Train(name, options, total == 1 ? StagedTraining.StageSteps(progress, stage) : null, die: die);
            progress?.Report(new ReproductionProgress(stage, total == 1 ? 1 : done + 1, total));
            return network;
        }

        var software = Stage("software", stages.In(Regime.Software), "software baseline");
        var hardwareAware = new List<BinaryNetwork>();
        for (int d = 0; d < dies.Count; d++)
            hardwareAware.Add(Stage($"hardware-aware-{dies[d].Name}", stages.In(Regime.HardwareAware),
                "hardware-aware (one per die)", dies[d], d, dies.Count));
        var statistics = Stage("statistics-aware", stages.In(Regime.StatisticsAware), "statistics-aware");

        var evaluator = new DieEvaluator(compute);
        double baseline = new PackedInference(software, compute).Error(test);
        var softwareErrors = evaluator.Errors(software, dies, test);
        var statisticsErrors = evaluator.Errors(statistics, dies, test);
        var matrix = evaluator.Matrix(hardwareAware, dies, test, Count(progress, "evaluation on every die", dies.Count));
        var diagonal = Enumerable.Range(0, dies.Count).Select(i => matrix[i][i]).ToArray();
        int median = ReproductionAnalysis.MedianDie(dies);
        var analysis = new ReproductionAnalysis(config, compute, test)
            .Run(software, hardwareAware[median], dies[median].Name, statistics, output, progress);
        var haSeconds = dies.Select(d => stages.Histories[$"hardware-aware-{d.Name}"].Sum(e => e.Seconds)).ToArray();
        var deployment = new ReproductionDeployment(config, compute, output, train, test, resume, cancellation)
            .Run(dies, software, statistics, hardwareAware, haSeconds, progress);
        var result = new ReproductionResult(config.Seed, baseline, softwareErrors, diagonal, statisticsErrors, matrix, dies,
            stages.Histories, analysis, Describe(), deployment);

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
