using CrossbarLab.Data;

namespace CrossbarLab.Tests.Data;

public class PreprocessingTests
{
    [Fact]
    public void DownsamplingByAnIntegerFactorAveragesBlocks()
    {
        // 4×4 → 2×2: each output is the mean of a 2×2 block, scaled to [0, 1].
        byte[] image = [0, 255, 0, 0, 255, 255, 0, 0, 51, 51, 102, 102, 51, 51, 102, 102];
        var output = new float[4];
        Preprocessing.Downsample(image, 4, 4, 2, output);
        Assert.Equal(0.75f, output[0], 6);
        Assert.Equal(0f, output[1], 6);
        Assert.Equal(0.2f, output[2], 6);
        Assert.Equal(0.4f, output[3], 6);
    }

    [Fact]
    public void FractionalDownsamplingWeightsPixelsByOverlap()
    {
        // 3×3 → 2×2: output pixel (0, 0) covers rows/cols [0, 1.5): weights 1, 0.5 per axis over an area of 2.25.
        var image = new byte[9];
        image[0] = 255;              // (0, 0), full overlap 1
        image[1] = 255;              // (0, 1), overlap 0.5
        image[4] = 255;              // (1, 1), overlap 0.25 in (0, 0) and in every other output
        var output = new float[4];
        Preprocessing.Downsample(image, 3, 3, 2, output);
        Assert.Equal((1 + 0.5 + 0.25) / 2.25, output[0], 5);
        Assert.Equal((0.5 + 0.25) / 2.25, output[1], 5);
        Assert.Equal(0.25 / 2.25, output[2], 5);
        Assert.Equal(0.25 / 2.25, output[3], 5);
    }

    [Fact]
    public void DownsamplingPreservesTheMeanIntensity()
    {
        var rng = new RandomStream(3, "pixels");
        var image = new byte[28 * 28];
        for (int i = 0; i < image.Length; i++) image[i] = (byte)rng.NextInt(256);
        var output = new float[100];
        Preprocessing.Downsample(image, 28, 28, 10, output);
        Assert.Equal(image.Average(b => b / 255.0), output.Average(), 4);
    }

    [Fact]
    public void BinarisationEncodesPlusMinusOneAtTheThreshold()
    {
        var output = new float[4];
        Preprocessing.Binarise([0.1f, 0.25f, 0.3f, 0.9f], 0.25f, output);
        Assert.Equal([-1f, 1f, 1f, 1f], output);
    }

    [Fact]
    public void ApplyProducesPackedPlusMinusOneInputs()
    {
        var images = new ImageSet(2, 4, 4, [.. Enumerable.Repeat((byte)255, 16), .. new byte[16]], [3, 7]);
        var set = new Preprocessing(2, 0.5).Apply(images);
        Assert.Equal(2, set.Count);
        Assert.Equal(4, set.Features);
        Assert.Equal([1f, 1f, 1f, 1f, -1f, -1f, -1f, -1f], set.Inputs);
        Assert.Equal([0b1111UL, 0UL], set.Packed);
        Assert.Equal([3, 7], set.Labels);
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(29, 0.5)]
    [InlineData(10, -0.1)]
    [InlineData(10, 1.5)]
    [InlineData(10, double.NaN)]
    public void RejectsImpossibleSettings(int size, double threshold)
    {
        Assert.Throws<InvalidConfigurationException>(() => new Preprocessing(size, threshold).Validate(28, 28));
    }
}
