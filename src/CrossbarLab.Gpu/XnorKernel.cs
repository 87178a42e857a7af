using ILGPU;
using ILGPU.Algorithms;

namespace CrossbarLab.Gpu;

/// <summary>
/// The XNOR-popcount kernel on bit-packed ±1 rows (layout of <see cref="Data.BitPacking"/>: bit set = +1, padding
/// bits 0): C[i, j] = bits − 2·popcount(a_i XOR b_j), one thread per element of C. Integer arithmetic, so the result is
/// exactly the CPU's.
/// </summary>
/// <remarks>
/// Consecutive threads take consecutive j: they share row a_i (one broadcast load per word) and read rows of B that
/// lie next to each other. The operands of this project are small (2–13 words per row), so no shared-memory staging.
/// </remarks>
internal static class XnorKernel
{
    /// <summary>The kernel body for the element (i = index.Y, j = index.X) of the m × n extent.</summary>
    public static void Run(Index2D index, ArrayView<ulong> a, ArrayView<ulong> b, ArrayView<float> c, XnorArguments g)
    {
        int j = index.X;
        int i = index.Y;
        long aStart = (long)i * g.Words;
        long bStart = (long)j * g.Words;
        int differ = 0;
        for (int w = 0; w < g.Words; w++)
            differ += XMath.PopCount(a[aStart + w] ^ b[bStart + w]);
        c[(long)i * g.Ldc + j] = g.Bits - 2 * differ;
    }
}

/// <summary>Scalar arguments of one XNOR launch: 64-bit words per row, bits per row, leading dimension of C.</summary>
internal readonly record struct XnorArguments(int Words, int Bits, int Ldc);
