using CrossbarLab.Hardware;

namespace CrossbarLab.Tests.Hardware;

public class DifferentialMappingTests
{
    [Fact]
    public void DefaultNetworkFillsAllThirtyTwoTiles()
    {
        var m = DifferentialMapping.Create([100, 90, 10], ArrayGeometry.Nist20k);
        Assert.Equal(19_800, m.UsedDevices);
        Assert.Equal(16, m.Blocks.Where(b => b.Layer == 0).Count());
        Assert.Equal(4, m.Blocks.Where(b => b.Layer == 1).Count());
        Assert.Equal(16, m.Blocks.Select(b => b.TilePair).Distinct().Count());
        // Layer 2 sits in the 10 columns that layer 1's last column blocks (15 wide) leave free.
        Assert.All(m.Blocks.Where(b => b.Layer == 1), b => Assert.Equal(15, b.ColumnOffset));
    }

    [Fact]
    public void EveryWeightHasItsOwnPairOfDevicesInTwinTiles()
    {
        var g = ArrayGeometry.Nist20k;
        var m = DifferentialMapping.Create([100, 90, 10], g);
        var seen = new HashSet<int>();
        int[] widths = [100, 90, 10];
        for (int l = 0; l < 2; l++)
            for (int i = 0; i < widths[l]; i++)
                for (int j = 0; j < widths[l + 1]; j++)
                {
                    var (p, n) = m.Devices(l, i, j);
                    Assert.True(seen.Add(p) && seen.Add(n));
                    var (rp, cp) = g.Position(p); var (rn, cn) = g.Position(n);
                    Assert.Equal(rp, rn);
                    Assert.Equal(cp / g.TileColumns + 1, cn / g.TileColumns); // negative device in the next tile
                    Assert.Equal(0, cp / g.TileColumns % 2);                  // positive device in an even tile
                }
        Assert.Equal(19_800, seen.Count);
    }

    [Fact]
    public void HandCheckedPlacementOfOneWeight()
    {
        // Weight (input 30, output 60) of layer 0: row block 1 (inputs 25–49), column block 2 (outputs 50–74)
        // → block 4·1 + 2 = 6 in order → tile pair 6, row 5, column 10: positive device in tile 12, negative in tile 13.
        var g = ArrayGeometry.Nist20k;
        var (p, n) = DifferentialMapping.Create([100, 90, 10], g).Devices(0, 30, 60);
        Assert.Equal(g.Device(5, 12 * 25 + 10), p);
        Assert.Equal(g.Device(5, 13 * 25 + 10), n);
    }

    [Fact]
    public void ANetworkTooLargeForTheArrayIsRefusedClearly()
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => DifferentialMapping.Create([784, 512, 10], ArrayGeometry.Nist20k));
        Assert.Contains("does not fit the array", e.Message);
        Assert.Contains("784-512-10", e.Message);
    }
}
