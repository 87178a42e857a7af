using CrossbarLab.Results;

namespace CrossbarLab.Tests.Results;

public class StatisticsAwareClaimsTests
{
    [Fact]
    public void ComparesGapAndSpreadWithThePapersThresholds()
    {
        // Software {0.1, 0.3}: std √0.02; statistics-aware {0.13, 0.15}: mean 0.14, std √0.0002 — a 10× reduction.
        var software = ErrorSummary.Of([0.1, 0.3]);
        var statistics = ErrorSummary.Of([0.13, 0.15]);
        var claims = StatisticsAwareClaims.Of(software, statistics, baseline: 0.125);
        Assert.Equal(0.015, claims.GapToBaseline, 12);
        Assert.Equal(10, claims.SpreadReduction!.Value, 9);
        Assert.True(claims.WithinGap);
        Assert.True(claims.SpreadReduced);

        var far = StatisticsAwareClaims.Of(software, statistics, baseline: 0.1199);
        Assert.False(far.WithinGap); // gap 0.0201 > 0.02
        // {0.11, 0.19}: std √0.0032, a 2.5× reduction only.
        var wide = StatisticsAwareClaims.Of(software, ErrorSummary.Of([0.11, 0.19]), baseline: 0.14);
        Assert.Equal(2.5, wide.SpreadReduction!.Value, 9);
        Assert.False(wide.SpreadReduced);
        Assert.True(wide.WithinGap);
    }

    [Fact]
    public void NoSpreadOfTheStatisticsAwareSolutionLeavesTheReductionUndefined()
    {
        var claims = StatisticsAwareClaims.Of(ErrorSummary.Of([0.1, 0.3]), ErrorSummary.Of([0.14, 0.14]), baseline: 0.13);
        Assert.Null(claims.SpreadReduction);
        Assert.False(claims.SpreadReduced);
    }
}
