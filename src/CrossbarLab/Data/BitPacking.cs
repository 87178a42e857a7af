namespace CrossbarLab.Data;

/// <summary>Packs ±1 values into 64-bit words, one bit each (1 = +1, 0 = −1), row by row; padding bits are 0.</summary>
public static class BitPacking
{
    /// <summary>Words needed for <paramref name="bits"/> bits.</summary>
    public static int WordsFor(int bits) => (bits + 63) >> 6;

    /// <summary>Packs a row-major rows × columns matrix of ±1 (any value ≥ 0 counts as +1) into rows × WordsFor(columns) words.</summary>
    public static void PackRows(ReadOnlySpan<float> values, int rows, int columns, Span<ulong> packed)
    {
        int words = WordsFor(columns);
        if (values.Length < rows * columns || packed.Length < rows * words)
            throw new ArgumentException("Buffer too small for the matrix being packed.");
        for (int r = 0; r < rows; r++)
        {
            var row = values.Slice(r * columns, columns);
            var dst = packed.Slice(r * words, words);
            for (int w = 0; w < words; w++)
            {
                ulong word = 0;
                int start = w << 6, end = Math.Min(start + 64, columns);
                for (int c = start; c < end; c++)
                    if (row[c] >= 0f) word |= 1UL << (c - start);
                dst[w] = word;
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
        for (int r = 0; r < rows; r++)
        {
            var row = values.Slice(r * columns, columns);
            int w = r >> 6;
            ulong bit = 1UL << (r & 63);
            for (int c = 0; c < columns; c++)
                if (row[c] >= 0f) packed[c * words + w] |= bit;
        }
    }
}
