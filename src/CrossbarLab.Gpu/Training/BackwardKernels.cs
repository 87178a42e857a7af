using ILGPU;
using ILGPU.Algorithms;

namespace CrossbarLab.Gpu.Training;

/// <summary>The backward pass through a layer l ≥ 1 apart from its dense product.</summary>
internal static class BackwardKernels
{
    /// <summary>
    /// Thread (r, i): ∂L/∂a[i, r] = da[i, r] (the product with sign(W)) + Σ d·∂L/∂z[j, r] over instance k's defective
    /// cells (i, j) of row i, in listed order, summed from zero and then added; then the straight-through estimator of
    /// layer l − 1: ∂L/∂z_{l−1}[i, r] = c·∂L/∂a where |z_{l−1}| ≤ bound, else 0.
    /// </summary>
    public static void Correct(Index2D index, ArrayView<float> da, ArrayView<float> dz, ArrayView<int> defects,
        ArrayView<float> parameters, ArrayView<float> zPrevious, ArrayView<float> dzPrevious, BackwardArguments g)
    {
        int r = index.X;
        int i = index.Y;
        long columns = g.Shape.Columns;
        int k = r / g.Shape.Batch;
        var d = g.Defects;
        long starts = d.StartsAt + (long)k * (d.Groups + 1) + i;
        int first = defects[starts];
        int end = defects[starts + 1];
        long at = i * columns + r;
        float gradient = da[at];
        if (first < end)
        {
            float sum = 0f;
            for (int p = first; p < end; p++)
            {
                long entry = d.EntriesAt + 3L * p;
                int cell = defects[entry];
                int j = cell - cell / d.Outputs * d.Outputs;
                float deviation = DefectDeviation.Of(parameters[d.LatentAt + cell], defects[entry + 1],
                    defects[entry + 2]);
                sum += deviation * dz[j * columns + r];
            }
            gradient += sum;
        }
        dzPrevious[at] = XMath.Abs(zPrevious[at]) <= g.SteBound ? g.SteScale * gradient : 0f;
    }
}
