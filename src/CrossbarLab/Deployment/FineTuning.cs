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
        defects = defects.Padded(spec.LayerCount);
        int batch = Math.Min(options.BatchSize, train.Count);
        var tuned = new BinaryNetwork(spec, network.Weights.Select(w => (float[])w.Clone()).ToArray(),
            network.Offsets.Select(o => (float[])o.Clone()).ToArray(), network.Gains);
        var parameters = tuned.Parameters;
        var backprop = new Backprop(spec, batch, options.SteWindow, compute);
        var adam = new Adam(parameters, options.Beta1, options.Beta2, options.Epsilon, clipped: spec.LayerCount);
        var gradients = parameters.Select(p => new float[p.Length]).ToArray();
        var order = Enumerable.Range(0, train.Count).ToArray();
        new RandomStream(seed, "finetune", DieKey(dieName)).Shuffle(order.AsSpan());
        int features = train.Features, words = train.WordsPerSample;
        var x = new float[batch * features];
        var packed = new ulong[batch * words];
        var labels = new byte[batch];
        for (int step = 0; step < steps; step++)
        {
            for (int b = 0; b < batch; b++)
            {
                int s = order[(step * batch + b) % order.Length];
                train.Inputs.AsSpan(s * features, features).CopyTo(x.AsSpan(b * features));
                train.Packed.AsSpan(s * words, words).CopyTo(packed.AsSpan(b * words));
                labels[b] = train.Labels[s];
            }
            backprop.SetWeights(tuned);
            backprop.Run(x, packed, labels, batch, [defects], gradients);
            adam.Update(parameters, gradients, options.LearningRateAt(step, steps));
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
