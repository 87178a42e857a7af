using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CrossbarLab.Compute;

/// <summary>Transposes a row-major float matrix: 8 × 8 blocks in AVX registers (24 shuffles instead of 64 scattered
/// stores), the ragged edges element by element. Pure data movement: the values are copied unchanged.</summary>
internal static unsafe class MatrixTranspose
{
    /// <summary>target (columns × rows) = sourceᵀ for a row-major rows × columns source.</summary>
    public static void Transpose(ReadOnlySpan<float> source, int rows, int columns, Span<float> target)
    {
        if (source.Length < rows * columns || target.Length < rows * columns)
            throw new ArgumentException("Buffers too small for the matrix being transposed.");
        fixed (float* s = source, t = target)
        {
            int r0 = 0;
            if (Avx.IsSupported)
                for (; r0 + 8 <= rows; r0 += 8)
                {
                    int c0 = 0;
                    for (; c0 + 8 <= columns; c0 += 8) Block8(s + (long)r0 * columns + c0, columns, t + (long)c0 * rows + r0, rows);
                    Scalar(s, rows, columns, t, r0, r0 + 8, c0, columns);
                }
            Scalar(s, rows, columns, t, r0, rows, 0, columns);
        }
    }

    private static void Scalar(float* s, int rows, int columns, float* t, int r0, int r1, int c0, int c1)
    {
        for (int r = r0; r < r1; r++)
            for (int c = c0; c < c1; c++) t[(long)c * rows + r] = s[(long)r * columns + c];
    }

    /// <summary>The 8 × 8 block at s (row stride ss) transposed into t (row stride ts).</summary>
    private static void Block8(float* s, int ss, float* t, int ts)
    {
        var r0 = Avx.LoadVector256(s); var r1 = Avx.LoadVector256(s + ss);
        var r2 = Avx.LoadVector256(s + 2 * ss); var r3 = Avx.LoadVector256(s + 3 * ss);
        var r4 = Avx.LoadVector256(s + 4 * ss); var r5 = Avx.LoadVector256(s + 5 * ss);
        var r6 = Avx.LoadVector256(s + 6 * ss); var r7 = Avx.LoadVector256(s + 7 * ss);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(t, Avx.Permute2x128(u0, u4, 0x20)); Avx.Store(t + ts, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(t + 2 * ts, Avx.Permute2x128(u2, u6, 0x20)); Avx.Store(t + 3 * ts, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(t + 4 * ts, Avx.Permute2x128(u0, u4, 0x31)); Avx.Store(t + 5 * ts, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(t + 6 * ts, Avx.Permute2x128(u2, u6, 0x31)); Avx.Store(t + 7 * ts, Avx.Permute2x128(u3, u7, 0x31));
    }
}
