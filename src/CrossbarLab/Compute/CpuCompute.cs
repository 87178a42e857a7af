namespace CrossbarLab.Compute;

/// <summary>The CPU backend: blocked SIMD SGEMM and XNOR-popcount products on the shared <see cref="WorkerPool"/>.</summary>
/// <remarks>Holds packing buffers, so one instance serves one thread of control (a trainer, an evaluator) at a time.</remarks>
public sealed class CpuCompute : ICompute
{
    private readonly Sgemm _sgemm;
    private readonly XnorGemm _xnor;

    /// <summary>Creates a backend on the shared worker pool (one worker per core).</summary>
    public CpuCompute()
        : this(WorkerPool.Shared)
    {
    }

    /// <summary>Creates a backend on <paramref name="pool"/> (tests pin the worker count this way).</summary>
    internal CpuCompute(WorkerPool pool)
    {
        _sgemm = new Sgemm(pool);
        _xnor = new XnorGemm(pool);
    }

    /// <inheritdoc/>
    public string Name => "cpu";

    /// <inheritdoc/>
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        _sgemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <inheritdoc/>
    public void BinaryGemm(ReadOnlySpan<ulong> a, int m, ReadOnlySpan<ulong> b, int n, int bits, Span<float> c, int ldc) =>
        _xnor.Multiply(a, m, b, n, bits, c, ldc);
}
