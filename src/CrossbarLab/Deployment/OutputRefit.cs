using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Evaluation;
using CrossbarLab.Model;

namespace CrossbarLab.Deployment;

/// <summary>
/// Chip-in-the-loop refit: the digital part of a deployed network, fitted to one die from what the die reports on training
/// images, without its defect map. With only the first layer on the die, the output layer is computed digitally, so its
/// weights and offsets are refitted (as real weights) to the die's own hidden outputs. With every layer on the die, the
/// output neurons' digital gains and offsets — the only digital freedom after the ADCs — are fitted to the die's output
/// column sums. Either way it is softmax regression, a convex fit: full-batch Adam from the solution's own values.
/// </summary>
/// <remarks>
/// Defaults and why: 5,000 training images (the output layer of the die network has 910 parameters, so about five images
/// per parameter; the 20 gains and offsets of the every-layer case need far fewer), 300 full-batch Adam steps at a step size
/// of 0.01 in logit units with an L2 penalty of 1e-4 (enough for the fit's loss to settle from the solution's starting
/// point; the refit tests check that it decreases and that a defect-free die keeps the solution's error).
/// </remarks>
public static class OutputRefit
{
    /// <summary>Training images a refit runs through each die when none are asked for.</summary>
    public const int DefaultImages = 5000;

    /// <summary>Full-batch Adam steps of the fit.</summary>
    public const int Steps = 300;

    private const float StepSize = 0.01f;
    private const float L2 = 1e-4f;

    /// <summary>
    /// <paramref name="network"/> with its digital output stage refitted to the die <paramref name="die"/> shows on
    /// <paramref name="images"/> (training images; never test images).
    /// </summary>
    public static BinaryNetwork Refit(BinaryNetwork network, IDieForward die, EncodedSet images, ICompute compute)
    {
        var spec = network.Spec;
        int last = spec.LayerCount - 1;
        int n = images.Count;
        var features = die.Propagate(network, images.Inputs, n, 0, last);
        return last >= spec.LayersOnDie
            ? RefitDigitalLayer(network, features, images.Labels, compute)
            : RefitGainsAndOffsets(network, RawSums(die, last, features, n, spec.Widths[^1]), images.Labels);
    }

    /// <summary>Real weights V and offsets c of the output layer, logits = features·V + c, from the solution's own.</summary>
    private static BinaryNetwork RefitDigitalLayer(BinaryNetwork network, float[] features, byte[] labels, ICompute compute)
    {
        var spec = network.Spec;
        int last = spec.LayerCount - 1, inputs = spec.Widths[last], classes = spec.Widths[^1], n = labels.Length;
        float s = spec.OutputScale;
        var v = network.IdealWeights(last).Select(w => s * w).ToArray();
        var c = new float[classes];
        if (network.Offsets[last].Length > 0) for (int k = 0; k < classes; k++) c[k] = s * network.Offsets[last][k];
        var logits = new float[n * classes];
        var gradV = new float[v.Length];
        var gradC = new float[classes];
        var adam = new Training.Adam([v, c], 0.9f, 0.999f, 1e-8f, clip: false);
        for (int step = 0; step < Steps; step++)
        {
            compute.Gemm(false, false, n, classes, inputs, 1f, features, inputs, v, classes, 0f, logits, classes);
            PackedInference.AddOffsets(logits, c, n, classes);
            SoftmaxGradient(logits, labels, classes);
            compute.Gemm(true, false, inputs, classes, n, 1f, features, inputs, logits, classes, 0f, gradV, classes);
            for (int i = 0; i < v.Length; i++) gradV[i] += L2 * v[i];
            ColumnSums(logits, n, classes, gradC);
            adam.Update([v, c], [gradV, gradC], StepSize);
        }
        // Store as the model stores real weights: in [−1, 1], the common factor moved into the output scale.
        float m = Math.Max(1e-6f, Math.Max(v.Max(Math.Abs), c.Max(Math.Abs)));
        var weights = network.Weights.Select(w => (float[])w.Clone()).ToArray();
        weights[last] = v.Select(x => x / m).ToArray();
        var outSpec = spec with { DigitalLayers = DigitalLayers.Real, Offsets = true, OutputScale = m };
        var offsets = Enumerable.Range(0, spec.LayerCount)
            .Select(l => network.Offsets[l].Length > 0 ? (float[])network.Offsets[l].Clone() : new float[spec.Widths[l + 1]]).ToArray();
        offsets[last] = c.Select(x => x / m).ToArray();
        return new BinaryNetwork(outSpec, weights, offsets, network.Gains);
    }

    /// <summary>Gains g and offsets b of the output neurons, logits = scale·(g⊙z + b), from g = 1 and the solution's offsets.</summary>
    private static BinaryNetwork RefitGainsAndOffsets(BinaryNetwork network, float[] sums, byte[] labels)
    {
        var spec = network.Spec;
        int last = spec.LayerCount - 1, classes = spec.Widths[^1], n = labels.Length;
        float s = spec.OutputScale;
        var g = Enumerable.Repeat(1f, classes).ToArray();
        var b = network.Offsets[last].Length > 0 ? (float[])network.Offsets[last].Clone() : new float[classes];
        var logits = new float[n * classes];
        var gradG = new float[classes];
        var gradB = new float[classes];
        var adam = new Training.Adam([g, b], 0.9f, 0.999f, 1e-8f, clip: false);
        for (int step = 0; step < Steps; step++)
        {
            for (int i = 0; i < n * classes; i++) logits[i] = s * (g[i % classes] * sums[i] + b[i % classes]);
            SoftmaxGradient(logits, labels, classes);
            Array.Clear(gradG);
            Array.Clear(gradB);
            for (int i = 0; i < n * classes; i++)
            {
                gradG[i % classes] += s * logits[i] * sums[i];
                gradB[i % classes] += s * logits[i];
            }
            for (int k = 0; k < classes; k++) gradG[k] += L2 * (g[k] - 1);
            adam.Update([g, b], [gradG, gradB], StepSize);
        }
        var offsets = Enumerable.Range(0, spec.LayerCount)
            .Select(l => network.Offsets[l].Length > 0 ? (float[])network.Offsets[l].Clone() : new float[spec.Widths[l + 1]]).ToArray();
        offsets[last] = b;
        var gains = network.Gains.Select(x => (float[])x.Clone()).ToArray();
        gains[last] = g;
        return new BinaryNetwork(spec with { Offsets = true }, network.Weights, offsets, gains);
    }

    /// <summary>The output layer's column sums as the die reports them, before any gain or offset.</summary>
    private static float[] RawSums(IDieForward die, int layer, float[] features, int n, int outputs)
    {
        var sums = new float[n * outputs];
        die.ColumnSums(layer, features, n, sums, 0);
        return sums;
    }

    /// <summary>Replaces the logits by ∂(mean cross-entropy)/∂logits = (softmax − one-hot)/N, row by row.</summary>
    private static void SoftmaxGradient(float[] logits, byte[] labels, int classes)
    {
        int n = labels.Length;
        for (int r = 0; r < n; r++)
        {
            var z = logits.AsSpan(r * classes, classes);
            float max = float.NegativeInfinity;
            foreach (float x in z) max = Math.Max(max, x);
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.Exp(z[k] - max);
            for (int k = 0; k < classes; k++)
                z[k] = (float)((Math.Exp(z[k] - max) / sum - (k == labels[r] ? 1 : 0)) / n);
        }
    }

    private static void ColumnSums(float[] m, int rows, int columns, float[] sums)
    {
        Array.Clear(sums);
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < columns; k++) sums[k] += m[r * columns + k];
    }
}
