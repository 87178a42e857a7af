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

/// <summary>One point of a saturation sweep: the training saturation (null = device-derived) and the solution's errors.</summary>
public sealed record SweepPoint(double? Saturation, double IdealTestError, double[] DieErrors);

/// <summary>A saturation sweep: the software baseline's ideal error and die errors, for comparison, and one point per value.</summary>
public sealed record SaturationSweepResult(double BaselineTestError, double[] Software, IReadOnlyList<SweepPoint> Points);

/// <summary>
/// <c>crossbar sweep saturation</c>: statistics-aware solutions trained with each saturation value (the value a single
/// shorted device forces on its weight during training), and the device-derived value as reference, all evaluated on the
/// same population of dies with the dies' own physics, so a user can pick the trade-off between ideal accuracy and robustness.
/// The software solution is trained and evaluated on the same dies too, so every point can be checked against the paper's claims.
/// </summary>
public sealed class SaturationSweep(ReproductionConfig config, double[] values, string dataFolder, ICompute compute)
{
    /// <summary>Runs the sweep into <paramref name="output"/> (config.json, results.json, saturation-sweep.png); resumable per training.</summary>
    public SaturationSweepResult Run(RunDirectory output, bool resume, IProgress<ReproductionProgress>? progress = null, CancellationToken cancellation = default)
    {
        config.Validate();
        if (values.Length == 0 || values.Any(v => !(v > 0 && v < 1000)))
            throw new InvalidConfigurationException("--values must be positive saturation values, e.g. 1,2,4,8.");
        RunConfig.Write(output, new JsonObject
        {
            ["command"] = "sweep saturation", ["crossbarlab_version"] = TrainRun.Version, ["backend"] = compute.Name, ["seed"] = config.Seed,
            ["values"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()), ["config"] = JsonSerializer.SerializeToNode(config),
        }, resume);
        var mapping = DifferentialMapping.Create(config.Network.Widths, config.Geometry);
        var dies = new Fab(config.Statistics, config.Device, config.Geometry).MakeDies(config.Dies, config.Seed);
        var (train, test) = TrainRun.LoadData(config.Network, dataFolder);
        var stages = new StagedTraining(output, config.Network, config.Training, compute, train, test, resume, cancellation);
        var evaluator = new DieEvaluator(compute);
        var software = stages.Train("software", new NoDefects(config.Network.LayerCount), StagedTraining.StageSteps(progress, "software baseline"));
        double baseline = new PackedInference(software, compute).Error(test);
        var softwareErrors = evaluator.Errors(software, dies, test);
        var points = new List<SweepPoint>();
        double?[] all = [null, .. values.Select(v => (double?)v)];
        for (int i = 0; i < all.Length; i++)
        {
            double? s = all[i];
            var sampler = new DefectSampler(config.Statistics, config.Device, mapping, s);
            string label = s is double v ? v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : "device";
            var network = stages.Train($"statistics-aware-saturation-{label}",
                new SampledDefects(sampler, config.K, 0, config.Seed, config.Statistics.ToString()),
                StagedTraining.StageSteps(progress, $"statistics-aware, saturation {(s == null ? "device-derived" : label)}"));
            points.Add(new SweepPoint(s, new PackedInference(network, compute).Error(test), evaluator.Errors(network, dies, test)));
            progress?.Report(new ReproductionProgress("statistics-aware training per saturation value", i + 1, all.Length));
        }
        var softwareSummary = ErrorSummary.Of(softwareErrors);
        Json.Write(output.FilePath("results.json"), new JsonObject
        {
            ["command"] = "sweep saturation",
            ["seed"] = config.Seed,
            ["baseline_test_error"] = baseline,
            ["software"] = ErrorSummary.WithDieErrors(softwareErrors, baseline),
            ["points"] = new JsonArray(points.Select(p =>
            {
                var claims = StatisticsAwareClaims.Of(softwareSummary, ErrorSummary.Of(p.DieErrors), baseline);
                var o = ErrorSummary.WithDieErrors(p.DieErrors, baseline);
                o["saturation"] = p.Saturation;
                o["ideal_test_error"] = p.IdealTestError;
                claims.AddTo(o);
                return (JsonNode)o;
            }).ToArray()),
        });
        var result = new SaturationSweepResult(baseline, softwareErrors, points);
        SweepPlots.Saturation(result, output.FilePath("saturation-sweep.png"));
        return result;
    }
}
