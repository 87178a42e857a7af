using CrossbarLab.Compute;

namespace CrossbarLab.Tests.Compute;

public class CrossEntropyTests
{
    [Fact]
    public void MatchesHandComputedValues()
    {
        // Two classes, sums (1, 0), scale 1: −log(e/(e + 1)) = log(1 + e⁻¹).
        Assert.Equal(Math.Log(1 + Math.Exp(-1)), CrossEntropy.Loss([1f, 0f], 0, 1f), 12);
        Assert.Equal(Math.Log(1 + Math.Exp(1)), CrossEntropy.Loss([1f, 0f], 1, 1f), 12);
        // Ten equal sums: log 10 whatever the scale.
        Assert.Equal(Math.Log(10), CrossEntropy.Loss(new float[10], 3, 0.2f), 12);
        // Scale 0.5 on sums (4, 0, 0): log(e² + 2) − 2.
        Assert.Equal(Math.Log(Math.Exp(2) + 2) - 2, CrossEntropy.Loss([4f, 0f, 0f], 0, 0.5f), 12);
    }

    [Fact]
    public void StaysFiniteForHugeSums() => Assert.Equal(2000, CrossEntropy.Loss([1000f, -1000f], 1, 1f), 6);
}
