using System.Diagnostics;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Deployment;

/// <summary>
/// The reference cost a deployment step is priced against: hardware-aware training from scratch on the same die, the cost
/// the reference paper set out to avoid. When the training itself is not run (a single <c>crossbar deploy</c>), it is
/// estimated from timed steps of the same engine on the die's defects, scaled to the configured epochs.
/// </summary>
public static class HardwareAwareCost
{
    /// <summary>Steps timed for an estimate (after a warm-up of a tenth as many).</summary>
    public const int TimedSteps = 200;

    /// <summary>Estimated seconds of hardware-aware training of <paramref name="spec"/> with <paramref name="options"/> on <paramref name="die"/>.</summary>
    public static double Estimate(NetworkSpec spec, TrainingOptions options, Die die, EncodedSet train, ICompute compute)
    {
        var mapping = EffectiveWeights.Mapping(spec, die.Geometry);
        var defects = CellDefects.FromDie(die, mapping, options.Saturation).Padded(spec.LayerCount);
        int samples = options.TrainLimit > 0 ? Math.Min(options.TrainLimit, train.Count) : train.Count;
        int batch = Math.Min(options.BatchSize, samples);
        var network = BinaryNetwork.Initialize(spec, 1, options.InitScale);
        var parameters = network.Parameters;
        var gradients = parameters.Select(p => new float[p.Length]).ToArray();
        var backprop = new Backprop(spec, batch, options.SteWindow, compute);
        var adam = new Adam(parameters, options.Beta1, options.Beta2, options.Epsilon, clipped: spec.LayerCount);
        var x = train.Inputs.AsSpan(0, batch * train.Features).ToArray();
        var packed = train.Packed.AsSpan(0, batch * train.WordsPerSample).ToArray();
        var labels = train.Labels.AsSpan(0, batch).ToArray();
        void Step()
        {
            backprop.SetWeights(network);
            backprop.Run(x, packed, labels, batch, [defects], gradients);
            adam.Update(parameters, gradients, options.LearningRate);
        }
        for (int i = 0; i < TimedSteps / 10; i++) Step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < TimedSteps; i++) Step();
        double perStep = clock.Elapsed.TotalSeconds / TimedSteps;
        return perStep * (samples / batch) * options.Epochs;
    }
}
