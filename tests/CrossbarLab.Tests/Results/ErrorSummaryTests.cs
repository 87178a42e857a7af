using CrossbarLab.Results;

namespace CrossbarLab.Tests.Results;

public class ErrorSummaryTests
{
    [Fact]
    public void MatchesHandComputedValues()
    {
        // {0.10, 0.12, 0.20, 0.14}: mean 0.14, sample variance (0.0016 + 0.0004 + 0.0036 + 0)/3 = 0.0056/3, median 0.13.
        var s = ErrorSummary.Of([0.10, 0.12, 0.20, 0.14], baseline: 0.11);
        Assert.Equal(0.14, s.Mean, 12);
        Assert.Equal(Math.Sqrt(0.0056 / 3), s.Std, 12);
        Assert.Equal(0.13, s.Median, 12);
        Assert.Equal(0.10, s.Min); Assert.Equal(0.20, s.Max);
        Assert.Equal(0.03, s.GapToBaseline!.Value, 12);
        Assert.Equal(0.12, ErrorSummary.Of([0.2, 0.12, 0.1]).Median);
        Assert.Null(ErrorSummary.Of([0.2]).GapToBaseline);
        Assert.Equal(0, ErrorSummary.Of([0.2]).Std);
    }
}
