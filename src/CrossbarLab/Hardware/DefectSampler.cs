using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using CrossbarLab.Compute;
using CrossbarLab.Devices;

namespace CrossbarLab.Hardware;

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
    private readonly int[] _devices;                    // per used device (ascending device index), packed by Pack
    private readonly int[][] _rowLines, _columnLines;   // used devices (as used-device positions) on each line
    private readonly float[] _effect;                   // [(kindPositive·5 + kindNegative)·2 + (0 for +1, 1 for −1)]
    private readonly int[] _cellsPerLayer;
    private readonly int _networkLayers;                // the instances' layers: the mapped ones, then clean ones off the die
    private readonly Scratch _scratch;                  // for Sample, which is single-threaded
    private Scratch[] _threadScratch = [];
    private readonly BatchJob _batch;

    /// <summary>A device that holds a weight: its layer, its cell and whether it is the positive device of the pair.</summary>
    private readonly record struct UsedDevice(int Cell, int Layer, bool Positive)
    {
        // Four bytes a device, so that the table (one entry per device of the network) stays small in cache.
        private const int LayerBits = 5, CellShift = LayerBits + 1;

        public int Pack() => Cell << CellShift | Layer << 1 | (Positive ? 1 : 0);

        public static UsedDevice Unpack(int packed) => new(packed >> CellShift, (packed >> 1) & ((1 << LayerBits) - 1), (packed & 1) != 0);

        public static void CheckFits(int layers, int cellsPerLayer)
        {
            if (layers > 1 << LayerBits || cellsPerLayer >= 1 << (31 - CellShift))
                throw new InvalidConfigurationException($"the defect sampler handles up to {1 << LayerBits} layers of up to {(1 << (31 - CellShift)) - 1:N0} weights each.");
        }
    }

    /// <summary>Prepares a sampler for a network whose on-die layers <paramref name="mapping"/> places.</summary>
    /// <param name="saturation">If set, single shorts take ±saturation instead of the device-derived value.</param>
    /// <param name="networkLayers">The network's layers, if more than the mapping's (first-layer placement): the rest are clean.</param>
    public DefectSampler(DefectStatistics statistics, DeviceModel device, DifferentialMapping mapping, double? saturation,
        int? networkLayers = null)
    {
        statistics.Validate(); device.Validate();
        _stats = statistics;
        var g = mapping.Geometry;
        int layers = mapping.Widths.Length - 1;
        for (int l = 0; l < layers; l++) UsedDevice.CheckFits(layers, mapping.Widths[l] * mapping.Widths[l + 1]);
        var owners = new SortedDictionary<int, UsedDevice>();
        for (int l = 0; l < layers; l++)
        {
            var positive = mapping.PositiveDevices(l);
            for (int c = 0; c < positive.Length; c++)
            {
                owners[positive[c]] = new UsedDevice(c, l, true);
                owners[positive[c] + g.TileColumns] = new UsedDevice(c, l, false);
            }
        }
        var devices = owners.Keys.ToArray();
        _usedCount = devices.Length;
        _devices = owners.Values.Select(d => d.Pack()).ToArray();
        var positions = Enumerable.Range(0, devices.Length);
        _rowLines = positions.GroupBy(u => g.RowLineOf(devices[u])).OrderBy(x => x.Key).Select(x => x.ToArray()).ToArray();
        _columnLines = positions.GroupBy(u => g.Position(devices[u]).Column).OrderBy(x => x.Key).Select(x => x.ToArray()).ToArray();
        _effect = new float[50];
        for (int kp = 0; kp < 5; kp++)
            for (int kn = 0; kn < 5; kn++)
            {
                _effect[(kp * 5 + kn) * 2] = (float)DefectEffects.EffectiveWeight(device, (DefectKind)kp, (DefectKind)kn, +1, saturation);
                _effect[(kp * 5 + kn) * 2 + 1] = (float)DefectEffects.EffectiveWeight(device, (DefectKind)kp, (DefectKind)kn, -1, saturation);
            }
        _cellsPerLayer = Enumerable.Range(0, layers).Select(l => mapping.Widths[l] * mapping.Widths[l + 1]).ToArray();
        _networkLayers = Math.Max(layers, networkLayers ?? layers);
        _scratch = new Scratch(_cellsPerLayer);
        _batch = new BatchJob(this);
    }

    /// <summary>Draws the instance keyed by (seed, <paramref name="purpose"/>, a, b) — e.g. (step, instance). Not thread-safe.</summary>
    public CellDefects Sample(ulong seed, long a, long b, string purpose = "defect-instance") => Sample(seed, a, b, purpose, _scratch);

    /// <summary>
    /// instances[b] = <see cref="Sample(ulong, long, long, string)"/>(seed, a, b) for b &lt; count, drawn on the
    /// <see cref="WorkerPool"/>: each instance has its own random stream, so the draws do not depend on the threads.
    /// Not thread-safe.
    /// </summary>
    public void SampleMany(ulong seed, long a, CellDefects[] instances, int count, string purpose = "defect-instance")
    {
        var pool = WorkerPool.Shared;
        int pieces = Math.Min(pool.Parallelism, count);
        if (_threadScratch.Length < pieces)
        {
            var more = new Scratch[pieces];
            for (int t = 0; t < pieces; t++) more[t] = t < _threadScratch.Length ? _threadScratch[t] : new Scratch(_cellsPerLayer);
            _threadScratch = more;
        }
        _batch.Start(seed, a, instances, count, purpose);
        if (pieces <= 1) _batch.Execute(0);
        else pool.Run(_batch, pieces);
    }

    private CellDefects Sample(ulong seed, long a, long b, string purpose, Scratch scratch)
    {
        var rng = new RandomState(seed, purpose, a, b);
        var s = _stats;
        bool clean = rng.NextDouble() < s.CleanDieFraction;
        double factor = s.DieRateFactor(clean, rng.NextGaussian());
        double total = Math.Min(1, s.TotalPointRate * factor);
        var marks = scratch.Marks;
        marks.Clear();
        if (total > 0) DrawPointDefects(ref rng, total, marks);
        if (s.RowLineFailureRate > 0) DrawLineFailures(ref rng, _rowLines, s.RowLineFailureRate, marks);
        if (s.ColumnLineFailureRate > 0) DrawLineFailures(ref rng, _columnLines, s.ColumnLineFailureRate, marks);
        MarkAll(scratch);
        return Collect(scratch);
    }

    /// <summary>Each used device defective with probability <paramref name="total"/>, in device order, with its kind.</summary>
    private void DrawPointDefects(ref RandomState state, double total, MarkList marks)
    {
        var s = _stats;
        var rng = state; // a local copy stays in registers through the loop
        double logQ = Math.Log(1 - total);
        // The kind thresholds, each the same sum as the statistics' own properties give.
        double pointRate = s.TotalPointRate, shorts = s.ShortRate, opens = s.ShortRate + s.OpenRate;
        double stuckParallel = s.ShortRate + s.OpenRate + s.StuckParallelRate;
        for (long u = -1; ;)
        {
            // Gap to the next defective device ~ Geometric(total).
            u += total >= 1 ? 1 : 1 + (long)Math.Floor(Math.Log(1 - rng.NextDouble()) / logQ);
            if (u >= _usedCount) break;
            double x = rng.NextDouble() * pointRate;
            var kind = x < shorts ? DefectKind.Short : x < opens ? DefectKind.Open
                : x < stuckParallel ? DefectKind.StuckParallel : DefectKind.StuckAntiparallel;
            marks.Add((int)u, kind);
        }
        state = rng;
    }

    /// <summary>Each line broken with probability <paramref name="rate"/>: all its used devices open.</summary>
    private static void DrawLineFailures(ref RandomState rng, int[][] lines, double rate, MarkList marks)
    {
        foreach (var line in lines)
            if (rng.NextDouble() < rate)
                foreach (int u in line) marks.Add(u, DefectKind.Open);
    }

    /// <summary>
    /// Marks the drawn devices in draw order. Apart from the drawing, because the device table is read at random-looking
    /// places (a device in a hundred is defective) and missed the cache on almost every mark: with the positions known
    /// in advance, each entry is prefetched a few marks ahead.
    /// </summary>
    private unsafe void MarkAll(Scratch scratch)
    {
        var marks = scratch.Marks;
        const int ahead = 16;
        fixed (int* devices = _devices)
            for (int m = 0; m < marks.Count; m++)
            {
                if (m + ahead < marks.Count && Sse.IsSupported) Sse.Prefetch0(devices + marks.Units[m + ahead]);
                Mark(scratch, marks.Units[m], marks.Kinds[m]);
            }
    }

    /// <summary>Marks used device u defective; its cell joins the instance the first time one of its devices does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Mark(Scratch scratch, int u, DefectKind kind)
    {
        var device = UsedDevice.Unpack(_devices[u]);
        var list = scratch.Layers[device.Layer];
        // A bit per cell (small enough to stay in cache) says whether the cell is listed yet.
        ref ulong seen = ref scratch.Seen[device.Layer][device.Cell >> 6];
        ulong bit = 1UL << device.Cell;
        int slot;
        if ((seen & bit) == 0)
        {
            seen |= bit;
            slot = list.Add(device.Cell);
        }
        else slot = list.IndexOf(device.Cell);
        if (device.Positive) list.Positive[slot] = kind;
        else list.Negative[slot] = kind;
    }

    /// <summary>The instance built in <paramref name="scratch"/>, cells in the order they joined; resets the scratch.</summary>
    private CellDefects Collect(Scratch scratch)
    {
        var layers = new LayerDefects[_networkLayers];
        for (int l = scratch.Layers.Length; l < layers.Length; l++) layers[l] = LayerDefects.None;
        for (int l = 0; l < scratch.Layers.Length; l++)
        {
            var building = scratch.Layers[l];
            var seen = scratch.Seen[l];
            int n = building.Count;
            var cells = building.Cells.AsSpan(0, n).ToArray(); var plus = new float[n]; var minus = new float[n];
            for (int k = 0; k < n; k++)
            {
                int effect = ((int)building.Positive[k] * 5 + (int)building.Negative[k]) * 2;
                plus[k] = _effect[effect];
                minus[k] = _effect[effect + 1];
                seen[cells[k] >> 6] = 0;
            }
            building.Clear();
            layers[l] = new LayerDefects(cells, plus, minus);
        }
        return new CellDefects(layers);
    }

    /// <summary>Per-thread state of a draw: the devices drawn, which cells are listed, and the cells so far.</summary>
    private sealed class Scratch
    {
        public readonly MarkList Marks = new();
        public readonly ulong[][] Seen;
        public readonly CellList[] Layers;

        public Scratch(int[] cellsPerLayer)
        {
            Seen = cellsPerLayer.Select(n => new ulong[(n + 63) / 64]).ToArray();
            Layers = cellsPerLayer.Select(_ => new CellList()).ToArray();
        }
    }

    /// <summary>The defective devices drawn for one instance (used-device positions) with their kinds, in draw order.</summary>
    private sealed class MarkList
    {
        public int[] Units = new int[256];
        public DefectKind[] Kinds = new DefectKind[256];
        public int Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int u, DefectKind kind)
        {
            if (Count == Units.Length) { Array.Resize(ref Units, 2 * Count); Array.Resize(ref Kinds, 2 * Count); }
            Units[Count] = u; Kinds[Count] = kind;
            Count++;
        }

        public void Clear() => Count = 0;
    }

    /// <summary>The defective cells of one layer being built, with the defect kind of each of their two devices.</summary>
    private sealed class CellList
    {
        public int[] Cells = new int[64];
        public DefectKind[] Positive = new DefectKind[64], Negative = new DefectKind[64];
        public int Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Add(int cell)
        {
            if (Count == Cells.Length) Grow();
            Cells[Count] = cell; Positive[Count] = DefectKind.None; Negative[Count] = DefectKind.None;
            return Count++;
        }

        private void Grow()
        {
            Array.Resize(ref Cells, 2 * Count); Array.Resize(ref Positive, 2 * Count); Array.Resize(ref Negative, 2 * Count);
        }

        /// <summary>
        /// Where a listed cell sits, searching from the most recent: a cell's second device comes at most a tile's
        /// width of devices after its first (the pair shares a row, TileColumns apart), so the search is short; only
        /// a broken line, marked after all point defects, can look further back.
        /// </summary>
        public int IndexOf(int cell)
        {
            int k = Count - 1;
            while (Cells[k] != cell) k--;
            return k;
        }

        public void Clear() => Count = 0;
    }

    /// <summary>One <see cref="SampleMany"/> call: instances handed out one at a time to the pool's threads, each with its own scratch.</summary>
    private sealed class BatchJob(DefectSampler owner) : IParallelJob
    {
        private ulong _seed;
        private long _a;
        private CellDefects[] _target = [];
        private int _count, _next;
        private string _purpose = "";

        public void Start(ulong seed, long a, CellDefects[] target, int count, string purpose)
        {
            _seed = seed; _a = a; _target = target; _count = count; _purpose = purpose; _next = 0;
        }

        public void Execute(int index)
        {
            var scratch = owner._threadScratch[index];
            int b;
            while ((b = Interlocked.Increment(ref _next) - 1) < _count) _target[b] = owner.Sample(_seed, _a, b, _purpose, scratch);
        }
    }
}
