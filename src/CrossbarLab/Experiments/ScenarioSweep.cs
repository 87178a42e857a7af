using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Deployment;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Reporting;
using CrossbarLab.Results;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// <c>crossbar sweep scenarios</c>: the pre-declared grid of <see cref="Scenario.Grid"/> (24 scenarios). For each, the software
/// baseline's ideal error, the software solution and a statistics-aware solution on the scenario's dies, each with and without
/// per-die offset calibration, and whether the reference paper's claims hold. Every population is drawn with the run's seed
/// (common random numbers: the dies of two scenarios with the same population differ only in their physics), and a
/// software solution is trained once per network (placement × encoding), since no defect reaches it.
/// </summary>
public sealed class ScenarioSweep(RunConfig config, ICompute compute) : ShardedExperiment<ScenarioSweepResult>
{
    private protected override RunConfig Config => config;

    private protected override ICompute Compute => compute;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        foreach (var scenario in Scenario.Grid)
            scenario.Apply(config).Validate();
    }

    /// <summary>
    /// In grid order, each scenario's statistics-aware solution, preceded by its network's software solution where the
    /// network (placement × encoding) first appears: no defect reaches a software solution, so one serves every
    /// scenario.
    /// </summary>
    private protected override IEnumerable<WorkUnit> Units()
    {
        var networks = new HashSet<string>();
        foreach (var scenario in Scenario.Grid)
        {
            var sc = scenario.Apply(config);
            if (networks.Add(scenario.NetworkKey))
                yield return WorkUnit.In(Regime.Software, $"software-{scenario.NetworkKey}",
                    $"software, {scenario.NetworkKey}", sc);
            yield return WorkUnit.In(Regime.StatisticsAware, $"statistics-aware-{scenario.Key}",
                $"statistics-aware, {scenario.Key}", sc);
        }
    }

    /// <summary>MNIST in a scenario's preprocessing, read once and encoded once per preprocessing.</summary>
    private protected override Func<RunConfig, (EncodedSet Train, EncodedSet Test)> Data()
    {
        string folder = Mnist.FindFolder(config.Data);
        var (trainImages, testImages) = (Mnist.LoadTrain(folder), Mnist.LoadTest(folder));
        var sets = new Dictionary<Preprocessing, (EncodedSet Train, EncodedSet Test)>();
        return sc =>
        {
            var pre = sc.Net.Preprocessing;
            if (!sets.TryGetValue(pre, out var data))
                sets[pre] = data = (pre.Apply(trainImages), pre.Apply(testImages));
            return data;
        };
    }

    /// <summary>Evaluates every scenario on its dies and writes results.json, scenarios.png and report.html.</summary>
    private protected override ScenarioSweepResult Finish(RunDirectory output, WorkUnits units,
        Func<RunConfig, (EncodedSet Train, EncodedSet Test)> data, IProgress<ReproductionProgress>? progress,
        CancellationToken cancellation)
    {
        var baselines = new Dictionary<string, double>();
        var results = new List<ScenarioResult>();
        const string stage = "scenarios";
        progress?.Report(new ReproductionProgress(stage, 0, Scenario.Grid.Count));
        foreach (var scenario in Scenario.Grid)
        {
            cancellation.ThrowIfCancellationRequested();
            var sc = scenario.Apply(config);
            var (train, test) = data(sc);
            var software = units[$"software-{scenario.NetworkKey}"];
            if (!baselines.TryGetValue(scenario.NetworkKey, out double baseline))
                baselines[scenario.NetworkKey] = baseline = new PackedInference(software, compute).Error(test);
            var statistics = units[$"statistics-aware-{scenario.Key}"];
            results.Add(Evaluate(scenario, sc, software, baseline, statistics, train, test));
            progress?.Report(new ReproductionProgress(stage, results.Count, Scenario.Grid.Count));
        }
        var result = new ScenarioSweepResult(config.Seed, config.Training.K, config.Experiment.Dies, results);
        JsonConventions.Write(output.FilePath("results.json"), result.ToJson());
        SweepPlots.Scenarios(result, output.FilePath("scenarios.png"));
        AtomicFile.WriteAllText(output.FilePath("report.html"), ScenarioReport.Html(result, ConfigFile.ToJson(config), output.Path));
        return result;
    }

    /// <summary>Both solutions on the scenario's dies, plain and calibrated (on the first training images).</summary>
    private ScenarioResult Evaluate(Scenario scenario, RunConfig sc, BinaryNetwork software, double baseline, BinaryNetwork statistics,
        EncodedSet train, EncodedSet test)
    {
        var dies = new Fab(sc.Population, sc.Device, sc.Array).MakeDies(sc.Experiment.Dies, sc.DieSeed);
        var plain = new DieEvaluator(compute, sc.Evaluation.Level, sc.Seed);
        var calibrated = new CalibratedEvaluator(compute, train.Take(sc.Evaluation.CalibrationImages), sc.Evaluation.Level, sc.Seed);
        var switches = new ScenarioSwitches(scenario.Key, scenario.OnDieName, scenario.EncodingName, sc.Net.HasOffsets, scenario.Short.Name(),
            DefectEffects.SingleShort(sc.Device).IfPlus, scenario.PopulationName);
        return new ScenarioResult(switches, baseline, new PackedInference(statistics, compute).Error(test),
            dies.Select(d => d.Defects.DefectRate).ToArray(),
            plain.Errors(software, dies, test), plain.Errors(statistics, dies, test),
            calibrated.Errors(software, dies, test), calibrated.Errors(statistics, dies, test));
    }
}
