using CrossbarLab.Hardware;

namespace CrossbarLab.Tests.Hardware;

public class DefectMapTests
{
    private static readonly ArrayGeometry G = new(4, 3, 5, 12); // die grid 3 × 20

    [Fact]
    public void CountsPointDefectsAndLinesSeparately()
    {
        var kinds = new byte[G.DeviceCount];
        kinds[G.Device(0, 0)] = (byte)DefectKind.Short;
        kinds[G.Device(2, 7)] = (byte)DefectKind.StuckAntiparallel;
        // Row line 4 = tile 1, row 1 (columns 5–9); column line 12.
        var map = new DefectMap(G, kinds, [4], [12]);
        Assert.Equal(1, map.Count(DefectKind.Short));
        Assert.Equal(1, map.Count(DefectKind.StuckAntiparallel));
        Assert.Equal(0, map.Count(DefectKind.Open));
        Assert.Equal(DefectKind.Open, map[G.Device(1, 6)]);
        Assert.Equal(DefectKind.Open, map[G.Device(0, 12)]);
        Assert.Equal(DefectKind.None, map[G.Device(1, 11)]);
        // 2 point defects + 5 row-line devices + 3 column-line devices, of which (1, 12) is not on the row line.
        Assert.Equal(2 + 5 + 3, map.DefectiveDevices);
        Assert.Equal(10.0 / 60, map.DefectRate, 12);
    }

    [Fact]
    public void RejectsMapsThatDoNotFitTheGeometry()
    {
        Assert.Throws<ArgumentException>(() => new DefectMap(G, new byte[10]));
        Assert.Throws<ArgumentException>(() => new DefectMap(G, Enumerable.Repeat((byte)9, G.DeviceCount).ToArray()));
        Assert.Throws<ArgumentException>(() => new DefectMap(G, new byte[G.DeviceCount], [12]));
    }

    [Fact]
    public void GeometryRejectsImpossibleArrays()
    {
        Assert.Throws<InvalidConfigurationException>(() => new ArrayGeometry(3, 25, 25, 12).Validate());
        Assert.Throws<InvalidConfigurationException>(() => new ArrayGeometry(32, 0, 25, 12).Validate());
        Assert.Throws<InvalidConfigurationException>(() => new ArrayGeometry(32, 25, 25, 40).Validate());
        Assert.Equal(20_000, ArrayGeometry.Nist20k.DeviceCount);
    }

    [Theory]
    [InlineData("short", DefectKind.Short)]
    [InlineData("stuck-ON", DefectKind.Short)]
    [InlineData("stuck-off", DefectKind.Open)]
    [InlineData("stuck-lrs", DefectKind.StuckParallel)]
    [InlineData("stuck-antiparallel", DefectKind.StuckAntiparallel)]
    public void KindNamesAndSynonymsParse(string name, DefectKind kind) => Assert.Equal(kind, DefectKinds.Parse(name));

    [Fact]
    public void UnknownKindIsRejected() => Assert.Contains("unknown defect kind", Assert.Throws<InvalidConfigurationException>(() => DefectKinds.Parse("melted")).Message);
}
