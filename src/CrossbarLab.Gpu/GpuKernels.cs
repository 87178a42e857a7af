using ILGPU;
using ILGPU.Runtime;

namespace CrossbarLab.Gpu;

/// <summary>
/// The compiled kernels of one accelerator, each loaded (compiled) on first use: compiling is the slow part of a
/// first call, and a run that only evaluates never compiles the GEMM.
/// </summary>
internal sealed class GpuKernels
{
    private readonly Accelerator _accelerator;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArguments>? _gemm;
    private Action<Index2D, ArrayView<ulong>, ArrayView<ulong>, ArrayView<float>, XnorArguments>? _xnor;
    private Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>,
        ArrayView<byte>, ArrayView<int>, ArrayView<int>, DieForwardArguments>? _dieForward;

    /// <summary>Kernels for <paramref name="accelerator"/>; nothing is compiled yet.</summary>
    public GpuKernels(Accelerator accelerator)
    {
        _accelerator = accelerator;
        Training = new Training.TrainingKernels(accelerator);
    }

    /// <summary>The kernels of the training step.</summary>
    public Training.TrainingKernels Training { get; }

    /// <summary>The tiled SGEMM (<see cref="TiledGemmKernel"/>); launch with
    /// <see cref="TiledGemmKernel.Config"/>.</summary>
    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArguments> Gemm =>
        _gemm ??= _accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArguments>(
            TiledGemmKernel.Run);

    /// <summary>The XNOR-popcount product (<see cref="XnorKernel"/>) over an n × m extent.</summary>
    public Action<Index2D, ArrayView<ulong>, ArrayView<ulong>, ArrayView<float>, XnorArguments> Xnor =>
        _xnor ??= _accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<ulong>, ArrayView<ulong>,
            ArrayView<float>, XnorArguments>(XnorKernel.Run);

    /// <summary>The fused multi-die forward pass (<see cref="DieForwardKernel"/>), images × dies.</summary>
    public Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>,
        ArrayView<byte>, ArrayView<int>, ArrayView<int>, DieForwardArguments> DieForward =>
        _dieForward ??= _accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>,
            ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<byte>, ArrayView<int>, ArrayView<int>,
            DieForwardArguments>(DieForwardKernel.Run);
}
