using System.Numerics.Tensors;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>
/// The sparse parts of the double batch for one instance, laid out so the inner loops run over contiguous memory: the
/// input block (batch × width) is used transposed (width × batch), so each defective cell costs one vector multiply-add
/// of length batch instead of batch strided reads. The first layer's transposed input is shared by all instances.
/// </summary>
internal sealed class SparseCorrections
{
    private readonly float[] _scratchT, _acc, _gradT;

    /// <summary>Scratch for batches of up to <paramref name="maxBatch"/> and layers up to <paramref name="maxWidth"/> wide.</summary>
    public SparseCorrections(int maxBatch, int maxWidth)
    {
        _scratchT = new float[maxBatch * maxWidth];
        _acc = new float[maxBatch * maxWidth];
        _gradT = new float[maxBatch * maxWidth];
    }

    /// <summary>Transposes a row-major block into the instance scratch and returns it.</summary>
    public ReadOnlySpan<float> TransposeToScratch(ReadOnlySpan<float> block, int rows, int columns)
    {
        Transpose(block, rows, columns, _scratchT);
        return _scratchT.AsSpan(0, rows * columns);
    }

    /// <summary>
    /// output[b, to] += input[b, from]·d over the cells, given inputT = inputᵀ (width × batch). Forward: from = input i,
    /// to = output j; backward through the weights (transpose): from = j, to = i. d = w_eff − sign(w) for the cell's current latent weight.
    /// </summary>
    public void Add(ReadOnlySpan<float> inputT, int inputWidth, Span<float> output, int outputWidth, int batch, LayerDefects defects, float[] latent, bool transpose)
    {
        if (defects.Cells.Length == 0) return;
        int nOut = transpose ? inputWidth : outputWidth;
        var acc = _acc.AsSpan(0, outputWidth * batch);
        acc.Clear();
        for (int c = 0; c < defects.Cells.Length; c++)
        {
            int cell = defects.Cells[c], i = cell / nOut, j = cell % nOut;
            float w = latent[cell];
            float d = defects.Value(c, w) - (w >= 0f ? 1f : -1f);
            if (d == 0f) continue;
            int from = transpose ? j : i, to = transpose ? i : j;
            var row = acc.Slice(to * batch, batch);
            TensorPrimitives.MultiplyAdd(inputT.Slice(from * batch, batch), d, row, row);
        }
        for (int b = 0; b < batch; b++)
        {
            var o = output.Slice(b * outputWidth, outputWidth);
            for (int t = 0; t < outputWidth; t++) o[t] += acc[t * batch + b];
        }
    }

    /// <summary>gradient[cell] −= Σ_b a[b, i]·δ[b, j] at every defective cell, given aT = aᵀ (the instance's contribution there, removed).</summary>
    public void SubtractAtCells(ReadOnlySpan<float> aT, ReadOnlySpan<float> dz, int batch, int nOut, LayerDefects defects, float[] gradient)
    {
        if (defects.Cells.Length == 0) return;
        Transpose(dz, batch, nOut, _gradT);
        foreach (int cell in defects.Cells)
        {
            int i = cell / nOut, j = cell % nOut;
            gradient[cell] -= TensorPrimitives.Dot(aT.Slice(i * batch, batch), _gradT.AsSpan(j * batch, batch));
        }
    }

    /// <summary>target (columns × rows) = sourceᵀ for a row-major rows × columns source.</summary>
    public static void Transpose(ReadOnlySpan<float> source, int rows, int columns, Span<float> target)
    {
        for (int r = 0; r < rows; r++)
        {
            var row = source.Slice(r * columns, columns);
            for (int c = 0; c < columns; c++) target[c * rows + r] = row[c];
        }
    }
}
