using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Model;

namespace CrossbarLab.Evaluation;

/// <summary>A network's neurons, layer by layer, on a die seen through <see cref="IDieForward"/>: what deployment steps observe.</summary>
public static class LayerValues
{
    /// <summary>Layer <paramref name="layer"/>'s neuron values g⊙(a·W) + b for <paramref name="n"/> input rows (n × outputs).</summary>
    public static float[] Values(this IDieForward die, BinaryNetwork network, int layer, float[] inputs, int n, int firstSample = 0)
    {
        int outputs = network.Spec.Widths[layer + 1];
        var z = new float[n * outputs];
        die.ColumnSums(layer, inputs, n, z, firstSample);
        if (network.Gains[layer].Length > 0) PackedInference.ScaleByGains(z, network.Gains[layer], n, outputs);
        if (network.Offsets[layer].Length > 0) PackedInference.AddOffsets(z, network.Offsets[layer], n, outputs);
        return z;
    }

    /// <summary>Hidden neurons' outputs from their values: on (1) where the value is ≥ 0 up to the tie tolerance, else off.</summary>
    public static float[] Fire(float[] values, InputEncoding encoding)
    {
        var a = new float[values.Length];
        Signs.Activate(values, a, encoding.Off());
        return a;
    }

    /// <summary>The activations entering layer <paramref name="to"/>, from those entering layer <paramref name="from"/>.</summary>
    public static float[] Propagate(this IDieForward die, BinaryNetwork network, float[] inputs, int n, int from, int to)
    {
        var a = inputs;
        for (int l = from; l < to; l++) a = Fire(die.Values(network, l, a, n), network.Spec.Encoding);
        return a;
    }

    /// <summary>The class of each of <paramref name="n"/> samples, from the activations entering layer <paramref name="from"/>.</summary>
    public static int[] Classes(this IDieForward die, BinaryNetwork network, float[] inputs, int n, int from)
    {
        int last = network.Spec.LayerCount - 1;
        var z = die.Values(network, last, die.Propagate(network, inputs, n, from, last), n);
        int classes = network.Spec.Widths[^1];
        var result = new int[n];
        for (int s = 0; s < n; s++) result[s] = Signs.ArgMax(z.AsSpan(s * classes, classes));
        return result;
    }
}
