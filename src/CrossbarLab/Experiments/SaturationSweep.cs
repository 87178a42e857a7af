using System.Globalization;
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

/// <summary>
/// <c>crossbar sweep saturation</c>: statistics-aware solutions trained with each saturation value of
/// <c>experiment.saturation_values</c> (the value a single shorted device forces on its weight during training), and the
/// device-derived value as reference, all evaluated on the same population of dies with the dies' own physics, so a user
/// can pick the trade-off between ideal accuracy and robustness. The software solution is trained and evaluated on the
/// same dies too, so every point can be checked against the paper's claims.
/// </summary>
public sealed class SaturationSweep(RunConfig config, ICompute compute) : ShardedExperiment<SaturationSweepResult>
{
    private protected override RunConfig Config => config;

    private protected override ICompute Compute => compute;

    /// <summary>The device-derived saturation first (null), then the configured values.</summary>
    private double?[] Values() => [null, .. config.Experiment.SaturationValues.Select(v => (double?)v)];

    private static string Label(double? s) => s is double v ? v.ToString("G6", CultureInfo.InvariantCulture) : "device";

    /// <summary>The software solution, then one statistics-aware solution per saturation value.</summary>
    private protected override IEnumerable<WorkUnit> Units()
    {
        yield return WorkUnit.In(Regime.Software, "software", "software baseline", config);
        foreach (double? s in Values())
            yield return new WorkUnit($"statistics-aware-saturation-{Label(s)}",
                $"statistics-aware, saturation {(s == null ? "device-derived" : Label(s))}", config,
                config.Training with { Regime = Regime.StatisticsAware, Saturation = s });
    }

    /// <summary>Evaluates every solution on the dies and writes results.json and saturation-sweep.png.</summary>
    private protected override SaturationSweepResult Finish(RunDirectory output, WorkUnits units,
        Func<RunConfig, (EncodedSet Train, EncodedSet Test)> data, IProgress<ReproductionProgress>? progress,
        CancellationToken cancellation)
    {
        var test = data(config).Test;
        var dies = new Fab(config.Population, config.Device, config.Array).MakeDies(config.Experiment.Dies, config.DieSeed);
        var evaluator = new DieEvaluator(compute);
        var software = units["software"];
        double baseline = new PackedInference(software, compute).Error(test);
        var softwareErrors = evaluator.Errors(software, dies, test);
        var points = new List<SweepPoint>();
        double?[] all = Values();
        for (int i = 0; i < all.Length; i++)
        {
            var network = units[$"statistics-aware-saturation-{Label(all[i])}"];
            points.Add(new SweepPoint(all[i], new PackedInference(network, compute).Error(test),
                evaluator.Errors(network, dies, test)));
            progress?.Report(new ReproductionProgress("evaluation, one saturation value at a time", i + 1, all.Length));
        }
        var result = new SaturationSweepResult(config.Seed, baseline, softwareErrors, points);
        JsonConventions.Write(output.FilePath("results.json"), result.ToJson());
        SweepPlots.Saturation(result, output.FilePath("saturation-sweep.png"));
        return result;
    }
}
