using System.Text.Json.Nodes;

namespace CrossbarLab.Results;

/// <summary>One point of a saturation sweep: the training saturation (null = device-derived) and the solution's errors.</summary>
/// <param name="Saturation">Weight value (±) single shorts took in training; null for the device-derived value.</param>
/// <param name="IdealTestError">Test error of the solution without defects.</param>
/// <param name="DieErrors">Test error of the solution on each die.</param>
public sealed record SweepPoint(double? Saturation, double IdealTestError, double[] DieErrors);

/// <summary>A saturation sweep: the software baseline's ideal error and die errors, for comparison, and one point per value.</summary>
/// <param name="Seed">The run's seed.</param>
/// <param name="BaselineTestError">Ideal test error of the software solution.</param>
/// <param name="Software">Test error of the software solution on each die.</param>
/// <param name="Points">One statistics-aware solution per saturation value, the device-derived one first.</param>
public sealed record SaturationSweepResult(ulong Seed, double BaselineTestError, double[] Software, IReadOnlyList<SweepPoint> Points)
{
    /// <summary>The claims of the paper for one point, against the software solution on the same dies.</summary>
    public StatisticsAwareClaims Claims(SweepPoint point) =>
        StatisticsAwareClaims.Of(ErrorSummary.Of(Software), ErrorSummary.Of(point.DieErrors), BaselineTestError);

    /// <summary>results.json of <c>crossbar sweep saturation</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["command"] = "sweep saturation",
        ["seed"] = Seed,
        ["baseline_test_error"] = BaselineTestError,
        ["software"] = ErrorSummary.WithDieErrors(Software, BaselineTestError),
        ["points"] = new JsonArray(Points.Select(p =>
        {
            var o = ErrorSummary.WithDieErrors(p.DieErrors, BaselineTestError);
            o["saturation"] = p.Saturation;
            o["ideal_test_error"] = p.IdealTestError;
            Claims(p).AddTo(o);
            return (JsonNode)o;
        }).ToArray()),
    };
}
