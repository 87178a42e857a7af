using CrossbarLab.Hardware;

namespace CrossbarLab.Tests.Hardware;

public class DefectStatisticsTests
{
    [Fact]
    public void AtPointRateKeepsTheMixSpreadAndCleanDies()
    {
        // The reference mix is 0.8 : 0.1 : 0.05 : 0.05 of a 1 % total, so 0.2 % splits into 0.16, 0.02, 0.01 and 0.01 %.
        var s = DefectStatistics.Reference.AtPointRate(0.002);
        Assert.Equal(0.002, s.TotalPointRate, 15);
        Assert.Equal(0.0016, s.ShortRate, 15);
        Assert.Equal(0.0002, s.OpenRate, 15);
        Assert.Equal(0.0001, s.StuckParallelRate, 15);
        Assert.Equal(0.0001, s.StuckAntiparallelRate, 15);
        Assert.Equal(DefectStatistics.Reference.DieToDieSpreadSigmaLn, s.DieToDieSpreadSigmaLn);
        Assert.Equal(DefectStatistics.Reference.CleanDieFraction, s.CleanDieFraction);
    }

    [Fact]
    public void AtPointRateZeroIsDefectFreeAndImpossibleRatesAreRefused()
    {
        Assert.Equal(0, DefectStatistics.Reference.AtPointRate(0).TotalPointRate);
        Assert.Throws<InvalidConfigurationException>(() => DefectStatistics.Reference.AtPointRate(-0.01));
        Assert.Throws<InvalidConfigurationException>(() => DefectStatistics.Reference.AtPointRate(1.5));
        Assert.Throws<InvalidConfigurationException>(() => DefectStatistics.Reference.AtPointRate(double.NaN));
        var none = DefectStatistics.Reference.Scaled(0);
        var e = Assert.Throws<InvalidConfigurationException>(() => none.AtPointRate(0.01));
        Assert.Contains("no point defects", e.Message);
        Assert.Equal(0, none.AtPointRate(0).TotalPointRate);
    }
}
