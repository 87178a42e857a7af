using CrossbarLab.Data;

namespace CrossbarLab.Tests.Data;

public class BitPackingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(64, 1)]
    [InlineData(65, 2)]
    [InlineData(784, 13)]
    public void WordsForRoundsUp(int bits, int words) => Assert.Equal(words, BitPacking.WordsFor(bits));

    [Fact]
    public void PackRowsSetsOneBitPerPlusOneAndClearsPadding()
    {
        var values = new float[2 * 66];
        for (int i = 0; i < values.Length; i++) values[i] = -1f;
        values[0] = 1f; values[65] = 1f; values[66 + 63] = 1f;
        var packed = new ulong[4];
        BitPacking.PackRows(values, 2, 66, packed);
        Assert.Equal([1UL, 2UL, 1UL << 63, 0UL], packed);
    }

    [Fact]
    public void PackColumnsIsPackRowsOfTheTranspose()
    {
        const int rows = 70, cols = 5;
        var m = TestData.RandomSigns(rows * cols, 9);
        var t = new float[rows * cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
        var fromColumns = new ulong[cols * 2];
        var fromTranspose = new ulong[cols * 2];
        BitPacking.PackColumns(m, rows, cols, fromColumns);
        BitPacking.PackRows(t, cols, rows, fromTranspose);
        Assert.Equal(fromTranspose, fromColumns);
    }
}
