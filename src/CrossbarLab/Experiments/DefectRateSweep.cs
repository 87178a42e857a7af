using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.Compute;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Reporting;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>One population of a defect-rate sweep and how the two solutions fare on it.</summary>
/// <param name="Rate">Population-mean fraction of defective devices the statistics were scaled to.</param>
/// <param name="DieRates">Fraction of defective devices of each die drawn at that rate.</param>
/// <param name="StatisticsAwareIdealError">Test error of the statistics-aware solution without defects.</param>
/// <param name="Software">Test error of the software solution on each die.</param>
/// <param name="StatisticsAware">Test error of the statistics-aware solution trained for this population, on each die.</param>
public sealed record RateSweepPoint(double Rate, double[] DieRates, double StatisticsAwareIdealError, double[] Software, double[] StatisticsAware);

/// <summary>
/// <c>crossbar sweep defect-rate</c>: how much defect density statistics-aware training absorbs. For each population-mean
/// rate the configured statistics are scaled to it (mix of kinds, die-to-die spread and clean-die fraction kept), a
/// population of dies is drawn, a statistics-aware solution is trained on that population's statistics, and it and the
/// one software solution are evaluated on those dies; each point says whether the reference paper's two claims hold there.
/// </summary>
/// <remarks>
/// Every population is drawn with the run's seed, so the dies differ only by their rate (common random numbers): a die's
/// defects at a higher rate include its defects at a lower one, and the curve is smooth rather than noisy. Hardware-aware
/// solutions are left out: they recover their own die at every rate (see <c>crossbar reproduce</c>) and would cost one
/// training per die per rate.
/// </remarks>
public sealed class DefectRateSweep(ReproductionConfig config, double[] rates, string dataFolder, ICompute compute)
{
    /// <summary>Rates (fractions of devices) used when none are given: from a few defective devices per die to twice the reference population.</summary>
    public static double[] DefaultRates { get; } = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02];

    /// <summary>Throws <see cref="InvalidConfigurationException"/> unless there is at least one rate and every rate is a fraction in [0, 0.5].</summary>
    public static void CheckRates(IReadOnlyCollection<double> rates)
    {
        if (rates.Count == 0 || rates.Any(r => !(r >= 0 && r <= 0.5)))
            throw new InvalidConfigurationException("--rates must be fractions of defective devices in [0, 0.5], e.g. 0.001,0.005,0.01 (0.01 = 1 %).");
    }

    /// <summary>Runs the sweep into <paramref name="output"/> (config.json, results.json, two figures); resumable per training.</summary>
    public (double BaselineTestError, IReadOnlyList<RateSweepPoint> Points) Run(RunDirectory output, bool resume,
        IProgress<ReproductionProgress>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        CheckRates(rates);
        var populations = rates.Select(config.Statistics.AtPointRate).ToArray();
        RunConfig.Write(output, new JsonObject
        {
            ["command"] = "sweep defect-rate", ["crossbarlab_version"] = TrainRun.Version, ["backend"] = compute.Name, ["seed"] = config.Seed,
            ["data"] = Path.GetFullPath(dataFolder),
            ["rates"] = new JsonArray(rates.Select(r => (JsonNode)r).ToArray()), ["config"] = JsonSerializer.SerializeToNode(config),
        }, resume);
        var mapping = DifferentialMapping.Create(config.Network.Widths, config.Geometry);
        var (train, test) = TrainRun.LoadData(config.Network, dataFolder);
        var stages = new StagedTraining(output, config.Network, config.Training, compute, train, test, resume, cancellation);
        var software = stages.Train("software", new NoDefects(config.Network.LayerCount), StagedTraining.StageSteps(progress, "software baseline"));
        double baseline = new PackedInference(software, compute).Error(test);
        var evaluator = new DieEvaluator(compute);
        var points = new List<RateSweepPoint>();
        const string stage = "statistics-aware, one per rate";
        progress?.Report(new ReproductionProgress(stage, 0, rates.Length));
        for (int i = 0; i < rates.Length; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var dies = new Fab(populations[i], config.Device, config.Geometry).MakeDies(config.Dies, config.Seed);
            var sampler = new DefectSampler(populations[i], config.Device, mapping, config.Saturation);
            var network = stages.Train($"statistics-aware-rate-{Label(rates[i])}",
                new SampledDefects(sampler, config.K, 0, config.Seed, populations[i].ToString()),
                StagedTraining.StageSteps(progress, $"statistics-aware at {100 * rates[i]:G4} % defective devices"));
            points.Add(new RateSweepPoint(rates[i], dies.Select(d => d.Defects.DefectRate).ToArray(), new PackedInference(network, compute).Error(test),
                evaluator.Errors(software, dies, test), evaluator.Errors(network, dies, test)));
            progress?.Report(new ReproductionProgress(stage, i + 1, rates.Length));
        }
        Json.Write(output.FilePath("results.json"), Results(baseline, points));
        SweepPlots.DefectRate(baseline, points, output.FilePath("defect-rate-sweep.png"));
        SweepPlots.SpreadReduction(points, output.FilePath("defect-rate-spread.png"));
        return (baseline, points);
    }

    /// <summary>results.json: per rate, both solutions' summaries on the dies and the paper's two claims.</summary>
    public JsonObject Results(double baseline, IReadOnlyList<RateSweepPoint> points)
    {
        JsonObject Method(double[] errors) => ErrorSummary.WithDieErrors(errors, baseline);
        return new JsonObject
        {
            ["command"] = "sweep defect-rate",
            ["seed"] = config.Seed,
            ["baseline_test_error"] = baseline,
            ["k"] = config.K,
            ["points"] = new JsonArray(points.Select(p =>
            {
                var claims = StatisticsAwareClaims.Of(ErrorSummary.Of(p.Software), ErrorSummary.Of(p.StatisticsAware), baseline);
                var statistics = Method(p.StatisticsAware);
                statistics["ideal_test_error"] = p.StatisticsAwareIdealError;
                var point = new JsonObject
                {
                    ["rate"] = p.Rate,
                    ["mean_die_defect_rate"] = p.DieRates.Average(),
                    ["die_defect_rates"] = new JsonArray(p.DieRates.Select(r => (JsonNode)r).ToArray()),
                    ["software"] = Method(p.Software),
                    ["statistics_aware"] = statistics,
                };
                claims.AddTo(point);
                return (JsonNode)point;
            }).ToArray()),
        };
    }

    /// <summary>A rate as it appears in stage names: invariant, shortest round-trip form.</summary>
    private static string Label(double rate) => rate.ToString("R", CultureInfo.InvariantCulture);
}
