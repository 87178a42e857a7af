using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace CrossbarLab.Gpu;

/// <summary>
/// SGEMM through NVIDIA's cuBLAS (ILGPU.Algorithms' binding) on a CUDA accelerator. cuBLAS is column-major; a row-major
/// C = op(A)·op(B) is the column-major Cᵀ = op(B)ᵀ·op(A)ᵀ, so the call swaps the operands (and m with n) and keeps
/// each operand's own transpose flag.
/// </summary>
internal sealed class CuBlasGemm : IDisposable
{
    // Automatic pointer mode: α and β are passed from host memory.
    private readonly CuBlas<CuBlasPointerModeHandlers.AutomaticMode> _blas;

    private CuBlasGemm(CuBlas<CuBlasPointerModeHandlers.AutomaticMode> blas) => _blas = blas;

    /// <summary>cuBLAS's version number (e.g. 120400 for 12.4.0).</summary>
    public int Version => _blas.Version;

    /// <summary>Loads cuBLAS for <paramref name="accelerator"/>, or returns null with the reason (not CUDA, library
    /// missing, initialisation failed): the tiled kernel is used then.</summary>
    public static CuBlasGemm? TryCreate(Accelerator accelerator, out string status)
    {
        if (accelerator is not CudaAccelerator cuda)
        {
            status = "cuBLAS: not a CUDA accelerator";
            return null;
        }
        CuBlas<CuBlasPointerModeHandlers.AutomaticMode>? blas = null;
        try
        {
            blas = new CuBlas<CuBlasPointerModeHandlers.AutomaticMode>(cuda);
            // Full float32 products (no TF32 or FP16 tensor-core shortcuts), so results stay within float rounding
            // of the CPU backend's.
            blas.MathMode = CuBlasMathMode.DefaultMath;
            status = $"cuBLAS {blas.Version}";
            return new CuBlasGemm(blas);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CuBlasException
                                       or TypeInitializationException or InvalidOperationException)
        {
            blas?.Dispose();
            status = $"cuBLAS not available ({e.GetType().Name}: {e.Message}); using the tiled kernel";
            return null;
        }
    }

    /// <summary>Enqueues C = α·op(A)·op(B) + β·C (row-major, m, n, k ≥ 1) on the default stream.</summary>
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, ArrayView<float> b, int ldb, float beta, ArrayView<float> c, int ldc)
    {
        var opA = transA ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose;
        var opB = transB ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose;
        _blas.Gemm(opB, opA, n, m, k, alpha, b, ldb, a, lda, beta, c, ldc);
    }

    /// <summary>Releases the cuBLAS handle.</summary>
    public void Dispose() => _blas.Dispose();
}
