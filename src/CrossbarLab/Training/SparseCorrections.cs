using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CrossbarLab.Compute;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>
/// The sparse parts of the double batch for one defect instance, with scratch for one thread. One instance's effective
/// weights differ from sign(W) by d = w_eff − sign(w) at its defective cells only, so
/// <list type="bullet">
/// <item>forward, output row j gets Σ d·input row i over the cells (i, j) of column j;</item>
/// <item>backward through the weights, input row i gets Σ d·δ row j over the cells (i, j) of row i;</item>
/// <item>the weight gradient, summed over instances, loses each instance's own term Σ_b a[b, i]·δ[b, j] at its cells.</item>
/// </list>
/// Rows are feature-major (one row per feature, one value per sample), so each cell costs one contiguous
/// multiply-add of batch length.
/// </summary>
/// <remarks>
/// The arithmetic is the engine's original, operation for operation, so results are bit-identical to it: a row's
/// corrections are summed in the order the cells are listed, starting from zero, and the sum is then added once
/// (z = z_shared + (d₁x₁ + d₂x₂ + …)); the per-cell products use <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
/// on the same contiguous vectors. Grouping the cells by the row they change (a stable counting sort) keeps that order and
/// lets each row's sum stay in registers, which measured faster than adding each cell into a row of sums in memory.
/// </remarks>
internal sealed unsafe class SparseCorrections
{
    private readonly int[] _start;        // group g (the cells changing row g) holds entries [_start[g], _start[g + 1])
    private int[] _from, _cellTarget, _cellFrom;
    private float[] _value, _cellValue;

    /// <summary>Scratch for layers up to <paramref name="maxWidth"/> wide.</summary>
    public SparseCorrections(int maxWidth)
    {
        _start = new int[maxWidth + 1];
        _from = []; _cellTarget = []; _cellFrom = []; _value = []; _cellValue = [];
    }

    /// <summary>
    /// output = base + the corrections of <paramref name="defects"/>: forward (row j of the output gets d·input row i
    /// for each cell (i, j)) or, with <paramref name="byInput"/>, backward through the weights (row i gets d·input row j).
    /// Rows without a cell are copied from base (left alone when base is the output).
    /// </summary>
    /// <param name="outputs">The layer's output count (cell = input·outputs + output).</param>
    /// <param name="rows">Rows of the output block.</param>
    public void Apply(LayerDefects defects, ReadOnlySpan<float> latent, FastDivisor outputs, bool byInput,
        FeatureBlock input, FeatureBlock baseRows, FeatureBlock output, int rows)
    {
        Group(defects, latent, outputs, byInput, rows);
        bool inPlace = baseRows.Data == output.Data && baseRows.Column == output.Column && baseRows.Stride == output.Stride;
        for (int r = 0; r < rows; r++)
        {
            int first = _start[r], end = _start[r + 1];
            if (first < end) AddGroup(first, end, input, baseRows.Row(r), output.Row(r));
            else if (!inPlace) baseRows.Row(r).CopyTo(output.Row(r));
        }
    }

    /// <summary>
    /// Groups the cells whose d is nonzero by the row they change, keeping their listed order within each group (a
    /// stable counting sort), so that each row's sum can stay in registers.
    /// </summary>
    private void Group(LayerDefects defects, ReadOnlySpan<float> latent, FastDivisor outputs, bool byInput, int rows)
    {
        int n = defects.Cells.Length, count = 0;
        if (defects.IfPlus.Length < n || defects.IfMinus.Length < n) throw new ArgumentException("Defect values missing for some cells.");
        EnsureCapacity(n);
        fixed (int* cells = defects.Cells, start = _start, target = _cellTarget, from = _cellFrom, groupedFrom = _from)
        fixed (float* ifPlus = defects.IfPlus, ifMinus = defects.IfMinus, w = latent, value = _cellValue, groupedValue = _value)
        {
            new Span<int>(start, rows + 1).Clear();
            for (int c = 0; c < n; c++)
            {
                int cell = cells[c];
                if ((uint)cell >= (uint)latent.Length) throw new ArgumentOutOfRangeException(nameof(defects), $"Cell {cell} is outside the layer.");
                float d = Deviation(w[cell], ifPlus[c], ifMinus[c]);
                if (d == 0f) continue; // no change to the weight, so none to the sums
                var (i, j) = outputs.DivRem(cell);
                int t = byInput ? i : j;
                target[count] = t; from[count] = byInput ? j : i; value[count] = d;
                start[t + 1]++;
                count++;
            }
            for (int g = 0; g < rows; g++) start[g + 1] += start[g];
            // Stable placement: start[g] walks through group g, then is restored by the shift below.
            for (int e = 0; e < count; e++)
            {
                int slot = start[target[e]]++;
                groupedFrom[slot] = from[e]; groupedValue[slot] = value[e];
            }
            for (int g = rows; g > 0; g--) start[g] = start[g - 1];
            start[0] = 0;
        }
    }

    /// <summary>output = base + Σ_e value_e·input row from_e over entries [first, end): each column's sum starts from
    /// zero and runs over the entries in order, a few columns at a time in registers.</summary>
    private void AddGroup(int first, int end, FeatureBlock input, ReadOnlySpan<float> baseRow, Span<float> output)
    {
        int n = output.Length, c = 0, stride = input.Stride;
        fixed (float* x0 = input.Data, b = baseRow, o = output)
        fixed (int* from = _from)
        fixed (float* value = _value)
        {
            float* x = x0 + input.Column;
            if (Vector512.IsHardwareAccelerated)
                for (; c + 16 <= n; c += 16)
                {
                    var sum = Vector512<float>.Zero;
                    for (int e = first; e < end; e++) sum += Vector512.Load(x + (long)from[e] * stride + c) * Vector512.Create(value[e]);
                    (Vector512.Load(b + c) + sum).Store(o + c);
                }
            for (; c + 8 <= n; c += 8)
            {
                var sum = Vector256<float>.Zero;
                for (int e = first; e < end; e++) sum += Vector256.Load(x + (long)from[e] * stride + c) * Vector256.Create(value[e]);
                (Vector256.Load(b + c) + sum).Store(o + c);
            }
            for (; c + 4 <= n; c += 4)
            {
                var sum = Vector128<float>.Zero;
                for (int e = first; e < end; e++) sum += Vector128.Load(x + (long)from[e] * stride + c) * Vector128.Create(value[e]);
                (Vector128.Load(b + c) + sum).Store(o + c);
            }
            for (; c < n; c++)
            {
                float sum = 0f;
                for (int e = first; e < end; e++) sum += x[(long)from[e] * stride + c] * value[e];
                o[c] = b[c] + sum;
            }
        }
    }

    private void EnsureCapacity(int cells)
    {
        if (_from.Length >= cells) return;
        int size = Math.Max(cells, 2 * _from.Length);
        _from = new int[size]; _value = new float[size];
        _cellTarget = new int[size]; _cellFrom = new int[size]; _cellValue = new float[size];
    }

    /// <summary>
    /// d = <see cref="LayerDefects.Value"/> − sign(w), without branches: the latent signs are random, and a branch on
    /// them mispredicted on every other cell.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Deviation(float w, float ifPlus, float ifMinus)
    {
        // All ones where w ≥ 0 (−0 included, NaN not), as in Value; a vector compare, as the JIT turns the scalar one into a branch.
        int plus = Vector128.GreaterThanOrEqual(Vector128.CreateScalarUnsafe(w), Vector128<float>.Zero).AsInt32().ToScalar();
        int value = BitConverter.SingleToInt32Bits(ifPlus) & plus | BitConverter.SingleToInt32Bits(ifMinus) & ~plus;
        int sign = BitConverter.SingleToInt32Bits(1f) | ~plus & int.MinValue; // +1 or −1
        return BitConverter.Int32BitsToSingle(value) - BitConverter.Int32BitsToSingle(sign);
    }

    /// <summary>products[c] = Σ_b a[b, i]·δ[b, j] for each cell c = (i, j) of <paramref name="defects"/>, in order.</summary>
    public static void CellProducts(LayerDefects defects, FastDivisor outputs, FeatureBlock a, FeatureBlock delta, Span<float> products)
    {
        var cells = defects.Cells;
        if (products.Length < cells.Length) throw new ArgumentException("One product per cell is needed.", nameof(products));
        int n = a.Length;
        fixed (float* aRows = &a.Row(0)[0], deltaRows = &delta.Row(0)[0])
            for (int c = 0; c < cells.Length; c++)
            {
                var (i, j) = outputs.DivRem(cells[c]);
                if (i * a.Stride + a.Column + n > a.Data.Length || j * delta.Stride + delta.Column + n > delta.Data.Length)
                    throw new ArgumentOutOfRangeException(nameof(defects), $"Cell {cells[c]} is outside the layer.");
                var aRow = new ReadOnlySpan<float>(aRows + (long)i * a.Stride, n);
                var deltaRow = new ReadOnlySpan<float>(deltaRows + (long)j * delta.Stride, n);
                products[c] = TensorPrimitives.Dot(aRow, deltaRow);
            }
    }

    /// <summary>
    /// gradient[cell] −= products[c] for the cells c of <paramref name="defects"/> in [<paramref name="first"/>,
    /// <paramref name="end"/>): the instance's contribution at its defective cells, removed.
    /// </summary>
    public static void SubtractAtCells(LayerDefects defects, ReadOnlySpan<float> products, Span<float> gradient, int first, int end)
    {
        var cells = defects.Cells;
        for (int c = 0; c < cells.Length; c++)
        {
            int cell = cells[c];
            if (cell >= first && cell < end) gradient[cell] -= products[c];
        }
    }
}
