using System.Text.Json.Nodes;

namespace CrossbarLab.Results;

/// <summary>
/// The reference paper's two claims about a statistics-aware solution, checked on one population of dies: its mean die error
/// is within two percentage points of the software baseline's ideal error, and its standard deviation across dies is at
/// most a fifth of that of software-trained weights on the same dies.
/// </summary>
/// <param name="GapToBaseline">Mean die error of the statistics-aware solution minus the baseline's ideal error (fraction).</param>
/// <param name="SpreadReduction">Std across dies of the software solution over that of the statistics-aware one; null when the latter is 0.</param>
public sealed record StatisticsAwareClaims(double GapToBaseline, double? SpreadReduction)
{
    /// <summary>Largest gap to the baseline the paper reports (two percentage points).</summary>
    public const double MaxGap = 0.02;

    /// <summary>Smallest spread reduction that counts as the paper's (an order of magnitude claimed; a factor of 5 asked for).</summary>
    public const double MinSpreadReduction = 5;

    /// <summary>Compares the two solutions' die errors on the same dies with the baseline's ideal test error.</summary>
    public static StatisticsAwareClaims Of(ErrorSummary software, ErrorSummary statisticsAware, double baseline) =>
        new(statisticsAware.Mean - baseline, statisticsAware.Std > 0 ? software.Std / statisticsAware.Std : null);

    /// <summary>Whether the mean die error is within <see cref="MaxGap"/> of the baseline.</summary>
    public bool WithinGap => GapToBaseline <= MaxGap;

    /// <summary>Whether the spread is reduced at least <see cref="MinSpreadReduction"/>-fold (false when undefined).</summary>
    public bool SpreadReduced => SpreadReduction >= MinSpreadReduction;

    /// <summary>Adds the spread reduction and both verdicts to <paramref name="target"/> under the results.json names the sweeps use.</summary>
    public void AddTo(JsonObject target)
    {
        target["spread_reduction_software_over_statistics_aware"] = SpreadReduction;
        target["statistics_aware_within_2_percent"] = WithinGap;
        target["spread_reduced_at_least_5x"] = SpreadReduced;
    }
}
