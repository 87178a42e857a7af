using CrossbarLab.Compute;

namespace CrossbarLab.Tests.Compute;

public class MatrixTransposeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 8)]
    [InlineData(7, 9)]
    [InlineData(100, 784)]
    [InlineData(50, 36)]
    [InlineData(17, 16)]
    public void TransposesEveryElement(int rows, int columns)
    {
        var source = TestData.RandomFloats(rows * columns, (ulong)(rows * 1000 + columns));
        var target = new float[rows * columns];
        MatrixTranspose.Transpose(source, rows, columns, target);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) Assert.Equal(source[r * columns + c], target[c * rows + r]);
    }
}
