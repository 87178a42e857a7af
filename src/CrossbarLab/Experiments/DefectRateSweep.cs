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
    : ShardedExperiment<DefectRateSweepResult>
{
    private protected override RunConfig Config => config;

    private protected override ICompute Compute => compute;

    /// <summary>The software solution, then one statistics-aware solution per rate.</summary>
    private protected override IEnumerable<WorkUnit> Units()
    {
        yield return WorkUnit.In(Regime.Software, "software", "software baseline", config);
        foreach (double rate in config.Experiment.Rates)
            yield return WorkUnit.In(Regime.StatisticsAware, $"statistics-aware-rate-{Label(rate)}",
                $"statistics-aware at {100 * rate:G4} % defective devices", config,
                    config.Population.AtPointRate(rate));
    }

    private static string Label(double rate) => rate.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Evaluates each rate's dies and writes results.json and the two figures.</summary>
    private protected override DefectRateSweepResult Finish(RunDirectory output, WorkUnits units,
        Func<RunConfig, (EncodedSet Train, EncodedSet Test)> data, IProgress<ReproductionProgress>? progress,
        CancellationToken cancellation)
    {
        double[] rates = config.Experiment.Rates;
        var populations = rates.Select(config.Population.AtPointRate).ToArray();
        var test = data(config).Test;
        var software = units["software"];
        double baseline = new PackedInference(software, compute).Error(test);
        var evaluator = new DieEvaluator(compute);
        var points = new List<RateSweepPoint>();
        const string stage = "evaluation, one rate at a time";
        for (int i = 0; i < rates.Length; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var dies = new Fab(populations[i], config.Device, config.Array).MakeDies(config.Experiment.Dies, config.DieSeed);
            var network = units[$"statistics-aware-rate-{Label(rates[i])}"];
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
