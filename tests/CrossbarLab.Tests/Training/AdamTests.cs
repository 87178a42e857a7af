using CrossbarLab.Training;

namespace CrossbarLab.Tests.Training;

public class AdamTests
{
    [Fact]
    public void TwoStepsMatchHandComputedValues()
    {
        var w = new[] { new float[] { 0.5f } };
        var adam = new Adam(w, 0.9f, 0.999f, 1e-8f);
        adam.Update(w, [[0.2f]], 0.1f);
        // m = 0.02, v = 4e-5; m̂ = 0.2, v̂ = 0.04; step = 0.1·0.2/0.2 = 0.1
        Assert.Equal(0.4f, w[0][0], 5);
        adam.Update(w, [[-0.1f]], 0.1f);
        // m = 0.018 − 0.01 = 0.008, v = 3.996e-5 + 1e-5 = 4.996e-5; m̂ = 0.008/0.19, v̂ = 4.996e-5/0.001999
        double mHat = 0.008 / 0.19, vHat = 4.996e-5 / (1 - 0.999 * 0.999);
        Assert.Equal(0.4 - 0.1 * mHat / Math.Sqrt(vHat), w[0][0], 5);
        Assert.Equal(2, adam.Step);
    }

    [Fact]
    public void LatentWeightsAreClippedToPlusMinusOne()
    {
        var w = new[] { Enumerable.Repeat(0.95f, 20).ToArray() };
        var g = new[] { Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? -1f : 1f).ToArray() };
        var adam = new Adam(w, 0.9f, 0.999f, 1e-8f);
        adam.Update(w, g, 0.5f);
        Assert.All(w[0], x => Assert.InRange(x, -1f, 1f));
        Assert.Equal(1f, w[0][0]);   // pushed up past 1 (vector path)
        Assert.Equal(0.45f, w[0][1], 5);
        Assert.Equal(1f, w[0][18]);  // scalar tail path
    }
}
