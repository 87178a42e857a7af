using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Evaluation;
using CrossbarLab.Gpu.Training;
using CrossbarLab.Training;
using ILGPU;
using ILGPU.Runtime;

namespace CrossbarLab.Gpu;

/// <summary>
/// The GPU backend: SGEMM (cuBLAS on CUDA when it loads, else a shared-memory tiled kernel) and the XNOR-popcount
/// product, on an ILGPU accelerator (a CUDA device, or ILGPU's CPU accelerator in tests). Create it with
/// <see cref="GpuBackend.TryCreate"/>.
/// </summary>
/// <remarks>
/// Two kinds of methods. The <see cref="ICompute"/> ones take host spans: they copy the operands into device buffers
/// that are kept and reused between calls (grown when a call needs more), run, and copy C back; they return when C is
/// on the host. The overloads taking <see cref="ArrayView{T}"/>s work on device memory the caller owns: they only
/// enqueue the kernel on the accelerator's default stream and return at once, so data can stay on the device for a
/// whole epoch (copies through ILGPU's synchronous copy methods, or <see cref="Synchronize"/>, wait for them).
/// Holds device buffers, so one instance serves one thread of control at a time, like the CPU backend.
/// </remarks>
public sealed class GpuCompute : ICompute, ITrainingEngineFactory, IMultiDieEvaluator, IKernelRates, IDisposable
{
    private readonly Context _context;
    private readonly CuBlasGemm? _cuBlas;
    private readonly AllocationCounter _allocations = new();
    private readonly DeviceBuffer<float> _a, _b, _c;
    private readonly DeviceBuffer<ulong> _packedA, _packedB;
    private GpuDieEvaluator? _dieEvaluator;

    internal GpuCompute(Context context, Accelerator accelerator, bool useCuBlas, string description)
    {
        if (accelerator.MaxNumThreadsPerGroup < TiledGemmKernel.Tile * TiledGemmKernel.Tile)
            throw new NotSupportedException(
                $"{accelerator.Name} runs at most {accelerator.MaxNumThreadsPerGroup} threads per group; " +
                $"the SGEMM kernel needs {TiledGemmKernel.Tile * TiledGemmKernel.Tile}.");
        _context = context;
        Accelerator = accelerator;
        Kernels = new GpuKernels(accelerator);
        string blasStatus = "cuBLAS not asked for; using the tiled kernel";
        _cuBlas = useCuBlas ? CuBlasGemm.TryCreate(accelerator, out blasStatus) : null;
        bool cuda = accelerator.AcceleratorType == AcceleratorType.Cuda;
        Description = cuda ? $"{description}; {blasStatus}" : description;
        _a = new DeviceBuffer<float>(accelerator, _allocations);
        _b = new DeviceBuffer<float>(accelerator, _allocations);
        _c = new DeviceBuffer<float>(accelerator, _allocations);
        _packedA = new DeviceBuffer<ulong>(accelerator, _allocations);
        _packedB = new DeviceBuffer<ulong>(accelerator, _allocations);
    }

    /// <inheritdoc/>
    public string Name => "gpu";

    /// <summary>One line: the device (name, memory, compute capability) and whether cuBLAS serves the SGEMM.</summary>
    public string Description { get; }

    /// <summary>The ILGPU accelerator this backend runs on, to allocate device memory for the view overloads.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True on a CUDA device, false on ILGPU's CPU accelerator.</summary>
    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <summary>True when the SGEMM goes to cuBLAS rather than the tiled kernel.</summary>
    public bool UsesCuBlas => _cuBlas != null;

    /// <summary>The compiled kernels, shared with the other GPU classes of this accelerator.</summary>
    internal GpuKernels Kernels { get; }

    /// <summary>Device allocations made by the span methods' buffers so far (tests check reuse).</summary>
    internal int DeviceAllocations => _allocations.Count;

    /// <inheritdoc/>
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        MatrixChecks.CheckShape(m, n, k);
        if (m == 0 || n == 0)
            return;
        MatrixChecks.CheckGemm(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        var da = _a.Upload(a[..(int)MatrixChecks.Extent(transA ? k : m, transA ? m : k, lda)]);
        var db = _b.Upload(b[..(int)MatrixChecks.Extent(transB ? n : k, transB ? k : n, ldb)]);
        var hostC = c[..(int)MatrixChecks.Extent(m, n, ldc)];
        var dc = UploadOutput(hostC, ldc > n || beta != 0f);
        Gemm(transA, transB, m, n, k, alpha, da, lda, db, ldb, beta, dc, ldc);
        dc.CopyToCPU(hostC);
    }

    /// <inheritdoc/>
    public void BinaryGemm(ReadOnlySpan<ulong> a, int m, ReadOnlySpan<ulong> b, int n, int bits, Span<float> c, int ldc)
    {
        MatrixChecks.CheckShape(m, n, bits);
        MatrixChecks.CheckBinary(a.Length, m, b.Length, n, bits, c.Length, ldc);
        if (m == 0 || n == 0)
            return;
        int words = (bits + 63) >> 6;
        var da = _packedA.Upload(a[..(m * words)]);
        var db = _packedB.Upload(b[..(n * words)]);
        var hostC = c[..(int)MatrixChecks.Extent(m, n, ldc)];
        var dc = UploadOutput(hostC, ldc > n);
        BinaryGemm(da, m, db, n, bits, dc, ldc);
        dc.CopyToCPU(hostC);
    }

    /// <summary>
    /// C = α·op(A)·op(B) + β·C on device memory (row-major, as <see cref="ICompute.Gemm"/>): enqueued on the default
    /// stream, not waited for. Uses cuBLAS when it loaded, the tiled kernel otherwise (and always for k = 0).
    /// </summary>
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, ArrayView<float> b, int ldb, float beta, ArrayView<float> c, int ldc)
    {
        MatrixChecks.CheckShape(m, n, k);
        if (m == 0 || n == 0)
            return;
        MatrixChecks.CheckGemm(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (_cuBlas != null && k > 0)
        {
            _cuBlas.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        var arguments = new GemmArguments(m, n, k, lda, ldb, ldc, alpha, beta, transA ? 1 : 0, transB ? 1 : 0);
        Kernels.Gemm(TiledGemmKernel.Config(m, n), a, b, c, arguments);
    }

    /// <summary>
    /// C = A·Bᵀ on bit-packed ±1 rows in device memory (as <see cref="ICompute.BinaryGemm"/>): enqueued on the default
    /// stream, not waited for.
    /// </summary>
    public void BinaryGemm(ArrayView<ulong> a, int m, ArrayView<ulong> b, int n, int bits, ArrayView<float> c, int ldc)
    {
        MatrixChecks.CheckShape(m, n, bits);
        MatrixChecks.CheckBinary(a.Length, m, b.Length, n, bits, c.Length, ldc);
        if (m == 0 || n == 0)
            return;
        Kernels.Xnor(new Index2D(n, m), a, b, c, new XnorArguments((bits + 63) >> 6, bits, ldc));
    }

    /// <summary>The GPU training engine (<see cref="GpuTrainingEngine"/>): the double batch and Adam on the device,
    /// the training set and the parameters resident for the whole run.</summary>
    internal GpuTrainingEngine CreateTrainingEngine(TrainingEngineSetup setup) =>
        new GpuTrainingEngine(this, Kernels.Training, setup);

    ITrainingEngine ITrainingEngineFactory.CreateTrainingEngine(TrainingEngineSetup setup) => CreateTrainingEngine(setup);

    /// <summary>Every die × image in one launch (<see cref="GpuDieEvaluator"/>).</summary>
    public int[] Errors(IReadOnlyList<float[][]> effectiveWeights, int[] widths, float[][] offsets, float[][] gains,
        EncodedSet data)
    {
        _dieEvaluator ??= new GpuDieEvaluator(this);
        return _dieEvaluator.Evaluate(effectiveWeights, widths, data, offsets: offsets, gains: gains).Errors;
    }

    /// <summary>True on a CUDA device; ILGPU's CPU accelerator only simulates one.</summary>
    public bool MeasuresHardware => IsCuda;

    /// <summary>The SGEMM on device memory (<see cref="KernelRates"/>).</summary>
    public double SgemmGflops(int n, double seconds) => KernelRates.Sgemm(this, n, seconds);

    /// <summary>The XNOR-popcount product on device memory (<see cref="KernelRates"/>).</summary>
    public double XnorGops(int m, int n, int bits, double seconds) => KernelRates.Xnor(this, m, n, bits, seconds);

    /// <summary>Waits until every kernel and copy enqueued so far has finished.</summary>
    public void Synchronize() => Accelerator.Synchronize();

    /// <summary>The device and the SGEMM path, e.g. "gpu: CUDA: NVIDIA H200 (…); cuBLAS 120400".</summary>
    public override string ToString() => $"gpu: {Description}";

    /// <summary>Frees the device buffers, cuBLAS, the accelerator and the ILGPU context.</summary>
    public void Dispose()
    {
        _dieEvaluator?.Dispose();
        _a.Dispose();
        _b.Dispose();
        _c.Dispose();
        _packedA.Dispose();
        _packedB.Dispose();
        _cuBlas?.Dispose();
        Accelerator.Dispose();
        _context.Dispose();
    }

    /// <summary>The device copy of C; its host contents are uploaded only when the kernel reads them (β ≠ 0) or when
    /// rows are padded (ldc &gt; n), so that copying back the whole extent leaves the padding as it was.</summary>
    private ArrayView<float> UploadOutput(Span<float> hostC, bool upload) =>
        upload ? _c.Upload(hostC) : _c.View(hostC.Length);
}
