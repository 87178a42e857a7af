using CrossbarLab.Compute;
using ILGPU;
using ILGPU.Algorithms;

namespace CrossbarLab.Gpu.Training;

/// <summary>
/// The forward pass of a training step apart from its dense products: the minibatch's gathering, each layer's sparse
/// defect corrections with its offsets and activation, and the softmax cross-entropy of the output layer.
/// </summary>
internal static class ForwardKernels
{
    /// <summary>
    /// Thread (b, f): x[f·B + b] = input f of sample order[First + b] (feature-major, as the first product wants it);
    /// the threads of feature 0 also copy the labels.
    /// </summary>
    public static void Gather(Index2D index, ArrayView<int> order, ArrayView<float> trainInputs,
        ArrayView<byte> trainLabels, ArrayView<float> x, ArrayView<int> labels, GatherArguments g)
    {
        int b = index.X;
        int f = index.Y;
        int sample = order[g.First + b];
        x[(long)f * g.Batch + b] = trainInputs[(long)sample * g.Features + f];
        if (f == 0)
            labels[b] = trainLabels[sample];
    }

    /// <summary>
    /// Thread (r, j): z[j, r] = base + Σ d·input[i, ·] over instance k's defective cells (i, j) of column j, in the
    /// order the instance lists them, summed from zero and then added (the CPU's order); then the offset, and the
    /// activation (+1 where z ≥ −<see cref="Signs.TieTolerance"/>, else Off) unless this is the output layer.
    /// </summary>
    public static void Correct(Index2D index, ArrayView<float> baseRows, ArrayView<float> input,
        ArrayView<int> defects, ArrayView<float> parameters, ArrayView<float> z, ArrayView<float> activation,
        ForwardArguments g)
    {
        int r = index.X;
        int j = index.Y;
        int k = r / g.Shape.Batch;
        int inputColumn = g.InputColumns == g.Shape.Columns ? r : r - k * g.Shape.Batch;
        int baseColumn = g.BaseColumns == g.Shape.Columns ? r : r - k * g.Shape.Batch;
        var d = g.Defects;
        long starts = d.StartsAt + (long)k * (d.Groups + 1) + j;
        int first = defects[starts];
        int end = defects[starts + 1];
        float value = baseRows[(long)j * g.BaseColumns + baseColumn];
        if (first < end)
        {
            float sum = 0f;
            for (int p = first; p < end; p++)
            {
                long entry = d.EntriesAt + 3L * p;
                int cell = defects[entry];
                int i = cell / d.Outputs;
                float deviation = DefectDeviation.Of(parameters[d.LatentAt + cell], defects[entry + 1],
                    defects[entry + 2]);
                sum += deviation * input[(long)i * g.InputColumns + inputColumn];
            }
            value += sum;
        }
        if (g.OffsetAt >= 0)
            value += parameters[g.OffsetAt + j];
        long at = (long)j * g.Shape.Columns + r;
        z[at] = value;
        if (g.Last == 0)
            activation[at] = value >= -Signs.TieTolerance ? 1f : g.Off;
    }

    /// <summary>
    /// Thread r (sample b of instance k): the softmax cross-entropy of logits Scale·z[·, r] against the label of sample
    /// b, as the CPU computes it (float exponentials, their sum and the loss in double): ∂(mean loss)/∂z into dz[·, r];
    /// the loss added to rowLoss[r] and, where the argmax (ties within the tolerance going to the first class) misses
    /// the label, one added to wrong[r]: each column keeps the epoch's running totals, summed only when asked for.
    /// </summary>
    public static void Softmax(Index1D index, ArrayView<float> z, ArrayView<int> labels, ArrayView<double> rowLoss,
        ArrayView<float> dz, ArrayView<int> wrong, SoftmaxArguments g)
    {
        int r = index.X;
        long columns = g.Shape.Columns;
        int label = labels[r % g.Shape.Batch];
        int best = 0;
        float bestValue = z[r];
        float max = float.NegativeInfinity;
        for (int c = 0; c < g.Classes; c++)
        {
            float value = z[c * columns + r];
            if (c > 0 && value > bestValue + Signs.TieTolerance)
            {
                best = c;
                bestValue = value;
            }
            max = XMath.Max(max, g.Scale * value);
        }
        if (best != label)
            wrong[r]++;
        double sum = 0;
        for (int c = 0; c < g.Classes; c++)
            sum += XMath.Exp(g.Scale * z[c * columns + r] - max);
        float labelLogit = g.Scale * z[label * columns + r];
        rowLoss[r] += XMath.Log(sum) + max - labelLogit;
        for (int c = 0; c < g.Classes; c++)
        {
            float p = (float)(XMath.Exp(g.Scale * z[c * columns + r] - max) / sum);
            dz[c * columns + r] = g.Scale * g.InverseRows * (p - (c == label ? 1f : 0f));
        }
    }
}
