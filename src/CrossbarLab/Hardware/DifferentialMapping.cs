namespace CrossbarLab.Hardware;

/// <summary>One rectangle of a layer's weight matrix placed in one twin pair of tiles.</summary>
/// <param name="Layer">Weight layer.</param>
/// <param name="InputStart">First input (row of the weight matrix).</param>
/// <param name="OutputStart">First output (column of the weight matrix).</param>
/// <param name="Inputs">Inputs in the block (≤ TileRows).</param>
/// <param name="Outputs">Outputs in the block (≤ TileColumns).</param>
/// <param name="TilePair">Twin pair p: tile 2p holds the positive devices, tile 2p+1 the negative ones.</param>
/// <param name="ColumnOffset">First tile column the block uses.</param>
public sealed record MappedBlock(int Layer, int InputStart, int OutputStart, int Inputs, int Outputs, int TilePair, int ColumnOffset);

/// <summary>
/// How a network's weights sit on a die. A weight w ∈ {−1, +1} is a differential pair: the same cell (row, column) in two
/// twin tiles, the positive device in tile 2p and the negative one in tile 2p+1. Programming +1 puts the positive device
/// in the low-resistance state and the negative one in the high-resistance state (−1 the reverse), and the neuron reads the
/// difference of the two columns' currents. A layer is cut into blocks of at most TileRows inputs × TileColumns outputs;
/// partial sums of the blocks of one output add digitally after the ADCs.
/// </summary>
/// <remarks>
/// Blocks are placed first-fit, side by side along a tile pair's columns, layer by layer. Blocks of different layers may
/// share a tile pair because layers are read one after another: only the rows of the block being read are driven. This is
/// what lets the 100-90-10 network (9,900 weights) use all 32 tiles of the 20,000-device array. The single-ended layout
/// (one device per weight and a reference column) is not implemented: it halves the devices but a defect in the shared
/// reference column would corrupt a whole column of weights, and the reference paper's dies are differential.
/// </remarks>
public sealed class DifferentialMapping
{
    private readonly int[][] _positiveDevice; // per layer, inputs × outputs: device index of the positive device

    /// <summary>The die's array.</summary>
    public ArrayGeometry Geometry { get; }

    /// <summary>The network's layer widths, input to output.</summary>
    public int[] Widths { get; }

    /// <summary>The blocks, in placement order.</summary>
    public IReadOnlyList<MappedBlock> Blocks { get; }

    /// <summary>Devices that hold weights (two per weight).</summary>
    public int UsedDevices { get; }

    private DifferentialMapping(ArrayGeometry geometry, int[] widths, List<MappedBlock> blocks)
    {
        Geometry = geometry; Widths = widths; Blocks = blocks;
        _positiveDevice = new int[widths.Length - 1][];
        for (int l = 0; l + 1 < widths.Length; l++) _positiveDevice[l] = new int[widths[l] * widths[l + 1]];
        foreach (var b in blocks)
            for (int i = 0; i < b.Inputs; i++)
                for (int j = 0; j < b.Outputs; j++)
                    _positiveDevice[b.Layer][(b.InputStart + i) * widths[b.Layer + 1] + b.OutputStart + j] =
                        geometry.Device(i, 2 * b.TilePair * geometry.TileColumns + b.ColumnOffset + j);
        UsedDevices = 2 * blocks.Sum(b => b.Inputs * b.Outputs);
    }

    /// <summary>Places layers of the given widths (input to output, e.g. NetworkSpec.Widths) on the array, or explains why they do not fit.</summary>
    public static DifferentialMapping Create(int[] widths, ArrayGeometry geometry)
    {
        geometry.Validate();
        int pairs = geometry.Tiles / 2;
        var used = new int[pairs]; // columns used in each tile pair
        var blocks = new List<MappedBlock>();
        for (int l = 0; l + 1 < widths.Length; l++)
            for (int i0 = 0; i0 < widths[l]; i0 += geometry.TileRows)
                for (int j0 = 0; j0 < widths[l + 1]; j0 += geometry.TileColumns)
                {
                    int h = Math.Min(geometry.TileRows, widths[l] - i0), w = Math.Min(geometry.TileColumns, widths[l + 1] - j0);
                    int p = Array.FindIndex(used, u => u + w <= geometry.TileColumns);
                    if (p < 0)
                    {
                        long weights = 0; for (int k = 0; k + 1 < widths.Length; k++) weights += (long)widths[k] * widths[k + 1];
                        throw new InvalidConfigurationException(
                            $"the network {string.Join("-", widths)} ({weights:N0} weights = {2 * weights:N0} devices in differential pairs) does not fit the array ({geometry}): " +
                            $"layer {l + 1} runs out of tiles. Use a smaller network (network.hidden) or a larger array (array.tiles).");
                    }
                    blocks.Add(new MappedBlock(l, i0, j0, h, w, p, used[p]));
                    used[p] += w;
                }
        return new DifferentialMapping(geometry, widths, blocks);
    }

    /// <summary>The positive and negative device of weight (input i, output j) of a layer.</summary>
    public (int Positive, int Negative) Devices(int layer, int input, int output)
    {
        int pos = _positiveDevice[layer][input * Widths[layer + 1] + output];
        return (pos, pos + Geometry.TileColumns);
    }

    /// <summary>Positive device of every weight of a layer, inputs × outputs row-major (negative = positive + TileColumns).</summary>
    public ReadOnlySpan<int> PositiveDevices(int layer) => _positiveDevice[layer];
}
