using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Reporting;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>Progress of <c>crossbar reproduce</c>: <paramref name="Done"/> of <paramref name="Total"/> steps of a stage.</summary>
public readonly record struct ReproductionProgress(string Stage, int Done, int Total);

/// <summary>What a reproduction measured: the baseline, the three methods on every die, the transfer matrix.</summary>
/// <param name="BaselineTestError">Ideal test error of the software solution.</param>
/// <param name="Software">Test error of the software solution on each die.</param>
/// <param name="HardwareAware">Test error of each die's hardware-aware solution on its own die.</param>
/// <param name="StatisticsAware">Test error of the statistics-aware solution on each die.</param>
/// <param name="TransferMatrix">Row i: the hardware-aware solution of die i on every die.</param>
/// <param name="Dies">The population.</param>
/// <param name="Histories">Training history of every stage, by name.</param>
/// <param name="Analysis">The `analysis` section of results.json (sensitivity and sharpness per method); null if not run.</param>
public sealed record ReproductionResult(double BaselineTestError, double[] Software, double[] HardwareAware, double[] StatisticsAware,
    double[][] TransferMatrix, IReadOnlyList<Die> Dies, IReadOnlyDictionary<string, IReadOnlyList<EpochRecord>> Histories, JsonObject? Analysis = null);

/// <summary>
/// The reference paper's experiment, end to end: draw the dies; train the software baseline, one hardware-aware solution
/// per die and one statistics-aware solution; evaluate every solution on every die; write results.json, figures and
/// report.html. Each trained model is saved under models/ and each training checkpoints under checkpoints/, so a run
/// interrupted at any point continues with <c>--resume</c> and ends with the same numbers.
/// </summary>
public sealed class Reproduction(ReproductionConfig config, string dataFolder, ICompute compute)
{
    /// <summary>Runs every stage into <paramref name="output"/>.</summary>
    public ReproductionResult Run(RunDirectory output, bool resume, IProgress<ReproductionProgress>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        RunConfig.Write(output, new JsonObject
        {
            ["command"] = "reproduce",
            ["crossbarlab_version"] = TrainRun.Version,
            ["backend"] = compute.Name,
            ["seed"] = config.Seed,
            ["data"] = Path.GetFullPath(dataFolder),
            ["config"] = JsonSerializer.SerializeToNode(config),
        }, resume);
        var mapping = DifferentialMapping.Create(config.Network.Widths, config.Geometry);
        var dieDir = RunDirectory.Prepare(Path.Combine(output.Path, "dies"), force: true);
        var dies = new FabRun(config.Statistics, config.Device, config.Geometry, config.Dies, config.Seed, config.Network.Widths)
            .Execute(dieDir, Count(progress, "fab", config.Dies));
        var (train, test) = TrainRun.LoadData(config.Network, dataFolder);
        var stages = new StagedTraining(output, config.Network, config.Training, compute, train, test, resume, cancellation);
        BinaryNetwork Stage(string name, DefectSource source, string stage, int done, int total)
        {
            var network = stages.Train(name, source, total == 1 ? StagedTraining.StageSteps(progress, stage) : null);
            progress?.Report(new ReproductionProgress(stage, total == 1 ? 1 : done + 1, total == 1 ? 1 : total));
            return network;
        }

        var software = Stage("software", new NoDefects(config.Network.LayerCount), "software baseline", 0, 1);
        var hardwareAware = new List<BinaryNetwork>();
        for (int d = 0; d < dies.Count; d++)
            hardwareAware.Add(Stage($"hardware-aware-{dies[d].Name}", new FixedDefects(CellDefects.FromDie(dies[d], mapping, config.Saturation), dies[d].Name),
                "hardware-aware (one per die)", d, dies.Count));
        var sampler = new DefectSampler(config.Statistics, config.Device, mapping, config.Saturation);
        var statistics = Stage("statistics-aware", new SampledDefects(sampler, config.K, 0, config.Seed, config.Statistics.ToString()), "statistics-aware", 0, 1);

        var evaluator = new DieEvaluator(compute);
        double baseline = new PackedInference(software, compute).Error(test);
        var softwareErrors = evaluator.Errors(software, dies, test);
        var statisticsErrors = evaluator.Errors(statistics, dies, test);
        var matrix = evaluator.Matrix(hardwareAware, dies, test, Count(progress, "evaluation on every die", dies.Count));
        var diagonal = Enumerable.Range(0, dies.Count).Select(i => matrix[i][i]).ToArray();
        int median = ReproductionAnalysis.MedianDie(dies);
        var analysis = new ReproductionAnalysis(config, compute, test).Run(software, hardwareAware[median], dies[median].Name, statistics, output, progress);
        var result = new ReproductionResult(baseline, softwareErrors, diagonal, statisticsErrors, matrix, dies, stages.Histories, analysis);

        var json = Results(result);
        Json.Write(output.FilePath("results.json"), json);
        ReproductionPlots.DieErrors(result, output.FilePath("die-errors.png"));
        ReproductionPlots.TransferMatrix(result, output.FilePath("transfer-matrix.png"));
        ReproductionPlots.ErrorVersusDefects(result, output.FilePath("error-vs-defects.png"));
        ReproductionPlots.TrainingCurves(result, output.FilePath("training-curves.png"));
        AtomicFile.WriteAllText(output.FilePath("report.html"), ReproductionReport.Html(config, json, output.Path));
        return result;
    }

    /// <summary>results.json: the contract fields of DESIGN.md plus summaries and the comparison with the paper's claims.</summary>
    public JsonObject Results(ReproductionResult r)
    {
        JsonObject Method(double[] errors) => ErrorSummary.WithDieErrors(errors, r.BaselineTestError);
        var software = ErrorSummary.Of(r.Software, r.BaselineTestError);
        var statistics = ErrorSummary.Of(r.StatisticsAware, r.BaselineTestError);
        var hardware = ErrorSummary.Of(r.HardwareAware, r.BaselineTestError);
        var claims = StatisticsAwareClaims.Of(software, statistics, r.BaselineTestError);
        int n = r.Dies.Count;
        double offDiagonal = n < 2 ? double.NaN : Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(0, n).Where(j => j != i).Select(j => r.TransferMatrix[i][j])).Average();
        var hardwareJson = Method(r.HardwareAware);
        hardwareJson["mean_on_other_dies"] = offDiagonal;
        return new JsonObject
        {
            ["command"] = "reproduce",
            ["seed"] = config.Seed,
            ["baseline_test_error"] = r.BaselineTestError,
            ["dies"] = new JsonArray(r.Dies.Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d.Name, ["defect_rate"] = d.Defects.DefectRate, ["defective_devices"] = d.Defects.DefectiveDevices,
            }).ToArray()),
            ["methods"] = new JsonObject
            {
                ["software"] = Method(r.Software),
                ["hardware_aware"] = hardwareJson,
                ["statistics_aware"] = Method(r.StatisticsAware),
            },
            ["transfer_matrix"] = new JsonArray(r.TransferMatrix.Select(row => (JsonNode)new JsonArray(row.Select(e => (JsonNode)e).ToArray())).ToArray()),
            ["paper_claims"] = new JsonObject
            {
                ["statistics_aware_gap_to_baseline"] = claims.GapToBaseline,
                ["statistics_aware_within_2_percent"] = claims.WithinGap,
                ["spread_reduction_software_over_statistics_aware"] = claims.SpreadReduction,
                ["spread_reduced_at_least_5x"] = claims.SpreadReduced,
                ["hardware_aware_gap_on_own_die"] = hardware.GapToBaseline,
                ["hardware_aware_within_2_percent_on_own_die"] = hardware.GapToBaseline <= StatisticsAwareClaims.MaxGap,
                ["hardware_aware_mean_on_other_dies"] = offDiagonal,
            },
            ["analysis"] = r.Analysis?.DeepClone(),
        };
    }

    /// <summary>Forwards a count of finished items as stage progress.</summary>
    private static IProgress<int> Count(IProgress<ReproductionProgress>? target, string stage, int total) =>
        new CallbackProgress<int>(done => target?.Report(new ReproductionProgress(stage, done, total)));
}
