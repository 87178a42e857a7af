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
public sealed class ScenarioSweep(RunConfig config, ICompute compute)
{
    /// <summary>Runs the grid into <paramref name="output"/>: config.json, results.json, scenarios.png, report.html; resumable per training.</summary>
    public ScenarioSweepResult Run(RunDirectory output, bool resume, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        config.Validate();
        foreach (var scenario in Scenario.Grid) scenario.Apply(config).Validate();
        EffectiveWeights.Mapping(config.Net, config.Array);
        string folder = Mnist.FindFolder(config.Data);
        var (trainImages, testImages) = (Mnist.LoadTrain(folder), Mnist.LoadTest(folder));
        RunFolder.WriteConfig(output, config, resume);
        var sets = new Dictionary<InputEncoding, (EncodedSet Train, EncodedSet Test)>();
        var softwareByNetwork = new Dictionary<string, (BinaryNetwork Network, double Baseline)>();
        var results = new List<ScenarioResult>();
        const string stage = "scenarios";
        progress?.Report(new ReproductionProgress(stage, 0, Scenario.Grid.Count));
        foreach (var scenario in Scenario.Grid)
        {
            cancellation.ThrowIfCancellationRequested();
            var sc = scenario.Apply(config);
            if (!sets.TryGetValue(scenario.Encoding, out var data))
            {
                var pre = sc.Net.Preprocessing;
                sets[scenario.Encoding] = data = (pre.Apply(trainImages), pre.Apply(testImages));
            }
            var stages = new StagedTraining(output, sc, compute, data.Train, data.Test, resume, cancellation);
            if (!softwareByNetwork.TryGetValue(scenario.NetworkKey, out var software))
            {
                var network = stages.Train($"software-{scenario.NetworkKey}", stages.In(Regime.Software),
                    StagedTraining.StageSteps(progress, $"software, {scenario.NetworkKey}"));
                softwareByNetwork[scenario.NetworkKey] = software = (network, new PackedInference(network, compute).Error(data.Test));
            }
            var statistics = stages.Train($"statistics-aware-{scenario.Key}", stages.In(Regime.StatisticsAware),
                StagedTraining.StageSteps(progress, $"statistics-aware, {scenario.Key}"));
            results.Add(Evaluate(scenario, sc, software.Network, software.Baseline, statistics, data.Train, data.Test));
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
