using CrossbarLab.Compute;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Training;

/// <summary>The per-instance products must equal SGEMM's bit for bit (the engine's results depend on it), for real-valued
/// operands too (the relaxed mode), strides and summed lengths past one SGEMM slice included.</summary>
public class OrderedProductsTests
{
    [Theory]
    [InlineData(10, 100, 100)]
    [InlineData(100, 10, 100)]
    [InlineData(7, 300, 37)]
    [InlineData(33, 5, 3)]
    [InlineData(1, 513, 1)]
    public void WeightsTimesBlockEqualsSgemm(int rows, int depth, int samples)
    {
        // W is depth × rows (the forward use: W(m, p) = W[p·rows + m]); the input block has a row stride wider than its length.
        var w = TestData.RandomFloats(depth * rows, 1);
        int stride = samples + 5, column = 3;
        var input = TestData.RandomFloats(depth * stride + column, 2);
        var output = new float[rows * samples];
        OrderedProducts.WeightsTimesBlock(w, 1, rows, rows, depth, new FeatureBlock(input, stride, column, samples), new FeatureBlock(output, samples, 0, samples));
        var expected = new float[rows * samples];
        new CpuCompute().Gemm(true, false, rows, samples, depth, 1f, w, rows, input.AsSpan(column), stride, 0f, expected, samples);
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData(100, 10, 100)]
    [InlineData(40, 30, 50)]
    [InlineData(13, 17, 300)]
    [InlineData(8, 16, 1)]
    public void WeightGradientEqualsSgemm(int inputs, int outputs, int samples)
    {
        var a = TestData.RandomFloats(inputs * samples, 3);
        var delta = TestData.RandomFloats(outputs * samples, 4);
        var gradient = new float[inputs * outputs];
        var scratch = new float[OrderedProducts.RowMajorLength(samples, outputs)];
        OrderedProducts.WeightGradient(new FeatureBlock(a, samples, 0, samples), new FeatureBlock(delta, samples, 0, samples), inputs, outputs, gradient, scratch);
        var expected = new float[inputs * outputs];
        new CpuCompute().Gemm(false, true, inputs, outputs, samples, 1f, a, samples, delta, samples, 0f, expected, outputs);
        Assert.Equal(expected, gradient);
    }
}
