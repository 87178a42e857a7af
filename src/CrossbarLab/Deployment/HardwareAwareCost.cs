using System.Diagnostics;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Deployment;

/// <summary>
/// The reference cost a deployment step is priced against: hardware-aware training from scratch on the same die, the cost
/// the reference paper set out to avoid, estimated from timed steps of the training's own engine on the die's defects,
/// scaled to the configured epochs. The estimate is always used, also where the training is run (in <c>reproduce</c>),
/// and it is timed beside the deployments it prices, so that both see the same machine load.
/// </summary>
/// <remarks>
/// The steps are the trainer's: the backend's training engine, each step gathering its minibatch from a shuffled order
/// of the training set as an epoch does. What the estimate leaves out is per epoch (the shuffle, the test evaluation)
/// or once per training (building the engine), so it is a lower bound of the training's time.
/// </remarks>
public static class HardwareAwareCost
{
    /// <summary>Steps timed for an estimate (after a warm-up of a tenth as many).</summary>
    public const int TimedSteps = 200;

    /// <summary>
    /// Estimated seconds of hardware-aware training of <paramref name="spec"/> with <paramref name="options"/>
    /// on <paramref name="die"/>.
    /// </summary>
    public static double Estimate(NetworkSpec spec, TrainingOptions options, Die die, EncodedSet train,
        ICompute compute)
    {
        var mapping = EffectiveWeights.Mapping(spec, die.Geometry);
        CellDefects[] instances = [CellDefects.FromDie(die, mapping, options.Saturation).Padded(spec.LayerCount)];
        int samples = options.TrainLimit > 0 ? Math.Min(options.TrainLimit, train.Count) : train.Count;
        int batch = Math.Min(options.BatchSize, samples);
        int stepsPerEpoch = samples / batch;
        var network = BinaryNetwork.Initialize(spec, 1, options.InitScale);
        var adam = new Adam(network.Parameters, options.Beta1, options.Beta2, options.Epsilon,
            clipped: spec.LayerCount);
        using var engine = TrainingEngines.Create(compute,
            new TrainingEngineSetup(network, adam, train, batch, options.SteWindow, MaxInstances: 1));
        var order = Enumerable.Range(0, samples).ToArray();
        new RandomStream(1, "shuffle", 0).Shuffle(order.AsSpan());
        engine.BeginEpoch(order);
        int step = 0;
        void Run(int count)
        {
            for (int i = 0; i < count; i++, step++)
                engine.Step(step % stepsPerEpoch, instances, options.LearningRate);
            engine.Synchronize(); // a GPU engine's steps may still be running
        }
        Run(TimedSteps / 10);
        var clock = Stopwatch.StartNew();
        Run(TimedSteps);
        double perStep = clock.Elapsed.TotalSeconds / TimedSteps;
        return perStep * stepsPerEpoch * options.Epochs;
    }
}
