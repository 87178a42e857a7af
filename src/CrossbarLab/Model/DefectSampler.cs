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
    private readonly DeviceModel _device;
    private readonly DifferentialMapping _mapping;
    private readonly double? _saturation;
    private readonly int[] _usedDevices;                 // every device that holds a weight, ascending
    private readonly Dictionary<int, (int Layer, int Cell, bool Positive)> _cellOf = new();
    private readonly int[][] _rowLineDevices, _columnLineDevices;

    /// <summary>Prepares a sampler for a network placed by <paramref name="mapping"/>.</summary>
    /// <param name="saturation">If set, single shorts take ±saturation instead of the device-derived value.</param>
    public DefectSampler(DefectStatistics statistics, DeviceModel device, DifferentialMapping mapping, double? saturation)
    {
        statistics.Validate(); device.Validate();
        _stats = statistics; _device = device; _mapping = mapping; _saturation = saturation;
        var g = mapping.Geometry;
        for (int l = 0; l + 1 < mapping.Widths.Length; l++)
        {
            var positive = mapping.PositiveDevices(l);
            for (int c = 0; c < positive.Length; c++)
            {
                _cellOf[positive[c]] = (l, c, true);
                _cellOf[positive[c] + g.TileColumns] = (l, c, false);
            }
        }
        _usedDevices = _cellOf.Keys.Order().ToArray();
        _rowLineDevices = _usedDevices.GroupBy(g.RowLineOf).Select(x => x.ToArray()).ToArray();
        _columnLineDevices = _usedDevices.GroupBy(d => g.Position(d).Column).Select(x => x.ToArray()).ToArray();
    }

    /// <summary>Draws the instance keyed by (seed, "defect-instance", a, b) — e.g. (step, instance).</summary>
    public CellDefects Sample(ulong seed, long a, long b)
    {
        var rng = new RandomStream(seed, "defect-instance", a, b);
        var s = _stats;
        var kinds = new Dictionary<int, DefectKind>();
        bool clean = rng.NextDouble() < s.CleanDieFraction;
        double g = rng.NextGaussian();
        double factor = clean ? 0 : Math.Exp(s.DieToDieSpread * g - s.DieToDieSpread * s.DieToDieSpread / 2) / (1 - s.CleanDieFraction);
        double total = Math.Min(1, s.TotalPointRate * factor);
        if (total > 0)
        {
            double logQ = Math.Log(1 - total);
            for (long i = -1; ;)
            {
                // Gap to the next defective device ~ Geometric(total).
                i += total >= 1 ? 1 : 1 + (long)Math.Floor(Math.Log(1 - rng.NextDouble()) / logQ);
                if (i >= _usedDevices.Length) break;
                double u = rng.NextDouble() * s.TotalPointRate;
                var kind = u < s.ShortRate ? DefectKind.Short : u < s.ShortRate + s.OpenRate ? DefectKind.Open
                    : u < s.ShortRate + s.OpenRate + s.StuckParallelRate ? DefectKind.StuckParallel : DefectKind.StuckAntiparallel;
                kinds[_usedDevices[i]] = kind;
            }
        }
        foreach (var line in _rowLineDevices) if (s.RowLineFailureRate > 0 && rng.NextDouble() < s.RowLineFailureRate) foreach (int d in line) kinds[d] = DefectKind.Open;
        foreach (var line in _columnLineDevices) if (s.ColumnLineFailureRate > 0 && rng.NextDouble() < s.ColumnLineFailureRate) foreach (int d in line) kinds[d] = DefectKind.Open;
        return Build(kinds);
    }

    private CellDefects Build(Dictionary<int, DefectKind> kinds)
    {
        int layers = _mapping.Widths.Length - 1;
        var byCell = new SortedDictionary<int, (DefectKind P, DefectKind N)>[layers];
        for (int l = 0; l < layers; l++) byCell[l] = new();
        foreach (var (device, kind) in kinds)
        {
            var (l, c, positive) = _cellOf[device];
            byCell[l].TryGetValue(c, out var pair);
            byCell[l][c] = positive ? (kind, pair.N) : (pair.P, kind);
        }
        var result = new LayerDefects[layers];
        for (int l = 0; l < layers; l++)
        {
            var cells = byCell[l];
            result[l] = new LayerDefects(cells.Keys.ToArray(),
                cells.Values.Select(p => (float)DefectEffects.EffectiveWeight(_device, p.P, p.N, +1, _saturation)).ToArray(),
                cells.Values.Select(p => (float)DefectEffects.EffectiveWeight(_device, p.P, p.N, -1, _saturation)).ToArray());
        }
        return new CellDefects(result);
    }
}
