using CrossbarLab.Compute;
using CrossbarLab.Hardware;

namespace CrossbarLab.Gpu.Training;

/// <summary>
/// A step's defect instances packed into one int array for one upload: per layer and instance, the defective cells
/// grouped by the output they change (for the forward corrections and the gradient terms) and, for layers after the
/// first, by the input they change (for the backward corrections). Within a group the cells keep the order the
/// instance lists them in (a stable counting sort), which is the order the CPU engine sums them in.
/// </summary>
/// <remarks>
/// Layout: first the start tables (per layer: the forward table, K × (outputs + 1) entries; for layers l ≥ 1 also the
/// backward table, K × (inputs + 1)), then the entries, three ints each (cell, bits of its value if the weight is +1,
/// bits if −1): every forward entry, layer by layer and instance by instance, then every backward entry. Start tables
/// hold entry numbers. The instances are packed on the <see cref="WorkerPool"/>, one instance per piece; the host array
/// is kept and grows only when a step has more cells than any before.
/// </remarks>
internal sealed class DefectPacking : IParallelJob
{
    private readonly int[] _widths;
    private readonly int _layers;
    private readonly int[] _forwardTable, _backwardTable;
    private readonly int[] _forwardFirst, _backwardFirst;   // [layer·K + k]: the first entry of (layer, k)
    private readonly CellDefects?[] _instances;
    private readonly CellDefects?[] _packed;
    private int[] _data = [];
    private int _entriesAt;

    /// <summary>Prepares packing for a network of layer widths <paramref name="widths"/> and up to
    /// <paramref name="maxInstances"/> instances a step.</summary>
    public DefectPacking(int[] widths, int maxInstances)
    {
        _widths = widths;
        _layers = widths.Length - 1;
        _forwardTable = new int[_layers];
        _backwardTable = new int[_layers];
        _forwardFirst = new int[_layers * maxInstances + 1];
        _backwardFirst = new int[_layers * maxInstances + 1];
        _instances = new CellDefects?[maxInstances];
        _packed = new CellDefects?[maxInstances];
    }

    /// <summary>Instances of the packed step (at least 1: a step without instances is one clean instance).</summary>
    public int Instances { get; private set; }

    /// <summary>Ints in use at the start of <see cref="Data"/>.</summary>
    public int Length { get; private set; }

    /// <summary>The packed step.</summary>
    public ReadOnlySpan<int> Data => _data.AsSpan(0, Length);

    /// <summary>
    /// Packs <paramref name="instances"/>; returns false, packing nothing, when they are the very instances packed last
    /// (a hardware-aware run's die, a clean software step), so the device copy is still current.
    /// </summary>
    public bool Pack(ReadOnlySpan<CellDefects> instances)
    {
        int k = Math.Max(1, instances.Length);
        for (int i = 0; i < _instances.Length; i++)
            _instances[i] = i < instances.Length ? instances[i] : null;
        if (k == Instances && SameAsPacked(k))
            return false;
        Instances = k;
        Layout(k);
        WorkerPool.Shared.Run(this, k);
        Array.Copy(_instances, _packed, _instances.Length);
        return true;
    }

    /// <summary>The forward groups (by output) of <paramref name="layer"/>, whose latent weights start at
    /// <paramref name="latentAt"/> in the parameter buffer.</summary>
    public DefectGroups Forward(int layer, int latentAt) =>
        new(_forwardTable[layer], _widths[layer + 1], _entriesAt, _widths[layer + 1], latentAt);

    /// <summary>The backward groups (by input) of <paramref name="layer"/> ≥ 1.</summary>
    public DefectGroups Backward(int layer, int latentAt) =>
        new(_backwardTable[layer], _widths[layer], _entriesAt, _widths[layer + 1], latentAt);

    /// <summary>The forward entries of instance <paramref name="k"/> in <paramref name="layer"/>: first and count.
    /// </summary>
    public (int First, int Count) Entries(int layer, int k)
    {
        int at = layer * Instances + k;
        return (_forwardFirst[at], _forwardFirst[at + 1] - _forwardFirst[at]);
    }

    /// <summary>Defective cells of <paramref name="layer"/> over every instance of the step.</summary>
    public int CellsIn(int layer) => _forwardFirst[(layer + 1) * Instances] - _forwardFirst[layer * Instances];

    /// <summary>Packs instance <paramref name="index"/> (one piece of the pool's job).</summary>
    public void Execute(int index)
    {
        var instance = _instances[index];
        for (int l = 0; l < _layers; l++)
        {
            var cells = instance != null && l < instance.Layers.Length ? instance.Layers[l] : LayerDefects.None;
            int outputs = _widths[l + 1];
            Group(cells, _forwardTable[l] + index * (outputs + 1), outputs, _forwardFirst[l * Instances + index],
                byInput: false, outputs);
            if (l > 0)
                Group(cells, _backwardTable[l] + index * (_widths[l] + 1), _widths[l],
                    _backwardFirst[l * Instances + index], byInput: true, outputs);
        }
    }

    private bool SameAsPacked(int k)
    {
        for (int i = 0; i < k; i++)
        {
            if (!ReferenceEquals(_instances[i], _packed[i]))
                return false;
        }
        return true;
    }

    /// <summary>Places the tables and the entries of a step of <paramref name="k"/> instances; grows the array.
    /// </summary>
    private void Layout(int k)
    {
        int at = 0;
        for (int l = 0; l < _layers; l++)
        {
            _forwardTable[l] = at;
            at += k * (_widths[l + 1] + 1);
            if (l == 0)
                continue;
            _backwardTable[l] = at;
            at += k * (_widths[l] + 1);
        }
        _entriesAt = at;
        long entries = 0;
        for (int l = 0; l < _layers; l++)
        {
            for (int i = 0; i < k; i++)
            {
                _forwardFirst[l * k + i] = (int)entries;
                entries += Cells(i, l);
            }
        }
        _forwardFirst[_layers * k] = (int)entries;
        for (int l = 1; l < _layers; l++)
        {
            for (int i = 0; i < k; i++)
            {
                _backwardFirst[l * k + i] = (int)entries;
                entries += Cells(i, l);
            }
        }
        long length = at + 3 * entries;
        if (length > int.MaxValue)
            throw new InvalidOperationException($"{entries:N0} defective cells in one step exceed one upload.");
        Length = (int)length;
        if (_data.Length < Length)
            _data = new int[Math.Max(Length, _data.Length + _data.Length / 2)];
    }

    private int Cells(int k, int layer)
    {
        var instance = _instances[k];
        return instance != null && layer < instance.Layers.Length ? instance.Layers[layer].Cells.Length : 0;
    }

    /// <summary>
    /// One instance's cells of one layer grouped by target (output, or input with <paramref name="byInput"/>): a stable
    /// counting sort into the entries from <paramref name="first"/> on, with the group starts in the table at
    /// <paramref name="table"/> (groups + 1 values).
    /// </summary>
    private void Group(LayerDefects defects, int table, int groups, int first, bool byInput, int outputs)
    {
        var data = _data;
        var cells = defects.Cells;
        Array.Clear(data, table, groups + 1);
        foreach (int cell in cells)
            data[table + Target(cell, byInput, outputs) + 1]++;
        data[table] = first;
        for (int t = 0; t < groups; t++)
            data[table + t + 1] += data[table + t];
        // Each group's start walks through the group as its cells are placed, and is put back afterwards.
        for (int c = 0; c < cells.Length; c++)
        {
            int entry = _entriesAt + 3 * data[table + Target(cells[c], byInput, outputs)]++;
            data[entry] = cells[c];
            data[entry + 1] = BitConverter.SingleToInt32Bits(defects.IfPlus[c]);
            data[entry + 2] = BitConverter.SingleToInt32Bits(defects.IfMinus[c]);
        }
        for (int t = groups - 1; t > 0; t--)
            data[table + t] = data[table + t - 1];
        data[table] = first;
    }

    private static int Target(int cell, bool byInput, int outputs) => byInput ? cell / outputs : cell % outputs;
}
