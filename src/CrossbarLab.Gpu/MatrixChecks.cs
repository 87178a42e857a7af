namespace CrossbarLab.Gpu;

/// <summary>
/// Argument checks of the GEMM primitives, with the CPU backend's rules and messages, so every backend rejects the
/// same calls. A buffer is big enough when it holds the last element of the last row: (rows − 1)·ld + cols.
/// </summary>
internal static class MatrixChecks
{
    /// <summary>Elements a rows × cols row-major matrix with leading dimension <paramref name="ld"/> spans.</summary>
    public static long Extent(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;

    /// <summary>Throws unless a buffer of <paramref name="length"/> elements holds the matrix.</summary>
    public static void CheckSize(long length, int rows, int cols, int ld, string name)
    {
        if (ld < cols || Extent(rows, cols, ld) > length)
            throw new ArgumentException(
                $"Matrix {name} ({rows}×{cols}, leading dimension {ld}) does not fit its buffer of {length}.");
    }

    /// <summary>Throws unless op(A) (m × k), op(B) (k × n) and C (m × n) fit buffers of the lengths given.</summary>
    public static void CheckGemm(bool transA, bool transB, int m, int n, int k, long aLength, int lda, long bLength,
        int ldb, long cLength, int ldc)
    {
        CheckSize(aLength, transA ? k : m, transA ? m : k, lda, "A");
        CheckSize(bLength, transB ? n : k, transB ? k : n, ldb, "B");
        CheckSize(cLength, m, n, ldc, "C");
    }

    /// <summary>Throws unless the operands of C = A·Bᵀ on bit-packed rows fit their buffers.</summary>
    public static void CheckBinary(long aLength, int m, long bLength, int n, int bits, long cLength, int ldc)
    {
        long words = (bits + 63) >> 6;
        if (aLength < m * words || bLength < n * words || ldc < n || (m > 0 && cLength < (long)(m - 1) * ldc + n))
            throw new ArgumentException("Buffers too small for the binary product.");
    }

    /// <summary>Throws for negative sizes (the CPU backend refuses them too, as a bad slice).</summary>
    public static void CheckShape(int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"Matrix sizes must not be negative (m = {m}, n = {n}, k = {k}).");
    }
}
