using CrossbarLab.Data;

namespace CrossbarLab.Tests.Data;

/// <summary>Tests on the real MNIST files fetched by scripts/setup.sh.</summary>
[Trait("data", "mnist")]
public class MnistTests
{
    [Fact]
    public void LoadsTheCanonicalSets()
    {
        string folder = Mnist.FindFolder();
        var train = Mnist.LoadTrain(folder);
        var test = Mnist.LoadTest(folder);
        Assert.Equal((60_000, 28, 28), (train.Count, train.Rows, train.Columns));
        Assert.Equal(10_000, test.Count);
        // Every digit is present in roughly its known share (5,421 fives to 6,742 ones in the training set).
        var counts = new int[10];
        foreach (var l in train.Labels) counts[l]++;
        Assert.Equal(6742, counts[1]);
        Assert.Equal(5421, counts[5]);
        Assert.Equal(7, test.Labels[0]); // the first test image is a seven
    }

    [Fact]
    public void DiePreprocessingGivesTenByTenPlusMinusOneInputs()
    {
        var set = new Preprocessing(10, 0.25).Apply(Mnist.LoadTest(Mnist.FindFolder()).Take(100));
        Assert.Equal(100, set.Features);
        Assert.All(set.Inputs, v => Assert.True(v is 1f or -1f));
        double on = set.Inputs.Count(v => v > 0) / (double)set.Inputs.Length;
        Assert.InRange(on, 0.1, 0.5); // strokes cover a minority of the downsampled pixels
    }

    [Fact]
    public void MismatchedImageAndLabelFilesAreRejected()
    {
        string folder = Mnist.FindFolder();
        var e = Assert.Throws<InvalidDataFileException>(() => Mnist.Load(folder, "train-images-idx3-ubyte", "t10k-labels-idx1-ubyte"));
        Assert.Contains("10000 labels", e.Message);
        Assert.Throws<InvalidDataFileException>(() => Mnist.Load(folder, "train-labels-idx1-ubyte", "train-labels-idx1-ubyte"));
    }
}
