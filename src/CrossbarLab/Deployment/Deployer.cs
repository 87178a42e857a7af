using System.Diagnostics;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Deployment;

/// <summary>One shared solution deployed to one die: the programmed (physical) network, where things sit, what it cost.</summary>
/// <param name="Die">The die.</param>
/// <param name="Network">The network as programmed: placed, fine-tuned, calibrated, refitted.</param>
/// <param name="Placement">Where each logical input and hidden neuron sits.</param>
/// <param name="Mapping">The placement of the on-die layers on the array.</param>
/// <param name="Seconds">Wall-clock seconds of the deployment steps on this machine (evaluation excluded).</param>
public sealed record DeployedDie(Die Die, BinaryNetwork Network, Placement Placement, DifferentialMapping Mapping, double Seconds);

/// <summary>
/// Applies <see cref="DeploymentSettings"/> to a shared solution on one die after another. Placement first (it needs the
/// map and decides where everything sits), then calibration (map-free: the offsets that match the shared solution's mean
/// column sums), then fine-tuning (the map, a few training steps that also tune the calibrated offsets; calibrating after
/// it would pull the tuned network back towards the shared solution's means, which a measurement showed hurts; with a
/// probe, on the cells read through the die instead of its map), then the
/// chip-in-the-loop fine-tuning (map-free: it sees the die only through what it reports), then the refit of the digital
/// output stage. Calibration, refit, placement and both fine-tunings read training images only.
/// </summary>
/// <param name="train">The training images (preprocessed as the network expects).</param>
/// <param name="calibrationImages">Images a calibration and a placement's usage statistics run (the first of the training set).</param>
public sealed class Deployer(DeploymentSettings steps, EncodedSet train, int calibrationImages, TrainingOptions training, ulong seed,
    ICompute compute, EvaluationLevel level = EvaluationLevel.EffectiveWeights)
{
    private readonly DieEvaluator _evaluator = new(compute, level, seed);
    private readonly EncodedSet _calibration = train.Take(calibrationImages);
    private readonly EncodedSet _refit = train.Take(steps.RefitImages);

    /// <summary>The network as this deployment places it on the die: the model's, or with the settings' layers on the die.</summary>
    public static BinaryNetwork ForPlacement(BinaryNetwork shared, string? onDie) => onDie switch
    {
        "first" when shared.Spec.OnDie != OnDie.First => new BinaryNetwork(shared.Spec with { OnDie = OnDie.First }, shared.Weights, shared.Offsets, shared.Gains),
        "all" when shared.Spec.OnDie != OnDie.All => new BinaryNetwork(shared.Spec with { OnDie = OnDie.All }, shared.Weights, shared.Offsets, shared.Gains),
        _ => shared,
    };

    /// <summary>Deploys <paramref name="shared"/> to <paramref name="die"/>.</summary>
    public DeployedDie Deploy(BinaryNetwork shared, Die die)
    {
        var clock = Stopwatch.StartNew();
        var network = ForPlacement(shared, steps.OnDie);
        var mapping = EffectiveWeights.Mapping(network.Spec, die.Geometry);
        var placement = steps.Place ? PlacementSearch.Find(network, die, mapping, _calibration, compute) : Placement.Identity(network.Spec);
        network = placement.Physical(network);
        if (steps.Calibrate)
            network = OffsetCalibration.Calibrate(network, _evaluator.Forward(network, die, mapping), Placed(placement, _calibration), compute);
        if (steps.FinetuneSteps > 0)
        {
            var defects = steps.Probe
                ? RowProbe.Measure(network, programmed => _evaluator.Forward(programmed, die, mapping))
                : CellDefects.FromDie(die, mapping, training.Saturation);
            network = FineTuning.Tune(network, defects, die.Name, Placed(placement, train), steps.FinetuneSteps, training,
                seed, compute);
        }
        if (steps.LoopSteps > 0)
            network = LoopTuning.Tune(network, programmed => _evaluator.Forward(programmed, die, mapping),
                Placed(placement, train), steps.LoopSteps, training, seed, FineTuning.DieKey(die.Name), compute);
        if (steps.Refit)
            network = OutputRefit.Refit(network, _evaluator.Forward(network, die, mapping), Placed(placement, _refit), compute);
        return new DeployedDie(die, network, placement, mapping, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Test error of a deployment on its die: the test images enter through the placed rows.</summary>
    public double Error(DeployedDie deployed, EncodedSet test) =>
        _evaluator.Error(deployed.Network, deployed.Die, deployed.Mapping, Placed(deployed.Placement, test));

    private static EncodedSet Placed(Placement placement, EncodedSet data) => placement.IsIdentity ? data : placement.PhysicalInputs(data);
}
