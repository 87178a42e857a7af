using System.Globalization;
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
/// <c>crossbar sweep saturation</c>: statistics-aware solutions trained with each saturation value of
/// <c>experiment.saturation_values</c> (the value a single shorted device forces on its weight during training), and the
/// device-derived value as reference, all evaluated on the same population of dies with the dies' own physics, so a user
/// can pick the trade-off between ideal accuracy and robustness. The software solution is trained and evaluated on the
/// same dies too, so every point can be checked against the paper's claims.
/// </summary>
public sealed class SaturationSweep(RunConfig config, ICompute compute) : IShardedExperiment
{
    /// <inheritdoc/>
    public void Validate()
    {
        config.Validate();
        EffectiveWeights.Mapping(config.Net, config.Array);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> UnitNames() => [.. Units().Select(u => u.Name)];

    /// <summary>
    /// Runs the sweep into <paramref name="output"/> (config.json, results.json, saturation-sweep.png); resumable per
    /// training.
    /// </summary>
    public SaturationSweepResult Run(RunDirectory output, bool resume, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default) => Run(output, resume, merge: false, progress, cancellation);

    /// <summary>Merges the sharded run in <paramref name="output"/>: every unit must have finished.</summary>
    public SaturationSweepResult Merge(RunDirectory output, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default) => Run(output, resume: true, merge: true, progress, cancellation);

    /// <inheritdoc/>
    public ShardReport RunShard(RunDirectory output, Shard shard, IProgress<ReproductionProgress>? progress = null,
        IProgress<UnitOutcome>? outcomes = null, CancellationToken cancellation = default)
    {
        Validate();
        var (train, test) = RunData.Load(config.Net, config.Data);
        RunFolder.WriteShared(output, config, cancellation);
        return new WorkUnits(output, compute, _ => (train, test), Units(), cancellation).TrainShard(shard, progress,
            outcomes);
    }

    /// <summary>The device-derived saturation first (null), then the configured values.</summary>
    private double?[] Values() => [null, .. config.Experiment.SaturationValues.Select(v => (double?)v)];

    private static string Label(double? s) => s is double v ? v.ToString("G6", CultureInfo.InvariantCulture) : "device";

    /// <summary>The software solution, then one statistics-aware solution per saturation value.</summary>
    private IEnumerable<WorkUnit> Units()
    {
        yield return WorkUnit.In(Regime.Software, "software", "software baseline", config);
        foreach (double? s in Values())
            yield return new WorkUnit($"statistics-aware-saturation-{Label(s)}",
                $"statistics-aware, saturation {(s == null ? "device-derived" : Label(s))}", config,
                config.Training with { Regime = Regime.StatisticsAware, Saturation = s });
    }

    private SaturationSweepResult Run(RunDirectory output, bool resume, bool merge,
        IProgress<ReproductionProgress>? progress, CancellationToken cancellation)
    {
        Validate();
        var (train, test) = RunData.Load(config.Net, config.Data);
        RunFolder.WriteConfig(output, config, resume);
        var dies = new Fab(config.Population, config.Device, config.Array).MakeDies(config.Experiment.Dies, config.DieSeed);
        var units = new WorkUnits(output, compute, _ => (train, test), Units(), cancellation);
        if (merge) units.Merge(progress);
        else units.Train(resume, progress);
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
