using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Deployment;

/// <summary>
/// Finds a die's defective cells through its own outputs, with no defect map: the die is programmed twice, every weight
/// of the on-die layers +1 and then −1, and each time every row of each on-die layer is driven alone (the others held at
/// the reference voltage, an input of 0), so that the column sums it reports are that row's realised weights. A cell is
/// defective when either reading is more than <see cref="Tolerance"/> from the sign programmed; its two readings are then
/// its values when programmed +1 and −1, as a defect map would give them. The cost is what a test bench pays: two
/// programmings and one read per row of each on-die layer (190 reads for the die network).
/// </summary>
/// <remarks>
/// This is the read-verify of memory testing. At the effective-weight level it recovers exactly what
/// <see cref="CellDefects.FromDie"/> computes from the map (tested); at the circuit level the readings also carry the
/// devices' spread (about 0.1 weight unit, σ), read noise and ADC steps, and the same cells are found (tested).
/// </remarks>
public static class RowProbe
{
    /// <summary>
    /// Half a weight unit: a healthy cell reads its sign (±1; at the circuit level within about 0.1, σ, of it), and the
    /// mildest defect, one stuck device, reads 0 for one of the two signs, a whole unit away.
    /// </summary>
    public const float Tolerance = 0.5f;

    /// <summary>The defective cells of the die behind <paramref name="program"/>, in <paramref name="network"/>'s cell order.</summary>
    /// <param name="program">Programs the die with a network and returns what it then reports (the die as a black box).</param>
    public static CellDefects Measure(BinaryNetwork network, Func<BinaryNetwork, IDieForward> program)
    {
        var spec = network.Spec;
        var plus = Read(Programmed(network, +1f), program);
        var minus = Read(Programmed(network, -1f), program);
        var layers = new LayerDefects[spec.LayersOnDie];
        for (int l = 0; l < layers.Length; l++)
        {
            var cells = new List<int>();
            var ifPlus = new List<float>();
            var ifMinus = new List<float>();
            for (int c = 0; c < plus[l].Length; c++)
            {
                if (Math.Abs(plus[l][c] - 1f) <= Tolerance && Math.Abs(minus[l][c] + 1f) <= Tolerance)
                    continue;
                cells.Add(c);
                ifPlus.Add(plus[l][c]);
                ifMinus.Add(minus[l][c]);
            }
            layers[l] = new LayerDefects([.. cells], [.. ifPlus], [.. ifMinus]);
        }
        return new CellDefects(layers);
    }

    /// <summary>Reads of the probe: two programmings, and one read per row of each on-die layer for each.</summary>
    public static int Reads(NetworkSpec spec) => 2 * spec.Widths.Take(spec.LayersOnDie).Sum();

    /// <summary><paramref name="network"/> with every weight of its on-die layers set to <paramref name="sign"/>.</summary>
    private static BinaryNetwork Programmed(BinaryNetwork network, float sign)
    {
        var weights = network.Weights
            .Select((w, l) => l < network.Spec.LayersOnDie ? Enumerable.Repeat(sign, w.Length).ToArray() : w)
            .ToArray();
        return new BinaryNetwork(network.Spec, weights, network.Offsets, network.Gains);
    }

    /// <summary>Each on-die layer's realised weights (inputs × outputs), one row driven at a time.</summary>
    private static float[][] Read(BinaryNetwork programmed, Func<BinaryNetwork, IDieForward> program)
    {
        var die = program(programmed);
        var widths = programmed.Spec.Widths;
        var readings = new float[programmed.Spec.LayersOnDie][];
        for (int l = 0; l < readings.Length; l++)
        {
            int rows = widths[l], columns = widths[l + 1];
            var oneRowAtATime = new float[rows * rows];
            for (int i = 0; i < rows; i++)
                oneRowAtATime[i * rows + i] = 1f;
            readings[l] = new float[rows * columns];
            die.ColumnSums(l, oneRowAtATime, rows, readings[l], firstSample: 0);
        }
        return readings;
    }
}
