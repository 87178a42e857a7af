using CrossbarLab.Model;

namespace CrossbarLab.Tests.Model;

public class NetworkSpecTests
{
    [Fact]
    public void DiePresetFitsTwentyThousandDevicesInDifferentialPairs()
    {
        var die = NetworkSpec.Die;
        Assert.Equal("100-90-10", die.Shape);
        Assert.Equal(100 * 90 + 90 * 10, die.WeightCount);
        Assert.Equal(19_800, die.DifferentialDeviceCount);
        Assert.True(die.DifferentialDeviceCount <= 20_000);
    }

    [Fact]
    public void LargePresetIs784x512()
    {
        Assert.Equal("784-512-10", NetworkSpec.Large.Shape);
        Assert.Equal(2, NetworkSpec.Large.LayerCount);
    }

    [Theory]
    [InlineData(0, 0.5, 90, 0.2f)]
    [InlineData(10, 1.5, 90, 0.2f)]
    [InlineData(10, 0.5, 0, 0.2f)]
    [InlineData(10, 0.5, 90, -1f)]
    [InlineData(10, 0.5, 90, float.NaN)]
    public void ImpossibleValuesAreRejected(int size, double threshold, int hidden, float scale) =>
        Assert.Throws<InvalidConfigurationException>(() => new NetworkSpec(size, threshold, [hidden], 10, scale).Validate());

    [Fact]
    public void UnknownPresetNamesTheChoices() =>
        Assert.Contains("die", Assert.Throws<InvalidConfigurationException>(() => NetworkSpec.Preset("huge")).Message);
}
