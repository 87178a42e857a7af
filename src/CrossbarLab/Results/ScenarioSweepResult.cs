using System.Text.Json.Nodes;

namespace CrossbarLab.Results;

/// <summary>The switches of one scenario as results name them.</summary>
/// <param name="Key">Unique short name, e.g. "all-pm1-device-reference".</param>
/// <param name="OnDie">"all" or "first".</param>
/// <param name="Encoding">"plus-minus-one" or "zero-one".</param>
/// <param name="Offsets">Whether neurons have digital offsets.</param>
/// <param name="Short">"weak", "device" or "strong".</param>
/// <param name="SingleShortWeight">The weight a single short gives a cell programmed +1 (weight units).</param>
/// <param name="Population">"reference" or "few-defects".</param>
public sealed record ScenarioSwitches(string Key, string OnDie, string Encoding, bool Offsets, string Short, double SingleShortWeight,
    string Population);

/// <summary>One scenario's outcome: the software baseline and both solutions on the scenario's dies, with and without calibration.</summary>
/// <param name="Switches">The scenario.</param>
/// <param name="BaselineTestError">Ideal test error of the software solution in this architecture.</param>
/// <param name="StatisticsAwareIdealError">Ideal test error of the statistics-aware solution.</param>
/// <param name="DieRates">Fraction of defective devices of each die.</param>
/// <param name="Software">Software weights on each die.</param>
/// <param name="StatisticsAware">The statistics-aware solution on each die.</param>
/// <param name="SoftwareCalibrated">Software weights, offsets calibrated per die.</param>
/// <param name="StatisticsAwareCalibrated">The statistics-aware solution, offsets calibrated per die.</param>
public sealed record ScenarioResult(ScenarioSwitches Switches, double BaselineTestError, double StatisticsAwareIdealError, double[] DieRates,
    double[] Software, double[] StatisticsAware, double[] SoftwareCalibrated, double[] StatisticsAwareCalibrated)
{
    /// <summary>The paper's claims for the statistics-aware solution against software weights on the same dies.</summary>
    public StatisticsAwareClaims Claims => StatisticsAwareClaims.Of(ErrorSummary.Of(Software), ErrorSummary.Of(StatisticsAware), BaselineTestError);

    /// <summary>The same claims for the calibrated statistics-aware solution (still against uncalibrated software weights, the paper's reference).</summary>
    public StatisticsAwareClaims CalibratedClaims =>
        StatisticsAwareClaims.Of(ErrorSummary.Of(Software), ErrorSummary.Of(StatisticsAwareCalibrated), BaselineTestError);

    /// <summary>Whether software weights are badly degraded here (mean die error more than the paper's gap above the baseline).</summary>
    public bool SoftwareDegraded => ErrorSummary.Of(Software).Mean - BaselineTestError > StatisticsAwareClaims.MaxGap;

    /// <summary>One scenario as results.json lists it.</summary>
    public JsonObject ToJson()
    {
        JsonObject Method(double[] errors) => ErrorSummary.WithDieErrors(errors, BaselineTestError);
        var statistics = Method(StatisticsAware);
        statistics["ideal_test_error"] = StatisticsAwareIdealError;
        return new JsonObject
        {
            ["key"] = Switches.Key,
            ["on_die"] = Switches.OnDie,
            ["encoding"] = Switches.Encoding,
            ["offsets"] = Switches.Offsets,
            ["short"] = Switches.Short,
            ["single_short_weight"] = Switches.SingleShortWeight,
            ["population"] = Switches.Population,
            ["mean_die_defect_rate"] = DieRates.Average(),
            ["baseline_test_error"] = BaselineTestError,
            ["software"] = Method(Software),
            ["statistics_aware"] = statistics,
            ["software_calibrated"] = Method(SoftwareCalibrated),
            ["statistics_aware_calibrated"] = Method(StatisticsAwareCalibrated),
            ["software_degraded"] = SoftwareDegraded,
            ["claims"] = ClaimsJson(Claims),
            ["claims_calibrated"] = ClaimsJson(CalibratedClaims),
        };
    }

    private static JsonObject ClaimsJson(StatisticsAwareClaims c) => new()
    {
        ["gap_to_baseline"] = c.GapToBaseline,
        ["spread_reduction"] = c.SpreadReduction,
        ["statistics_aware_within_2_points"] = c.WithinGap,
        ["spread_reduced_at_least_5x"] = c.SpreadReduced,
    };
}

/// <summary>The scenario sweep: every scenario of the grid, in order.</summary>
/// <param name="Seed">The run's seed.</param>
/// <param name="K">Defect instances per step of the statistics-aware trainings.</param>
/// <param name="Dies">Dies per scenario.</param>
/// <param name="Scenarios">One result per scenario.</param>
public sealed record ScenarioSweepResult(ulong Seed, int K, int Dies, IReadOnlyList<ScenarioResult> Scenarios)
{
    /// <summary>The scenario closest to the paper's picture: all three observations if any, else the most of them, then the
    /// smallest gap of the statistics-aware solution's mean to the baseline.</summary>
    public ScenarioResult Closest => Scenarios
        .OrderByDescending(s => (s.SoftwareDegraded ? 1 : 0) + (s.Claims.WithinGap ? 1 : 0) + (s.Claims.SpreadReduced ? 1 : 0))
        .ThenBy(s => s.Claims.GapToBaseline)
        .First();

    /// <summary>results.json of <c>crossbar sweep scenarios</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["command"] = "sweep scenarios",
        ["seed"] = Seed,
        ["k"] = K,
        ["dies"] = Dies,
        ["closest_to_paper"] = Closest.Switches.Key,
        ["scenarios"] = new JsonArray(Scenarios.Select(s => (JsonNode)s.ToJson()).ToArray()),
    };
}
