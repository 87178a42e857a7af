using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Deployment;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Results;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// The deployment stage of <c>crossbar reproduce</c>: for both placements (every layer on the die; the first only) and both
/// shared solutions (software, statistics-aware), each deployment method of <see cref="Methods"/> on every die, with its
/// cost per die, beside hardware-aware training from scratch on each die; and the die error against the length of a
/// fine-tuning. With first-layer placement a statistics-aware solution and the hardware-aware references are trained for
/// that placement (defects in the first layer only); the software solution sees no defects, so it is the same network.
/// </summary>
internal sealed class ReproductionDeployment(RunConfig config, ICompute compute, RunDirectory output, EncodedSet train, EncodedSet test,
    bool resume, CancellationToken cancellation)
{
    /// <summary>
    /// The methods: nine fixed before any result (the seven asked for: nothing, calibration, refit, placement, placement +
    /// calibration, 100 fine-tuning steps, and all three; then two map-free ones for the every-layer target: 100
    /// chip-in-the-loop steps, alone and after calibration), and a tenth declared after them, when the nine had missed
    /// that target: 300 fine-tuning steps on the cells a probe reads through the die (<see cref="RowProbe"/>).
    /// </summary>
    public static IReadOnlyList<DeploymentSettings> Methods { get; } =
    [
        new(),
        new(Calibrate: true),
        new(Refit: true),
        new(Place: true),
        new(Place: true, Calibrate: true),
        new(FinetuneSteps: 100),
        new(Place: true, Calibrate: true, FinetuneSteps: 100),
        new(LoopSteps: 100),
        new(Calibrate: true, LoopSteps: 100),
        new(FinetuneSteps: 300, Probe: true),
    ];

    /// <summary>Fine-tuning lengths of the curve.</summary>
    public static IReadOnlyList<int> FinetuneSteps { get; } = [0, 10, 30, 100, 300];

    /// <summary>
    /// Runs the stage on <paramref name="dies"/>. The placement the run is configured with uses the reproduction's own
    /// solutions; for the other one a statistics-aware solution and one hardware-aware solution per die are trained for
    /// that placement (the software solution sees no defects, so it is the same network either way).
    /// </summary>
    public DeploymentTable Run(IReadOnlyList<Die> dies, BinaryNetwork software, BinaryNetwork statistics,
        IReadOnlyList<BinaryNetwork> hardwareAware, IProgress<ReproductionProgress>? progress)
    {
        var rows = new List<DeploymentRow>();
        var evaluator = new DieEvaluator(compute, config.Evaluation.Level, config.Seed);
        foreach (var onDie in new[] { OnDie.All, OnDie.First })
        {
            string name = PlacementName(onDie);
            var placed = Placed(config, onDie);
            var softwarePlaced = new BinaryNetwork(placed.Net, software.Weights, software.Offsets);
            BinaryNetwork statisticsPlaced;
            double[] haErrors;
            if (onDie == config.Net.OnDie)
            {
                statisticsPlaced = statistics;
                haErrors = dies.Select((d, i) =>
                    evaluator.Error(hardwareAware[i], d, EffectiveWeights.Mapping(placed.Net, d.Geometry), test)).ToArray();
            }
            else
                (statisticsPlaced, haErrors) = TrainFor(placed, name, dies, evaluator, progress);
            (string, BinaryNetwork)[] solutions = [("software", softwarePlaced), ("statistics-aware", statisticsPlaced)];
            Placement(name, placed, dies, solutions, haErrors, rows, progress);
        }
        return new DeploymentTable(rows, Curve(dies, [("software", software), ("statistics-aware", statistics)], progress));
    }

    /// <summary>The statistics-aware solution and each die's hardware-aware solution for another placement.</summary>
    private (BinaryNetwork Statistics, double[] HaErrors) TrainFor(RunConfig placed, string name,
        IReadOnlyList<Die> dies, DieEvaluator evaluator, IProgress<ReproductionProgress>? progress)
    {
        string where = Where(placed.Net.OnDie);
        var stages = new StagedTraining(output, placed, compute, train, test, resume, cancellation);
        var statistics = stages.Train($"statistics-aware-{name}", stages.In(Regime.StatisticsAware),
            StagedTraining.StageSteps(progress, $"statistics-aware, {where}"));
        var errors = new double[dies.Count];
        for (int d = 0; d < dies.Count; d++)
        {
            string stage = $"hardware-aware-{name}-{dies[d].Name}";
            var network = stages.Train(stage, stages.In(Regime.HardwareAware), die: dies[d]);
            errors[d] = evaluator.Error(network, dies[d], EffectiveWeights.Mapping(placed.Net, dies[d].Geometry), test);
            progress?.Report(new ReproductionProgress($"hardware-aware, {where} (one per die)", d + 1, dies.Count));
        }
        return (statistics, errors);
    }

    /// <summary>The run's configuration with the network placed as <paramref name="onDie"/> says.</summary>
    internal static RunConfig Placed(RunConfig config, OnDie onDie) =>
        config with { Network = config.Net with { OnDie = onDie } };

    /// <summary>The placement the run is not configured with, which this stage trains its own solutions for.</summary>
    internal static OnDie OtherPlacement(RunConfig config) => config.Net.OnDie == OnDie.First ? OnDie.All : OnDie.First;

    private static string PlacementName(OnDie onDie) => onDie == OnDie.First ? "first" : "all";

    private static string Where(OnDie onDie) => onDie == OnDie.First ? "first layer on the die" : "every layer on the die";

    /// <summary>
    /// The trainings <see cref="Run"/> asks for, as work units of <c>crossbar reproduce</c> (so that shards train them
    /// and Run, after them, only loads them): names and settings must stay those of Run's calls (a test checks the
    /// names).
    /// </summary>
    internal static IEnumerable<WorkUnit> Units(RunConfig config, IReadOnlyList<Die> dies)
    {
        var onDie = OtherPlacement(config);
        var placed = Placed(config, onDie);
        string name = PlacementName(onDie);
        yield return WorkUnit.In(Regime.StatisticsAware, $"statistics-aware-{name}", $"statistics-aware, {Where(onDie)}",
            placed);
        foreach (var die in dies)
            yield return WorkUnit.In(Regime.HardwareAware, $"hardware-aware-{name}-{die.Name}",
                $"hardware-aware, {Where(onDie)} (one per die)", placed, die: die);
    }

    /// <summary>
    /// Every method on every die, die after die: hardware-aware training's time on the die, the reference cost, is
    /// estimated from timed steps (<see cref="HardwareAwareCost"/>) right before that die's deployments, so that each
    /// fraction divides two clocks read within seconds of each other. The trainings themselves may have run hours
    /// earlier, on another node or beside other work, and this machine's speed drifts by a quarter over minutes: a
    /// fraction of clocks read minutes apart measures the drift, not the method.
    /// </summary>
    private void Placement(string onDie, RunConfig placed, IReadOnlyList<Die> dies,
        (string Name, BinaryNetwork Network)[] solutions, double[] haErrors, List<DeploymentRow> rows,
        IProgress<ReproductionProgress>? progress)
    {
        string stage = $"deployment, {(onDie == "first" ? "first layer" : "every layer")} on the die";
        var software = solutions.Single(s => s.Name == "software").Network;
        double ideal = new PackedInference(software, compute).Error(test);
        double refitted = RefitBaseline(software, dies[0]);
        var deployers = Methods.Select(DeployerFor).ToArray();
        int count = solutions.Length * Methods.Count;
        var errors = Enumerable.Range(0, count).Select(_ => new double[dies.Count]).ToArray();
        var seconds = Enumerable.Range(0, count).Select(_ => new double[dies.Count]).ToArray();
        var haSeconds = new double[dies.Count];
        for (int d = 0; d < dies.Count; d++)
        {
            cancellation.ThrowIfCancellationRequested();
            haSeconds[d] = HardwareAwareCost.Estimate(placed.Net, placed.Training, dies[d], train, compute);
            for (int r = 0; r < count; r++)
            {
                var deployer = deployers[r % Methods.Count];
                var deployed = deployer.Deploy(solutions[r / Methods.Count].Network, dies[d]);
                errors[r][d] = deployer.Error(deployed, test);
                seconds[r][d] = deployed.Seconds;
            }
            progress?.Report(new ReproductionProgress(stage, d + 1, dies.Count));
        }
        var labels = Enumerable.Range(0, count).Select(r => Label(solutions[r / Methods.Count].Name,
            Methods[r % Methods.Count])).ToArray();
        // The spread the second claim is measured against: the software solution's, deployed with nothing done.
        double softwareStd = ErrorSummary.Of(errors[Array.IndexOf(labels, "software")]).Std;
        for (int r = 0; r < count; r++)
        {
            var method = Methods[r % Methods.Count];
            rows.Add(new DeploymentRow(labels[r], onDie, method.Refit ? refitted : ideal, errors[r], seconds[r],
                seconds[r].Select((s, d) => s / haSeconds[d]).ToArray(), method.NeedsMap, method.Trains, softwareStd));
        }
        var haFractions = haSeconds.Select(_ => 1.0).ToArray();
        rows.Add(new DeploymentRow(DeploymentTable.HardwareAware, onDie, ideal, haErrors, haSeconds, haFractions,
            NeedsMap: true, "hardware-aware training from scratch", softwareStd));
    }

    /// <summary>A row's method: the solution's name, followed by the steps unless there are none.</summary>
    private static string Label(string solution, DeploymentSettings method) =>
        method.MethodName == "nothing" ? solution : $"{solution}+{method.MethodName}";

    /// <summary>Each die's error and seconds after deploying <paramref name="network"/> with <paramref name="method"/>.</summary>
    private (double[] Errors, double[] Seconds) Deploy(BinaryNetwork network, DeploymentSettings method,
        IReadOnlyList<Die> dies)
    {
        var deployer = DeployerFor(method);
        var errors = new double[dies.Count];
        var seconds = new double[dies.Count];
        for (int d = 0; d < dies.Count; d++)
        {
            var deployed = deployer.Deploy(network, dies[d]);
            errors[d] = deployer.Error(deployed, test);
            seconds[d] = deployed.Seconds;
        }
        return (errors, seconds);
    }

    /// <summary>The fair baseline of a refit: the software solution refitted the same way on a defect-free die of the same kind.</summary>
    private double RefitBaseline(BinaryNetwork software, Die like)
    {
        var ideal = Die.Ideal(like.Geometry, like.Device);
        var deployer = DeployerFor(new DeploymentSettings(Refit: true));
        return deployer.Error(deployer.Deploy(software, ideal), test);
    }

    /// <summary>The deployer of <paramref name="method"/> with the run's training set, settings and seed.</summary>
    private Deployer DeployerFor(DeploymentSettings method) => new(method, train, config.Evaluation.CalibrationImages,
        config.Training, config.Seed, compute, config.Evaluation.Level);

    /// <summary>Mean die error against fine-tuning steps, with the run's own placement.</summary>
    private List<FinetunePoint> Curve(IReadOnlyList<Die> dies, (string Name, BinaryNetwork Network)[] solutions, IProgress<ReproductionProgress>? progress)
    {
        var points = new List<FinetunePoint>();
        int done = 0;
        foreach (var (name, network) in solutions)
            foreach (int steps in FinetuneSteps)
            {
                var (errors, seconds) = Deploy(network, new DeploymentSettings(FinetuneSteps: steps), dies);
                points.Add(new FinetunePoint(name, config.Net.OnDie == OnDie.First ? "first" : "all", steps, errors,
                    seconds.Average()));
                progress?.Report(new ReproductionProgress("fine-tuning curve", ++done, solutions.Length * FinetuneSteps.Count));
            }
        return points;
    }
}
