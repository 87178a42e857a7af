using ILGPU;
using ILGPU.Runtime;

namespace CrossbarLab.Gpu.Training;

/// <summary>
/// The compiled kernels of the training step on one accelerator, each compiled on first use and then kept for every
/// engine on that accelerator (a reproduction trains dozens of networks; compiling is the slow part of a first step).
/// </summary>
internal sealed class TrainingKernels(Accelerator accelerator)
{
    private Action<Index2D, ArrayView<int>, ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<int>,
        GatherArguments>? _gather;
    private Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ForwardArguments>? _forward;
    private Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<double>, ArrayView<float>, ArrayView<int>,
        SoftmaxArguments>? _softmax;
    private Action<KernelConfig, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<int>, int>? _loss;
    private Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, BackwardArguments>? _backward;
    private Action<Index2D, ArrayView<float>, ArrayView<float>, SampleSumArguments>? _overSamples;
    private Action<Index2D, ArrayView<float>, ArrayView<float>, PairwiseArguments>? _overInstances;
    private Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, CellArguments>?
        _cellTerms;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, CellArguments>? _subtractCellTerms;
    private Action<Index1D, ArrayView<int>, ArrayView<float>, int, int, int>? _zeroCells;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        AdamArguments>? _adam;
    private Action<Index1D, ArrayView<float>, ArrayView<float>>? _signs;

    /// <summary><see cref="ForwardKernels.Gather"/>.</summary>
    public Action<Index2D, ArrayView<int>, ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<int>,
        GatherArguments> Gather => _gather ??= accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<int>,
        ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<int>, GatherArguments>(ForwardKernels.Gather);

    /// <summary><see cref="ForwardKernels.Correct"/>.</summary>
    public Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ForwardArguments> Forward => _forward ??= accelerator.LoadAutoGroupedStreamKernel<Index2D,
        ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ForwardArguments>(ForwardKernels.Correct);

    /// <summary><see cref="ForwardKernels.Softmax"/>.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<double>, ArrayView<float>, ArrayView<int>,
        SoftmaxArguments> Softmax => _softmax ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>,
        ArrayView<int>, ArrayView<double>, ArrayView<float>, ArrayView<int>, SoftmaxArguments>(ForwardKernels.Softmax);

    /// <summary><see cref="SumKernels.Loss"/>; launch with <see cref="SumKernels.LossConfig"/>.</summary>
    public Action<KernelConfig, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<int>, int> Loss =>
        _loss ??= accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<int>,
            int>(SumKernels.Loss);

    /// <summary><see cref="BackwardKernels.Correct"/>.</summary>
    public Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, BackwardArguments> Backward => _backward ??= accelerator.LoadAutoGroupedStreamKernel<Index2D,
        ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        BackwardArguments>(BackwardKernels.Correct);

    /// <summary><see cref="SumKernels.OverSamples"/>.</summary>
    public Action<Index2D, ArrayView<float>, ArrayView<float>, SampleSumArguments> OverSamples => _overSamples ??=
        accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, SampleSumArguments>(
            SumKernels.OverSamples);

    /// <summary><see cref="SumKernels.OverInstances"/>.</summary>
    public Action<Index2D, ArrayView<float>, ArrayView<float>, PairwiseArguments> OverInstances => _overInstances ??=
        accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, PairwiseArguments>(
            SumKernels.OverInstances);

    /// <summary><see cref="CellKernels.Terms"/>.</summary>
    public Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, CellArguments>
        CellTerms => _cellTerms ??= accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>,
        ArrayView<float>, ArrayView<int>, ArrayView<float>, CellArguments>(CellKernels.Terms);

    /// <summary><see cref="CellKernels.Subtract"/>.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<float>, CellArguments> SubtractCellTerms =>
        _subtractCellTerms ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>,
            CellArguments>(CellKernels.Subtract);

    /// <summary><see cref="CellKernels.Zero"/>.</summary>
    public Action<Index1D, ArrayView<int>, ArrayView<float>, int, int, int> ZeroCells => _zeroCells ??=
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<float>, int, int, int>(
            CellKernels.Zero);

    /// <summary><see cref="AdamKernel.Update"/>.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        AdamArguments> Adam => _adam ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>,
        ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamArguments>(AdamKernel.Update);

    /// <summary><see cref="AdamKernel.Signs"/>.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<float>> Signs => _signs ??=
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(AdamKernel.Signs);
}
