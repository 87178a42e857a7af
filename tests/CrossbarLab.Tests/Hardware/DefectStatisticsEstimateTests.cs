using CrossbarLab.Devices;
using CrossbarLab.Hardware;

namespace CrossbarLab.Tests.Hardware;

public class DefectStatisticsEstimateTests
{
    [Fact]
    public void EstimationRecoversTheConfiguredStatisticsWithinTheirIntervals()
    {
        var truth = new DefectStatistics(0.008, 0.002, 0.001, 0.0005, 0.5, 0.15, 0.002, 0.003);
        var dies = new Fab(truth, DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDies(200, 11);
        var est = DefectStatisticsEstimate.From(dies, confidence: 0.99);
        foreach (var kind in DefectKinds.All)
            Assert.True(est.Rates[kind].Contains(truth.Rate(kind)), $"{kind}: {est.Rates[kind]} vs {truth.Rate(kind)}");
        Assert.True(est.CleanDieFraction.Contains(truth.CleanDieFraction), $"clean {est.CleanDieFraction}");
        Assert.True(est.RowLineFailureRate.Contains(truth.RowLineFailureRate), $"rows {est.RowLineFailureRate}");
        Assert.True(est.ColumnLineFailureRate.Contains(truth.ColumnLineFailureRate), $"columns {est.ColumnLineFailureRate}");
        Assert.InRange(est.DieToDieSpread, 0.4, 0.6);
        // The estimate can drive a new fab: a population like the measured one.
        var again = est.ToStatistics();
        Assert.Equal(est.Rates[DefectKind.Short].Value, again.ShortRate);
        Assert.Single(new Fab(again, DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDies(1, 1));
        // The interval is honest: it is narrower than the value itself for the dominant kind.
        Assert.True(est.Rates[DefectKind.Short].High - est.Rates[DefectKind.Short].Low < truth.ShortRate);
    }

    [Fact]
    public void IntervalsMatchHandComputedValues()
    {
        // Mean of {1, 2, 3, 4}: 2.5, sd 1.291, t(0.975, 3) = 3.182 → half-width 2.054.
        var m = Intervals.Mean([1, 2, 3, 4], 0.95);
        Assert.Equal(2.5, m.Value, 12);
        Assert.InRange(m.Low, 2.5 - 2.054 * 1.01, 2.5 - 2.054 * 0.99); // the t quantile is within 1 % of tables for ν ≥ 3
        Assert.Equal(1.959964, Intervals.NormalQuantile(0.975), 5);
        Assert.InRange(Intervals.StudentQuantile(0.975, 29), 2.043, 2.047); // table: 2.045
        // Wilson interval for 5/100 at 95 %: [0.0215, 0.1118].
        var p = Intervals.Proportion(5, 100, 0.95);
        Assert.Equal(0.0215, p.Low, 3);
        Assert.Equal(0.1118, p.High, 3);
    }

    [Fact]
    public void TooFewDiesIsAClearError() =>
        Assert.Throws<InvalidConfigurationException>(() => DefectStatisticsEstimate.From([Die.Ideal(ArrayGeometry.Nist20k, DeviceModel.SttMram)]));
}
