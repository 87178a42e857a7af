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
public sealed class SaturationSweep(RunConfig config, ICompute compute)
{
    /// <summary>Runs the sweep into <paramref name="output"/> (config.json, results.json, saturation-sweep.png); resumable per training.</summary>
    public SaturationSweepResult Run(RunDirectory output, bool resume, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        config.Validate();
        EffectiveWeights.Mapping(config.Net, config.Array);
        var (train, test) = RunData.Load(config.Net, config.Data);
        RunFolder.WriteConfig(output, config, resume);
        var dies = new Fab(config.Population, config.Device, config.Array).MakeDies(config.Experiment.Dies, config.DieSeed);
        var stages = new StagedTraining(output, config, compute, train, test, resume, cancellation);
        var evaluator = new DieEvaluator(compute);
        var software = stages.Train("software", stages.In(Regime.Software), StagedTraining.StageSteps(progress, "software baseline"));
        double baseline = new PackedInference(software, compute).Error(test);
        var softwareErrors = evaluator.Errors(software, dies, test);
        var points = new List<SweepPoint>();
        double?[] all = [null, .. config.Experiment.SaturationValues.Select(v => (double?)v)];
        for (int i = 0; i < all.Length; i++)
        {
            double? s = all[i];
            string label = s is double v ? v.ToString("G6", CultureInfo.InvariantCulture) : "device";
            var options = stages.In(Regime.StatisticsAware) with { Saturation = s };
            string stage = $"statistics-aware, saturation {(s == null ? "device-derived" : label)}";
            var network = stages.Train($"statistics-aware-saturation-{label}", options, StagedTraining.StageSteps(progress, stage));
            points.Add(new SweepPoint(s, new PackedInference(network, compute).Error(test), evaluator.Errors(network, dies, test)));
            progress?.Report(new ReproductionProgress("statistics-aware training per saturation value", i + 1, all.Length));
        }
        var result = new SaturationSweepResult(config.Seed, baseline, softwareErrors, points);
        JsonConventions.Write(output.FilePath("results.json"), result.ToJson());
        SweepPlots.Saturation(result, output.FilePath("saturation-sweep.png"));
        return result;
    }
}
