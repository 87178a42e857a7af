using ILGPU;

namespace CrossbarLab.Gpu.Training;

/// <summary>
/// The weight gradient at defective cells. The dense product gives Σ_k aₖᵀδₖ over every instance; a cell defective in
/// instance k is fixed there, so instance k's own term a[·, i]·δ[·, j] is taken out again. Several instances may hold
/// the same cell, so the terms are first written to a table (one row per instance) and then subtracted cell by cell
/// in instance order: no atomics, the same numbers every run.
/// </summary>
internal static class CellKernels
{
    /// <summary>
    /// Thread (k − FirstInstance, j): for each of instance k's defective cells (i, j) of column j,
    /// terms[(k − FirstInstance)·Cells + cell] = Σ_b input[i, b of k]·dz[j, (k, b)], b in order.
    /// </summary>
    public static void Terms(Index2D index, ArrayView<float> input, ArrayView<float> dz, ArrayView<int> defects,
        ArrayView<float> terms, CellArguments g)
    {
        int slot = index.X;
        int j = index.Y;
        int k = g.FirstInstance + slot;
        var d = g.Defects;
        long starts = d.StartsAt + (long)k * (d.Groups + 1) + j;
        int first = defects[starts];
        int end = defects[starts + 1];
        long columns = g.Shape.Columns;
        long dzStart = j * columns + (long)k * g.Shape.Batch;
        long inputColumn = g.InputColumns == g.Shape.Columns ? (long)k * g.Shape.Batch : 0;
        for (int p = first; p < end; p++)
        {
            int cell = defects[d.EntriesAt + 3L * p];
            long inputStart = (long)(cell / d.Outputs) * g.InputColumns + inputColumn;
            float sum = 0f;
            for (int b = 0; b < g.Shape.Batch; b++)
                sum += input[inputStart + b] * dz[dzStart + b];
            terms[(long)slot * g.Cells + cell] = sum;
        }
    }

    /// <summary>Thread c: gradient[GradientAt + c] −= terms[s·Cells + c] for the chunk's instances s in order, each
    /// term cleared after use (a cell no instance holds subtracts zeros, which changes nothing).</summary>
    public static void Subtract(Index1D index, ArrayView<float> terms, ArrayView<float> gradients, CellArguments g)
    {
        int c = index.X;
        float gradient = gradients[g.GradientAt + c];
        for (int s = 0; s < g.Instances; s++)
        {
            long at = (long)s * g.Cells + c;
            float term = terms[at];
            if (term != 0f)
            {
                gradient -= term;
                terms[at] = 0f;
            }
        }
        gradients[g.GradientAt + c] = gradient;
    }

    /// <summary>Thread p: with one instance, its defective cells get no gradient at all (exactly 0, as on the CPU):
    /// gradient[gradientAt + cell of entry first + p] = 0, entries starting at defects[entriesAt].</summary>
    public static void Zero(Index1D index, ArrayView<int> defects, ArrayView<float> gradients, int entriesAt, int first,
        int gradientAt)
    {
        int cell = defects[entriesAt + 3L * (first + index.X)];
        gradients[gradientAt + cell] = 0f;
    }
}
