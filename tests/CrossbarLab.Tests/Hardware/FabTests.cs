using CrossbarLab.Devices;
using CrossbarLab.Hardware;

namespace CrossbarLab.Tests.Hardware;

public class FabTests
{
    [Fact]
    public void DefaultPopulationLooksLikeTheReference()
    {
        var dies = new Fab(DefectStatistics.Reference, DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDies(36, 1);
        var rates = dies.Select(d => d.Defects.DefectRate).ToList();
        Assert.InRange(rates.Average(), 0.005, 0.015);         // about 1 % of devices on average
        Assert.Contains(rates, r => r == 0);                   // some dies are clean
        Assert.Contains(rates, r => r > 0.015);                // some are strongly defective
        Assert.True(dies.Sum(d => d.Defects.Count(DefectKind.Short)) > dies.Sum(d => d.Defects.Count(DefectKind.Open)) * 4); // shorts dominate
        Assert.Equal("die-00", dies[0].Name);
    }

    [Fact]
    public void SampledRatesConvergeToTheConfiguredOnes()
    {
        var stats = new DefectStatistics(0.02, 0.01, 0.005, 0.003, 0, 0, 0, 0);
        var dies = new Fab(stats, DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDies(20, 3); // 400,000 devices
        double total = 20.0 * ArrayGeometry.Nist20k.DeviceCount;
        foreach (var kind in DefectKinds.All)
        {
            double expected = stats.Rate(kind), observed = dies.Sum(d => d.Defects.Count(kind)) / total;
            double sigma = Math.Sqrt(expected * (1 - expected) / total);
            Assert.True(Math.Abs(observed - expected) < 4 * sigma, $"{kind}: {observed} vs {expected} ± {sigma}");
        }
    }

    [Fact]
    public void DieToDieFactorHasUnitMeanAndTheConfiguredCleanFraction()
    {
        var fab = new Fab(DefectStatistics.Reference with { CleanDieFraction = 0.2, DieToDieSpreadSigmaLn = 0.5 }, DeviceModel.SttMram, ArrayGeometry.Nist20k);
        var factors = Enumerable.Range(0, 20_000).Select(i => fab.RateFactor(i, 5)).ToList();
        Assert.Equal(1.0, factors.Average(), 1);
        Assert.Equal(0.2, factors.Count(f => f == 0) / 20_000.0, 2);
        var logs = factors.Where(f => f > 0).Select(f => Math.Log(f)).ToList();
        double mean = logs.Average();
        Assert.Equal(0.5, Math.Sqrt(logs.Average(l => (l - mean) * (l - mean))), 1);
    }

    [Fact]
    public void LineFailuresOpenWholeLinesAndHideTheirPointDefects()
    {
        var stats = new DefectStatistics(0.05, 0, 0, 0, 0, 0, 0.05, 0.05);
        var die = new Fab(stats, DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDie(0, 9);
        Assert.NotEmpty(die.Defects.FailedRowLines);
        Assert.NotEmpty(die.Defects.FailedColumnLines);
        int column = die.Defects.FailedColumnLines[0];
        for (int r = 0; r < 25; r++)
        {
            int d = die.Geometry.Device(r, column);
            Assert.Equal(DefectKind.Open, die.Defects[d]);
            Assert.Equal(DefectKind.None, die.Defects.PointDefect(d));
        }
    }

    [Fact]
    public void DevicesSpreadLognormallyAroundNominal()
    {
        var die = new Fab(DefectStatistics.Reference, DeviceModel.SttMram with { DeviceSpreadSigmaLn = 0.1 }, ArrayGeometry.Nist20k).MakeDie(0, 2);
        var logs = die.LowOhms.Select(r => Math.Log(r / 3000.0)).ToList();
        Assert.Equal(0, logs.Average(), 2);
        Assert.Equal(0.1, Math.Sqrt(logs.Average(l => l * l)), 2);
    }

    [Fact]
    public void SameSeedSameDieWhateverElseIsMade()
    {
        var fab = new Fab(DefectStatistics.Reference, DeviceModel.SttMram, ArrayGeometry.Nist20k);
        var a = fab.MakeDies(5, 7)[3];
        var b = fab.MakeDie(3, 7);
        Assert.True(a.Defects.SameAs(b.Defects));
        Assert.Equal(a.LowOhms, b.LowOhms);
        Assert.False(fab.MakeDie(3, 8).Defects.SameAs(a.Defects) && a.Defects.DefectiveDevices > 0);
    }

    [Theory]
    [InlineData(-0.1, 0, 0, "population.short_rate")]
    [InlineData(1.5, 0, 0, "population.short_rate")]
    [InlineData(0.6, 0.6, 0, "add up")]
    [InlineData(0.01, 0, -1, "spread")]
    public void ImpossibleStatisticsAreRejected(double shortRate, double openRate, double spread, string expected) =>
        Assert.Contains(expected, Assert.Throws<InvalidConfigurationException>(() =>
            new DefectStatistics(shortRate, openRate, 0, 0, spread, 0, 0, 0).Validate()).Message);
}
