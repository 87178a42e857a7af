using CrossbarLab.Compute;

namespace CrossbarLab.Tests.Compute;

public class SignsTests
{
    [Fact]
    public void MapsToPlusMinusOneWithZeroPositiveOnBothPaths()
    {
        // 19 values: two full vectors of 8 and a scalar tail of 3, with the special values in both parts.
        float[] x = [0.3f, -0.2f, 0f, -0f, float.NaN, 1e-30f, -1e-30f, float.PositiveInfinity,
                     float.NegativeInfinity, 5f, -5f, 0f, -0f, 2f, -2f, 1f, 0f, -0f, float.NaN];
        float[] expected = [1, -1, 1, 1, -1, 1, -1, 1, -1, 1, -1, 1, 1, 1, -1, 1, 1, 1, -1];
        var y = new float[x.Length];
        Signs.ToPlusMinusOne(x, y);
        Assert.Equal(expected, y);
    }

    [Fact]
    public void AgreesWithBitPackingOnRandomData()
    {
        var x = TestData.RandomFloats(1000, 4);
        var y = new float[1000];
        Signs.ToPlusMinusOne(x, y);
        var fromValues = new ulong[16]; var fromSigns = new ulong[16];
        CrossbarLab.Data.BitPacking.PackRows(x, 1, 1000, fromValues);
        CrossbarLab.Data.BitPacking.PackRows(y, 1, 1000, fromSigns);
        Assert.Equal(fromSigns, fromValues);
    }
}

public class SignsActivationTests
{
    [Fact]
    public void ActivationsTreatRoundingLevelNegativesAsTies()
    {
        float[] z = [-1e-6f, -5e-5f, -2e-4f, 0f, 3f, -1f, 1e-7f, -0.5f, -1e-5f];
        var y = new float[z.Length];
        Signs.Activate(z, y);
        Assert.Equal([1f, 1f, -1f, 1f, 1f, -1f, 1f, -1f, 1f], y);
        Assert.Equal(0, Signs.ArgMax([2f, 2f + 1e-5f, 1f]));   // a rounding-level difference is a tie: first wins
        Assert.Equal(1, Signs.ArgMax([2f, 2.01f, 1f]));
    }
}
