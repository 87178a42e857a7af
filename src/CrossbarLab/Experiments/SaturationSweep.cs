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

/// <summary>
/// <c>crossbar sweep saturation</c>: statistics-aware solutions trained with each saturation value (the value a single
/// shorted device forces on its weight during training), and the device-derived value as reference, all evaluated on the
/// same population of dies with the dies' own physics, so a user can pick the trade-off between ideal accuracy and robustness.
/// </summary>
public sealed class SaturationSweep(ReproductionConfig config, double[] values, string dataFolder, ICompute compute)
{
    /// <summary>Runs the sweep into <paramref name="output"/> (results.json, saturation-sweep.png); resumable per value.</summary>
    public IReadOnlyList<SweepPoint> Run(RunDirectory output, bool resume, IProgress<ReproductionProgress>? progress = null, CancellationToken cancellation = default)
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
        Json.Write(output.FilePath("results.json"), new JsonObject
        {
            ["command"] = "sweep saturation",
            ["seed"] = config.Seed,
            ["points"] = new JsonArray(points.Select(p =>
            {
                var o = ErrorSummary.Of(p.DieErrors).ToJson();
                o.Remove("gap_to_baseline");
                o["saturation"] = p.Saturation;
                o["ideal_test_error"] = p.IdealTestError;
                o["die_errors"] = new JsonArray(p.DieErrors.Select(e => (JsonNode)e).ToArray());
                return (JsonNode)o;
            }).ToArray()),
        });
        SweepPlots.Saturation(points, output.FilePath("saturation-sweep.png"));
        return points;
    }
}
