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
/// <c>crossbar sweep defect-rate</c>: how much defect density statistics-aware training absorbs. For each population-mean
/// rate of <c>experiment.rates</c> the configured statistics are scaled to it (mix of kinds, die-to-die spread and
/// clean-die fraction kept), a population of dies is drawn, a statistics-aware solution is trained on that population's
/// statistics, and it and the one software solution are evaluated on those dies; each point says whether the reference
/// paper's two claims hold there.
/// </summary>
/// <remarks>
/// Every population is drawn with the run's seed, so the dies differ only by their rate (common random numbers): a die's
/// defects at a higher rate include its defects at a lower one, and the curve is smooth rather than noisy. Hardware-aware
/// solutions are left out: they recover their own die at every rate (see <c>crossbar reproduce</c>) and would cost one
/// training per die per rate.
/// </remarks>
public sealed class DefectRateSweep(RunConfig config, ICompute compute)
{
    /// <summary>Runs the sweep into <paramref name="output"/> (config.json, results.json, two figures); resumable per training.</summary>
    public DefectRateSweepResult Run(RunDirectory output, bool resume, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        config.Validate();
        double[] rates = config.Experiment.Rates;
        var populations = rates.Select(config.Population.AtPointRate).ToArray();
        EffectiveWeights.Mapping(config.Net, config.Array);
        var (train, test) = RunData.Load(config.Net, config.Data);
        RunFolder.WriteConfig(output, config, resume);
        var stages = new StagedTraining(output, config, compute, train, test, resume, cancellation);
        var software = stages.Train("software", stages.In(Regime.Software), StagedTraining.StageSteps(progress, "software baseline"));
        double baseline = new PackedInference(software, compute).Error(test);
        var evaluator = new DieEvaluator(compute);
        var points = new List<RateSweepPoint>();
        const string stage = "statistics-aware, one per rate";
        progress?.Report(new ReproductionProgress(stage, 0, rates.Length));
        for (int i = 0; i < rates.Length; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var dies = new Fab(populations[i], config.Device, config.Array).MakeDies(config.Experiment.Dies, config.DieSeed);
            string label = rates[i].ToString("R", CultureInfo.InvariantCulture);
            var network = stages.Train($"statistics-aware-rate-{label}", stages.In(Regime.StatisticsAware),
                StagedTraining.StageSteps(progress, $"statistics-aware at {100 * rates[i]:G4} % defective devices"), populations[i]);
            points.Add(new RateSweepPoint(rates[i], dies.Select(d => d.Defects.DefectRate).ToArray(),
                new PackedInference(network, compute).Error(test), evaluator.Errors(software, dies, test),
                evaluator.Errors(network, dies, test)));
            progress?.Report(new ReproductionProgress(stage, i + 1, rates.Length));
        }
        var result = new DefectRateSweepResult(config.Seed, baseline, config.Training.K, points);
        JsonConventions.Write(output.FilePath("results.json"), result.ToJson());
        SweepPlots.DefectRate(baseline, points, output.FilePath("defect-rate-sweep.png"));
        SweepPlots.SpreadReduction(points, output.FilePath("defect-rate-spread.png"));
        return result;
    }
}
