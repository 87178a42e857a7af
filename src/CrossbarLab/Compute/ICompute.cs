namespace CrossbarLab.Compute;

/// <summary>The few dense primitives that training and evaluation need; one implementation per backend.</summary>
public interface ICompute
{
    /// <summary>Backend name as reported in results ("cpu", "gpu").</summary>
    string Name { get; }

    /// <summary>C = α·op(A)·op(B) + β·C for row-major matrices; op(X) is X or Xᵀ. op(A) is m×k, op(B) is k×n, C is m×n.</summary>
    void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);

    /// <summary>C = A·Bᵀ for ±1 matrices bit-packed by rows (see <see cref="Data.BitPacking"/>): A is m×bits, B is n×bits, C is m×n.</summary>
    void BinaryGemm(ReadOnlySpan<ulong> a, int m, ReadOnlySpan<ulong> b, int n, int bits, Span<float> c, int ldc);
}
