namespace CrossbarLab.Hardware;

/// <summary>
/// Defect statistics estimated from a set of dies, each with a confidence interval: point-defect rates as the mean of the
/// dies' rates (a Student-t interval over dies, which accounts for die-to-die spread), the clean-die fraction and line
/// failure rates as proportions (Wilson intervals), and the die-to-die σ of ln(rate) over the defective dies.
/// </summary>
public sealed record DefectStatisticsEstimate(
    int Dies, double Confidence, IReadOnlyDictionary<DefectKind, Estimate> Rates, Estimate TotalRate,
    Estimate CleanDieFraction, double DieToDieSpread, Estimate RowLineFailureRate, Estimate ColumnLineFailureRate)
{
    /// <summary>Estimates the statistics of <paramref name="dies"/> (at least two, all of one geometry).</summary>
    public static DefectStatisticsEstimate From(IReadOnlyList<Die> dies, double confidence = 0.95)
    {
        if (dies.Count < 2) throw new InvalidConfigurationException("estimating statistics needs at least two dies.");
        if (!(confidence > 0 && confidence < 1)) throw new InvalidConfigurationException($"confidence {confidence} must lie in (0, 1).");
        var geometry = dies[0].Geometry;
        if (dies.Any(d => d.Geometry != geometry)) throw new InvalidConfigurationException("all dies must have the same array geometry to pool their statistics.");
        double devices = geometry.DeviceCount;
        var rates = DefectKinds.All.ToDictionary(k => k, k => Intervals.Mean(dies.Select(d => d.Defects.Count(k) / devices).ToList(), confidence));
        var perDie = dies.Select(d => DefectKinds.All.Sum(k => d.Defects.Count(k)) / devices).ToList();
        int clean = perDie.Count(r => r == 0);
        var logs = perDie.Where(r => r > 0).Select(r => Math.Log(r)).ToList();
        double spread = logs.Count < 2 ? 0 : Math.Sqrt(logs.Sum(l => (l - logs.Average()) * (l - logs.Average())) / (logs.Count - 1));
        return new DefectStatisticsEstimate(dies.Count, confidence, rates, Intervals.Mean(perDie, confidence),
            Intervals.Proportion(clean, dies.Count, confidence), spread,
            Intervals.Proportion(dies.Sum(d => d.Defects.FailedRowLines.Count), (long)dies.Count * geometry.RowLines, confidence),
            Intervals.Proportion(dies.Sum(d => d.Defects.FailedColumnLines.Count), (long)dies.Count * geometry.ColumnLines, confidence));
    }

    /// <summary>The point estimates as statistics a <see cref="Fab"/> can draw from.</summary>
    public DefectStatistics ToStatistics() => new(
        Rates[DefectKind.Short].Value, Rates[DefectKind.Open].Value, Rates[DefectKind.StuckParallel].Value, Rates[DefectKind.StuckAntiparallel].Value,
        DieToDieSpread, CleanDieFraction.Value, RowLineFailureRate.Value, ColumnLineFailureRate.Value);
}
