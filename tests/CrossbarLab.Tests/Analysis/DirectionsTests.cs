using CrossbarLab.Analysis;

namespace CrossbarLab.Tests.Analysis;

public class DirectionsTests
{
    private static double ColumnNorm(float[] w, int columns, int j)
    {
        double s = 0;
        for (int i = j; i < w.Length; i += columns) s += (double)w[i] * w[i];
        return Math.Sqrt(s);
    }

    [Fact]
    public void EachNeuronGetsTheNormOfItsOwnWeights()
    {
        // A hand-made 3-2 layer (rows: inputs, columns: neurons). Neuron 0 has weights (3, 0, 4): norm 5; neuron 1 (1, 2, 2): norm 3.
        float[][] origin = [[3, 1, 0, 2, 4, 2]];
        float[][] direction = [[1, 0, 1, 0, 1, 1]]; // column 0 (1, 1, 1), column 1 (0, 0, 1)
        Directions.NormalizePerNeuron(direction, origin, [2]);
        float s = 5 / MathF.Sqrt(3);
        Assert.Equal(new[] { s, 0f, s, 0f, s, 3f }, direction[0]);
    }

    [Fact]
    public void ZeroColumnsStayZero()
    {
        float[][] origin = [[0, 1, 0, 1]];
        float[][] direction = [[2, 0, 2, 0]];
        Directions.NormalizePerNeuron(direction, origin, [2]);
        Assert.Equal(new[] { 0f, 0f, 0f, 0f }, direction[0]); // neuron 0 has zero weights, neuron 1 a zero direction
    }

    [Fact]
    public void RandomDirectionsMatchEveryNeuronsNormAndScaleWithTheSolution()
    {
        float[][] origin = [TestData.RandomFloats(12 * 5, 3), TestData.RandomFloats(5 * 10, 4)];
        int[] columns = [5, 10];
        var d = Directions.PerNeuron(origin, columns, 7, 0);
        for (int l = 0; l < 2; l++)
            for (int j = 0; j < columns[l]; j++)
                Assert.Equal(ColumnNorm(origin[l], columns[l], j), ColumnNorm(d[l], columns[l], j), 5);
        // A solution scaled by c gets the same direction scaled by c: the landscape of cW at step α is that of W at α.
        var scaled = origin.Select(w => w.Select(v => 4 * v).ToArray()).ToArray();
        var ds = Directions.PerNeuron(scaled, columns, 7, 0);
        for (int l = 0; l < 2; l++)
            for (int i = 0; i < d[l].Length; i++) Assert.Equal(4 * d[l][i], ds[l][i], 4);
        // Different indices are different draws; the same index is the same draw.
        Assert.NotEqual(d[0], Directions.PerNeuron(origin, columns, 7, 1)[0]);
        Assert.Equal(d[0], Directions.PerNeuron(origin, columns, 7, 0)[0]);
    }

    [Fact]
    public void MismatchedShapesAreRefused() =>
        Assert.Throws<ArgumentException>(() => Directions.NormalizePerNeuron([new float[6]], [new float[6]], [4]));
}
