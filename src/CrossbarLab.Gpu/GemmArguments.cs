namespace CrossbarLab.Gpu;

/// <summary>
/// The scalar arguments of one SGEMM launch, C = α·op(A)·op(B) + β·C on row-major matrices, passed to the kernel as one
/// value (ILGPU copies kernel arguments by value; one struct keeps the launch signature short).
/// </summary>
/// <remarks>Flags are ints, not bools: an int has the same layout on the host and in every ILGPU backend.</remarks>
internal readonly record struct GemmArguments(
    int M, int N, int K, int Lda, int Ldb, int Ldc, float Alpha, float Beta, int TransA, int TransB);
