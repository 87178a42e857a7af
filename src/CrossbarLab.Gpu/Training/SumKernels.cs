using ILGPU;
using ILGPU.Runtime;

namespace CrossbarLab.Gpu.Training;

/// <summary>
/// The reductions of a training step, each in a fixed order so that a step gives the same numbers every time it runs:
/// the step's loss, sums over the samples of each instance, and pairwise sums over instances.
/// </summary>
internal static class SumKernels
{
    /// <summary>Threads of the one group that sums the loss.</summary>
    public const int LossGroup = 256;

    /// <summary>The launch of <see cref="Loss"/>: one group of <see cref="LossGroup"/> threads.</summary>
    public static KernelConfig LossConfig => new(1, LossGroup);

    /// <summary>
    /// total[0] = Σ_r rowLoss[r] and errors[0] = Σ_r wrong[r] for r &lt; count: thread t sums rows t, t + 256, … in
    /// order, then the group adds the 256 partial sums as a balanced tree (no atomics: the same sum every run).
    /// </summary>
    public static void Loss(ArrayView<double> rowLoss, ArrayView<int> wrong, ArrayView<double> total,
        ArrayView<int> errors, int count)
    {
        var partial = SharedMemory.Allocate<double>(LossGroup);
        var partialWrong = SharedMemory.Allocate<int>(LossGroup);
        int t = Group.IdxX;
        double sum = 0;
        int misses = 0;
        for (int r = t; r < count; r += LossGroup)
        {
            sum += rowLoss[r];
            misses += wrong[r];
        }
        partial[t] = sum;
        partialWrong[t] = misses;
        Group.Barrier();
        for (int half = LossGroup / 2; half > 0; half /= 2)
        {
            if (t < half)
            {
                partial[t] += partial[t + half];
                partialWrong[t] += partialWrong[t + half];
            }
            Group.Barrier();
        }
        if (t == 0)
        {
            total[0] = partial[0];
            errors[0] = partialWrong[0];
        }
    }

    /// <summary>Thread (k, f): target[TargetAt + f·Instances + k] = Σ_b source[f·SourceStride + k·Batch + b], b in
    /// order.</summary>
    public static void OverSamples(Index2D index, ArrayView<float> source, ArrayView<float> target,
        SampleSumArguments g)
    {
        int k = index.X;
        int f = index.Y;
        long start = (long)f * g.SourceStride + (long)k * g.Batch;
        float sum = 0f;
        for (int b = 0; b < g.Batch; b++)
            sum += source[start + b];
        target[g.TargetAt + (long)f * g.Instances + k] = sum;
    }

    /// <summary>
    /// Thread (x, f): the sum over instances k of source[f·SourceStride + k·InstanceStride + x], added pairwise as the
    /// CPU engine adds instances (k and k + 1 first, then pairs of pairs, …; a leftover joins at the end), into
    /// target[f·TargetStride + TargetAt + x].
    /// </summary>
    public static void OverInstances(Index2D index, ArrayView<float> source, ArrayView<float> target,
        PairwiseArguments g)
    {
        int x = index.X;
        int f = index.Y;
        // A binary counter of partial sums: level n holds the sum of the last 2ⁿ instances seen, if any.
        var levels = LocalMemory.Allocate<float>(32);
        int top = 0;
        long start = (long)f * g.SourceStride + x;
        for (int k = 0; k < g.Instances; k++)
        {
            float value = source[start + (long)k * g.InstanceStride];
            for (int carry = k; (carry & 1) != 0; carry >>= 1)
            {
                top--;
                value = levels[top] + value;
            }
            levels[top] = value;
            top++;
        }
        float total = levels[top - 1];
        for (int level = top - 2; level >= 0; level--)
            total = levels[level] + total;
        target[(long)f * g.TargetStride + g.TargetAt + x] = total;
    }
}
