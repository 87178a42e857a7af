using System.Text.Json.Nodes;

namespace CrossbarLab.Results;

/// <summary>One population of a defect-rate sweep and how the two solutions fare on it.</summary>
/// <param name="Rate">Population-mean fraction of defective devices the statistics were scaled to.</param>
/// <param name="DieRates">Fraction of defective devices of each die drawn at that rate.</param>
/// <param name="StatisticsAwareIdealError">Test error of the statistics-aware solution without defects.</param>
/// <param name="Software">Test error of the software solution on each die.</param>
/// <param name="StatisticsAware">Test error of the statistics-aware solution trained for this population, on each die.</param>
public sealed record RateSweepPoint(double Rate, double[] DieRates, double StatisticsAwareIdealError, double[] Software, double[] StatisticsAware)
{
    /// <summary>The paper's two claims at this rate.</summary>
    public StatisticsAwareClaims Claims(double baseline) =>
        StatisticsAwareClaims.Of(ErrorSummary.Of(Software), ErrorSummary.Of(StatisticsAware), baseline);
}

/// <summary>A defect-rate sweep: the software baseline and one population per rate.</summary>
/// <param name="Seed">The run's seed.</param>
/// <param name="BaselineTestError">Ideal test error of the software solution.</param>
/// <param name="K">Defect instances per step of the statistics-aware trainings.</param>
/// <param name="Points">One point per rate, in the order given.</param>
public sealed record DefectRateSweepResult(ulong Seed, double BaselineTestError, int K, IReadOnlyList<RateSweepPoint> Points)
{
    /// <summary>results.json of <c>crossbar sweep defect-rate</c>: per rate, both solutions on the dies and the paper's claims.</summary>
    public JsonObject ToJson()
    {
        JsonObject Method(double[] errors) => ErrorSummary.WithDieErrors(errors, BaselineTestError);
        return new JsonObject
        {
            ["command"] = "sweep defect-rate",
            ["seed"] = Seed,
            ["baseline_test_error"] = BaselineTestError,
            ["k"] = K,
            ["points"] = new JsonArray(Points.Select(p =>
            {
                var statistics = Method(p.StatisticsAware);
                statistics["ideal_test_error"] = p.StatisticsAwareIdealError;
                var point = new JsonObject
                {
                    ["rate"] = p.Rate,
                    ["mean_die_defect_rate"] = p.DieRates.Average(),
                    ["die_defect_rates"] = new JsonArray(p.DieRates.Select(r => (JsonNode)r).ToArray()),
                    ["software"] = Method(p.Software),
                    ["statistics_aware"] = statistics,
                };
                p.Claims(BaselineTestError).AddTo(point);
                return (JsonNode)point;
            }).ToArray()),
        };
    }
}
