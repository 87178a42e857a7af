using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Deployment;

/// <summary>
/// Short fine-tuning: from the shared solution, a few steps of hardware-aware training on one die (its defect map known),
/// with the training's own optimiser settings — Adam from fresh moments at the training's initial learning rate, decaying
/// by the same cosine to its final rate over the steps — on minibatches of a shuffled order of the training images keyed by
/// (seed, "finetune", die). A defective cell gets no gradient, so its weight never changes.
/// </summary>
/// <remarks>
/// Each step is the CPU training engine's step. On the CPU backend that is the step hardware-aware training takes, so
/// a step here and a step there cost the same and the fraction of hardware-aware time counts steps, not two
/// implementations. On the GPU backend hardware-aware training (and its estimate) runs the GPU engine while this keeps
/// the CPU engine, its dense products sent to the GPU call by call, so there the fraction compares two engines. The CPU
/// engine and not the backend's own: a GPU engine uploads the whole training set when it is built, once per training,
/// which a few steps on one die of many should not pay.
/// </remarks>
public static class FineTuning
{
    /// <summary>
    /// <paramref name="network"/> after <paramref name="steps"/> steps of hardware-aware training on the die named
    /// <paramref name="dieName"/>, whose defective cells are <paramref name="defects"/> (from its map with
    /// <see cref="CellDefects.FromDie"/>, or measured through it by <see cref="RowProbe"/>).
    /// </summary>
    /// <param name="train">Training images, as the die's rows receive them (placed).</param>
    public static BinaryNetwork Tune(BinaryNetwork network, CellDefects defects, string dieName, EncodedSet train,
        int steps, TrainingOptions options, ulong seed, ICompute compute)
    {
        var spec = network.Spec;
        CellDefects[] instances = [defects.Padded(spec.LayerCount)];
        int batch = Math.Min(options.BatchSize, train.Count);
        var tuned = new BinaryNetwork(spec, network.Weights.Select(w => (float[])w.Clone()).ToArray(),
            network.Offsets.Select(o => (float[])o.Clone()).ToArray(), network.Gains);
        var adam = new Adam(tuned.Parameters, options.Beta1, options.Beta2, options.Epsilon, clipped: spec.LayerCount);
        using var engine = new CpuTrainingEngine(
            new TrainingEngineSetup(tuned, adam, train, batch, options.SteWindow, MaxInstances: 1), compute);
        var order = Enumerable.Range(0, train.Count).ToArray();
        new RandomStream(seed, "finetune", DieKey(dieName)).Shuffle(order.AsSpan());
        // Step s trains on order[(s·batch + b) mod n]: the order wraps when the steps need more images than there are.
        var window = new int[batch];
        for (int step = 0; step < steps; step++)
        {
            for (int b = 0; b < batch; b++)
                window[b] = order[((long)step * batch + b) % order.Length];
            engine.BeginEpoch(window);
            engine.Step(0, instances, options.LearningRateAt(step, steps));
        }
        return tuned;
    }

    /// <summary>A stable number for a die name (FNV-1a), so each die has its own minibatch order.</summary>
    public static long DieKey(string name)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in name)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        return (long)h;
    }
}
