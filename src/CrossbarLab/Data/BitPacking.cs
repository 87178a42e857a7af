using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CrossbarLab.Data;

/// <summary>Packs binary values into 64-bit words, one bit each (1 = on, 0 = off), row by row; padding bits are 0.</summary>
internal static class BitPacking
{
    /// <summary>Words needed for <paramref name="bits"/> bits.</summary>
    public static int WordsFor(int bits) => (bits + 63) >> 6;

    /// <summary>
    /// Packs a row-major rows × columns matrix into rows × WordsFor(columns) words: a value ≥ <paramref name="on"/> is a set
    /// bit (0 for ±1 values, 0.5 for 0/1 values).
    /// </summary>
    public static void PackRows(ReadOnlySpan<float> values, int rows, int columns, Span<ulong> packed, float on = 0f)
    {
        int words = WordsFor(columns);
        if (values.Length < rows * columns || packed.Length < rows * words)
            throw new ArgumentException("Buffer too small for the matrix being packed.");
        for (int r = 0; r < rows; r++)
        {
            var row = values.Slice(r * columns, columns);
            for (int w = 0; w < words; w++)
            {
                int start = w << 6, end = Math.Min(start + 64, columns), c = start;
                ulong word = 0;
                for (; c + 8 <= end; c += 8) word |= (ulong)AtLeastMask(row.Slice(c, 8), on) << (c - start);
                for (; c < end; c++) word |= (row[c] >= on ? 1UL : 0UL) << (c - start);
                packed[r * words + w] = word;
            }
        }
    }

    /// <summary>Packs the signs of the columns of a row-major rows × columns matrix: packed row j holds column j (the transpose).</summary>
    public static void PackColumns(ReadOnlySpan<float> values, int rows, int columns, Span<ulong> packed)
    {
        int words = WordsFor(rows);
        if (values.Length < rows * columns || packed.Length < columns * words)
            throw new ArgumentException("Buffer too small for the matrix being packed.");
        packed[..(columns * words)].Clear();
        if (Bmi2.X64.IsSupported) { PackColumnsBlocked(values, rows, columns, words, packed); return; }
        for (int r = 0; r < rows; r++)
        {
            var row = values.Slice(r * columns, columns);
            int w = r >> 6, shift = r & 63, c = 0;
            for (; c + 8 <= columns; c += 8)
            {
                uint mask = NonNegativeMask(row.Slice(c, 8));
                for (int j = 0; j < 8; j++) packed[(c + j) * words + w] |= (ulong)((mask >> j) & 1) << shift;
            }
            for (; c < columns; c++) packed[c * words + w] |= Bit(row[c]) << shift;
        }
    }

    /// <summary>
    /// PackColumns by 8 × 8 blocks: the eight rows' sign masks side by side in one 64-bit word (byte r = row r), then
    /// each column's eight bits gathered with one parallel bit extract, instead of a read-modify-write per bit.
    /// </summary>
    private static void PackColumnsBlocked(ReadOnlySpan<float> values, int rows, int columns, int words, Span<ulong> packed)
    {
        for (int r0 = 0; r0 < rows; r0 += 8)
        {
            int height = Math.Min(8, rows - r0), w = r0 >> 6, shift = r0 & 63; // 8 divides 64: a block's bits share a word
            for (int c0 = 0; c0 < columns; c0 += 8)
            {
                int width = Math.Min(8, columns - c0);
                ulong block = 0;
                for (int r = 0; r < height; r++)
                {
                    var row = values.Slice((r0 + r) * columns + c0, width);
                    ulong mask = 0;
                    if (width == 8) mask = NonNegativeMask(row);
                    else for (int c = 0; c < width; c++) mask |= Bit(row[c]) << c;
                    block |= mask << (8 * r);
                }
                for (int c = 0; c < width; c++)
                    packed[(c0 + c) * words + w] |= Bmi2.X64.ParallelBitExtract(block, 0x0101010101010101UL << c) << shift;
            }
        }
    }

    // Branch-free on purpose: the signs of weights and activations are random, so a branch mispredicts half the time.
    private static uint NonNegativeMask(ReadOnlySpan<float> eight) => AtLeastMask(eight, 0f);

    private static uint AtLeastMask(ReadOnlySpan<float> eight, float on) =>
        Vector256.ExtractMostSignificantBits(Vector256.GreaterThanOrEqual(Vector256.Create(eight), Vector256.Create(on)));

    private static ulong Bit(float x) => x >= 0f ? 1UL : 0UL;
}
