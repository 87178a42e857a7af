using CrossbarLab.Data;
using CrossbarLab.Model;

namespace CrossbarLab.Deployment;

/// <summary>
/// Where a network's logical inputs and hidden neurons sit on a die. The array's wiring is fixed, but which logical input
/// drives which physical row, and which hidden neuron is read from which column pair, is a free choice of the deployment:
/// <c>Rows[l][i]</c> is the physical row (the row of layer l's weight matrix as the default mapping places it) that drives
/// layer l's logical input i. For l ≥ 1 that input is hidden neuron i of layer l − 1, so <c>Rows[l]</c> also says which
/// column pair that neuron is read from. Output neurons are not moved.
/// </summary>
/// <param name="Rows">Per layer, a permutation of its inputs.</param>
public sealed record Placement(int[][] Rows)
{
    /// <summary>Every input and neuron where the default mapping puts it.</summary>
    public static Placement Identity(NetworkSpec spec) =>
        new(Enumerable.Range(0, spec.LayerCount).Select(l => Enumerable.Range(0, spec.Widths[l]).ToArray()).ToArray());

    /// <summary>Whether nothing is moved.</summary>
    public bool IsIdentity => Rows.All(p => p.Select((r, i) => r == i).All(same => same));

    /// <summary>Throws unless every layer's rows are a permutation of its inputs.</summary>
    public void Validate(NetworkSpec spec)
    {
        if (Rows.Length != spec.LayerCount) throw new ArgumentException($"A placement of {spec.Shape} needs {spec.LayerCount} permutations.");
        for (int l = 0; l < Rows.Length; l++)
        {
            var seen = new bool[spec.Widths[l]];
            bool permutation = Rows[l].Length == seen.Length;
            foreach (int r in Rows[l])
            {
                if (!permutation || r < 0 || r >= seen.Length || seen[r]) permutation = false;
                else seen[r] = true;
            }
            if (!permutation) throw new ArgumentException($"The placement of layer {l} is not a permutation of its {seen.Length} inputs.");
        }
    }

    /// <summary>
    /// The network as it is programmed: weight (i, j) of layer l moves to (Rows[l][i], Rows[l + 1][j]) and each hidden
    /// neuron's offset and gain move with it. On physical inputs (<see cref="PhysicalInputs"/>) it computes exactly what
    /// <paramref name="network"/> computes on the logical ones, up to the summation order of real weights.
    /// </summary>
    public BinaryNetwork Physical(BinaryNetwork network)
    {
        var spec = network.Spec;
        Validate(spec);
        var widths = spec.Widths;
        var weights = new float[spec.LayerCount][];
        var offsets = new float[spec.LayerCount][];
        var gains = new float[spec.LayerCount][];
        for (int l = 0; l < spec.LayerCount; l++)
        {
            int nIn = widths[l], nOut = widths[l + 1];
            var rows = Rows[l];
            int[]? columns = l + 1 < spec.LayerCount ? Rows[l + 1] : null;
            var w = new float[nIn * nOut];
            for (int i = 0; i < nIn; i++)
                for (int j = 0; j < nOut; j++) w[rows[i] * nOut + (columns?[j] ?? j)] = network.Weights[l][i * nOut + j];
            weights[l] = w;
            offsets[l] = Move(network.Offsets[l], columns);
            gains[l] = Move(network.Gains[l], columns);
        }
        return new BinaryNetwork(spec, weights, offsets, gains);
    }

    /// <summary>The data as the die's rows receive it: input i of every sample moves to row Rows[0][i].</summary>
    public EncodedSet PhysicalInputs(EncodedSet data)
    {
        var rows = Rows[0];
        int f = data.Features;
        var inputs = new float[data.Inputs.Length];
        for (int s = 0; s < data.Count; s++)
            for (int i = 0; i < f; i++) inputs[s * f + rows[i]] = data.Inputs[s * f + i];
        return new EncodedSet(data.Count, f, inputs, data.Labels, data.Encoding);
    }

    private static float[] Move(float[] values, int[]? to)
    {
        if (values.Length == 0 || to == null) return (float[])values.Clone();
        var moved = new float[values.Length];
        for (int j = 0; j < values.Length; j++) moved[to[j]] = values[j];
        return moved;
    }
}
