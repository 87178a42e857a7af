using CrossbarLab.Devices;
using CrossbarLab.Hardware;

namespace CrossbarLab.Model;

/// <summary>
/// Draws defect instances of a network from defect statistics, as a die of the population would have them: a die rate
/// factor (clean with probability CleanDieFraction, else lognormal with unit mean), then each device that holds a weight
/// defective with the scaled rates (positions by geometric skipping, so the cost is proportional to the defects drawn),
/// then broken lines. Only devices that hold weights are drawn: the others cannot affect the network.
/// </summary>
public sealed class DefectSampler
{
    private readonly DefectStatistics _stats;
    private readonly int _usedCount;
    private readonly int[] _layerOf, _cellOf;           // per used device (ascending device index): its layer and cell
    private readonly bool[] _positive;                  // … and whether it is the positive device of the pair
    private readonly int[][] _rowLines, _columnLines;   // used devices (as used-device positions) on each line
    private readonly float[,] _effect;                  // [kindPositive·5 + kindNegative, sign: 0 for +1, 1 for −1]
    private readonly int[][] _slot;                     // per layer and cell: where it sits in the instance being built, or −1
    private readonly List<(int Cell, DefectKind P, DefectKind N)>[] _building;

    /// <summary>Prepares a sampler for a network placed by <paramref name="mapping"/>.</summary>
    /// <param name="saturation">If set, single shorts take ±saturation instead of the device-derived value.</param>
    public DefectSampler(DefectStatistics statistics, DeviceModel device, DifferentialMapping mapping, double? saturation)
    {
        statistics.Validate(); device.Validate();
        _stats = statistics;
        var g = mapping.Geometry;
        int layers = mapping.Widths.Length - 1;
        var owners = new SortedDictionary<int, (int Layer, int Cell, bool Positive)>();
        for (int l = 0; l < layers; l++)
        {
            var positive = mapping.PositiveDevices(l);
            for (int c = 0; c < positive.Length; c++)
            {
                owners[positive[c]] = (l, c, true);
                owners[positive[c] + g.TileColumns] = (l, c, false);
            }
        }
        var devices = owners.Keys.ToArray();
        _usedCount = devices.Length;
        _layerOf = owners.Values.Select(o => o.Layer).ToArray();
        _cellOf = owners.Values.Select(o => o.Cell).ToArray();
        _positive = owners.Values.Select(o => o.Positive).ToArray();
        var positions = Enumerable.Range(0, devices.Length);
        _rowLines = positions.GroupBy(u => g.RowLineOf(devices[u])).OrderBy(x => x.Key).Select(x => x.ToArray()).ToArray();
        _columnLines = positions.GroupBy(u => g.Position(devices[u]).Column).OrderBy(x => x.Key).Select(x => x.ToArray()).ToArray();
        _effect = new float[25, 2];
        for (int kp = 0; kp < 5; kp++)
            for (int kn = 0; kn < 5; kn++)
            {
                _effect[kp * 5 + kn, 0] = (float)DefectEffects.EffectiveWeight(device, (DefectKind)kp, (DefectKind)kn, +1, saturation);
                _effect[kp * 5 + kn, 1] = (float)DefectEffects.EffectiveWeight(device, (DefectKind)kp, (DefectKind)kn, -1, saturation);
            }
        _slot = Enumerable.Range(0, layers).Select(l => Enumerable.Repeat(-1, mapping.Widths[l] * mapping.Widths[l + 1]).ToArray()).ToArray();
        _building = Enumerable.Range(0, layers).Select(_ => new List<(int, DefectKind, DefectKind)>()).ToArray();
    }

    /// <summary>Draws the instance keyed by (seed, <paramref name="purpose"/>, a, b) — e.g. (step, instance). Not thread-safe.</summary>
    public CellDefects Sample(ulong seed, long a, long b, string purpose = "defect-instance")
    {
        var rng = new RandomStream(seed, purpose, a, b);
        var s = _stats;
        bool clean = rng.NextDouble() < s.CleanDieFraction;
        double g = rng.NextGaussian();
        double factor = clean ? 0 : Math.Exp(s.DieToDieSpreadSigmaLn * g - s.DieToDieSpreadSigmaLn * s.DieToDieSpreadSigmaLn / 2) / (1 - s.CleanDieFraction);
        double total = Math.Min(1, s.TotalPointRate * factor);
        if (total > 0)
        {
            double logQ = Math.Log(1 - total);
            for (long u = -1; ;)
            {
                // Gap to the next defective device ~ Geometric(total).
                u += total >= 1 ? 1 : 1 + (long)Math.Floor(Math.Log(1 - rng.NextDouble()) / logQ);
                if (u >= _usedCount) break;
                double x = rng.NextDouble() * s.TotalPointRate;
                var kind = x < s.ShortRate ? DefectKind.Short : x < s.ShortRate + s.OpenRate ? DefectKind.Open
                    : x < s.ShortRate + s.OpenRate + s.StuckParallelRate ? DefectKind.StuckParallel : DefectKind.StuckAntiparallel;
                Mark((int)u, kind);
            }
        }
        if (s.RowLineFailureRate > 0) foreach (var line in _rowLines) if (rng.NextDouble() < s.RowLineFailureRate) foreach (int u in line) Mark(u, DefectKind.Open);
        if (s.ColumnLineFailureRate > 0) foreach (var line in _columnLines) if (rng.NextDouble() < s.ColumnLineFailureRate) foreach (int u in line) Mark(u, DefectKind.Open);
        return Collect();
    }

    private void Mark(int u, DefectKind kind)
    {
        int l = _layerOf[u], c = _cellOf[u];
        var list = _building[l];
        int slot = _slot[l][c];
        if (slot < 0) { slot = _slot[l][c] = list.Count; list.Add((c, DefectKind.None, DefectKind.None)); }
        var e = list[slot];
        list[slot] = _positive[u] ? (c, kind, e.N) : (c, e.P, kind);
    }

    private CellDefects Collect()
    {
        var layers = new LayerDefects[_building.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            var list = _building[l];
            var cells = new int[list.Count]; var plus = new float[list.Count]; var minus = new float[list.Count];
            for (int k = 0; k < list.Count; k++)
            {
                var (c, p, n) = list[k];
                cells[k] = c;
                plus[k] = _effect[(int)p * 5 + (int)n, 0];
                minus[k] = _effect[(int)p * 5 + (int)n, 1];
                _slot[l][c] = -1;
            }
            list.Clear();
            layers[l] = new LayerDefects(cells, plus, minus);
        }
        return new CellDefects(layers);
    }
}
