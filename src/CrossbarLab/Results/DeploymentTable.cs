using System.Text.Json.Nodes;

namespace CrossbarLab.Results;

/// <summary>One row of the deployment table: a shared solution with some per-die steps (or hardware-aware training from scratch) on every die.</summary>
/// <param name="Method">What was done, e.g. "statistics-aware+calibration", "hardware-aware-from-scratch".</param>
/// <param name="OnDie">"all" or "first".</param>
/// <param name="BaselineTestError">The software solution's ideal error in the same architecture (refitted the same way when the row refits).</param>
/// <param name="DieErrors">Test error on each die.</param>
/// <param name="Seconds">Seconds each die's steps took.</param>
/// <param name="FractionsOfHardwareAware">Each die's seconds over hardware-aware training's on that die.</param>
/// <param name="NeedsMap">Whether the steps need the die's defect map.</param>
/// <param name="Trains">What the steps train.</param>
/// <param name="SoftwareStd">Std across dies of plain software weights with the same placement (the paper's spread reference).</param>
public sealed record DeploymentRow(string Method, string OnDie, double BaselineTestError, double[] DieErrors, double[] Seconds,
    double[] FractionsOfHardwareAware, bool NeedsMap, string Trains, double SoftwareStd)
{
    /// <summary>Summary of the die errors with the gap to the baseline.</summary>
    public ErrorSummary Summary => ErrorSummary.Of(DieErrors, BaselineTestError);

    /// <summary>Whether the mean die error is within the paper's two points of the baseline.</summary>
    public bool WithinTwoPoints => Summary.Mean - BaselineTestError <= StatisticsAwareClaims.MaxGap;

    /// <summary>Whether the spread across dies is at most a fifth of plain software weights'.</summary>
    public bool SpreadAtMostFifth => Summary.Std <= SoftwareStd / StatisticsAwareClaims.MinSpreadReduction;

    /// <summary>Whether the steps are map-free (only what the die reports).</summary>
    public bool MapFree => !NeedsMap;

    /// <summary>Mean seconds per die.</summary>
    public double SecondsPerDie => Seconds.Average();

    /// <summary>Mean fraction of hardware-aware training's time.</summary>
    public double FractionOfHardwareAware => FractionsOfHardwareAware.Average();

    /// <summary>
    /// The row as results.json lists it: outcomes only, which a rerun reproduces byte for byte; what it cost in seconds
    /// is a measurement of this machine and goes to timing.json (<see cref="CostJson"/>).
    /// </summary>
    public JsonObject ToJson()
    {
        var s = Summary;
        return new JsonObject
        {
            ["method"] = Method,
            ["on_die"] = OnDie,
            ["baseline_test_error"] = BaselineTestError,
            ["mean"] = s.Mean,
            ["std"] = s.Std,
            ["median"] = s.Median,
            ["max"] = s.Max,
            ["needs_map"] = NeedsMap,
            ["trains"] = Trains,
            ["within_2_points"] = WithinTwoPoints,
            ["spread_at_most_fifth"] = SpreadAtMostFifth,
            ["die_errors"] = new JsonArray(DieErrors.Select(e => (JsonNode)e).ToArray()),
        };
    }

    /// <summary>What the row cost on this machine, as timing.json lists it.</summary>
    public JsonObject CostJson() => new()
    {
        ["method"] = Method,
        ["on_die"] = OnDie,
        ["seconds_per_die"] = SecondsPerDie,
        ["fraction_of_hardware_aware_time"] = FractionOfHardwareAware,
        ["seconds"] = new JsonArray(Seconds.Select(e => (JsonNode)e).ToArray()),
    };
}

/// <summary>Fine-tuning against its length: the mean die error after N steps of hardware-aware training from a shared solution.</summary>
/// <param name="Solution">"software" or "statistics-aware".</param>
/// <param name="OnDie">"all" or "first".</param>
/// <param name="Steps">Fine-tuning steps.</param>
/// <param name="DieErrors">Test error on each die after them.</param>
/// <param name="SecondsPerDie">Mean seconds of the fine-tuning per die.</param>
public sealed record FinetunePoint(string Solution, string OnDie, int Steps, double[] DieErrors, double SecondsPerDie)
{
    /// <summary>The point as results.json lists it (its seconds go to timing.json).</summary>
    public JsonObject ToJson() => new()
    {
        ["solution"] = Solution,
        ["on_die"] = OnDie,
        ["steps"] = Steps,
        ["mean"] = DieErrors.Average(),
        ["std"] = ErrorSummary.Of(DieErrors).Std,
    };
}

/// <summary>The deployment stage of a reproduction: every row, the fine-tuning curve, and the three targets.</summary>
/// <param name="Rows">Every method on every die, both placements.</param>
/// <param name="Finetune">Mean die error against fine-tuning steps.</param>
public sealed record DeploymentTable(IReadOnlyList<DeploymentRow> Rows, IReadOnlyList<FinetunePoint> Finetune)
{
    /// <summary>The reference row's method: hardware-aware training from scratch on each die.</summary>
    public const string HardwareAware = "hardware-aware-from-scratch";

    /// <summary>The rows that meet a placement's map-free target (<see cref="MapFreeTargetRows"/>), cheapest first.</summary>
    public IEnumerable<DeploymentRow> MapFreeMeetingBothClaims(string onDie) =>
        MeetingBothClaims(MapFreeTargetRows(onDie));

    /// <summary>
    /// The rows a map-free target considers: map-free methods on that placement, and with the first layer on the die only
    /// those under one second per die.
    /// </summary>
    public IEnumerable<DeploymentRow> MapFreeTargetRows(string onDie) => Rows.Where(r => r.OnDie == onDie && r.MapFree
        && r.Method != HardwareAware && (onDie != "first" || r.SecondsPerDie < 1));

    /// <summary>Those of <paramref name="rows"/> that meet both of the paper's claims, cheapest first.</summary>
    private static IEnumerable<DeploymentRow> MeetingBothClaims(IEnumerable<DeploymentRow> rows) =>
        rows.Where(r => r.WithinTwoPoints && r.SpreadAtMostFifth).OrderBy(r => r.SecondsPerDie);

    /// <summary>
    /// The map-free row with the lowest mean die error for a placement (the closest, when no row meets the claims),
    /// whatever it cost: results.json holds it, and results.json must not depend on the clock.
    /// </summary>
    public DeploymentRow? BestMapFree(string onDie) => Rows
        .Where(r => r.OnDie == onDie && r.MapFree && r.Method != HardwareAware)
        .OrderBy(r => r.Summary.Mean)
        .FirstOrDefault();

    /// <summary>Rows costing at most 2 % of hardware-aware training whose mean is within half a point of it, per placement.</summary>
    public IEnumerable<DeploymentRow> CheapWithinHalfPoint(string onDie) =>
        Cheap(onDie).Where(r => GapToHardwareAware(r) <= 0.005);

    /// <summary>The row costing at most 2 % of hardware-aware training closest to it in mean die error, if any.</summary>
    public DeploymentRow? ClosestCheap(string onDie) => Cheap(onDie).OrderBy(GapToHardwareAware).FirstOrDefault();

    /// <summary>A row's mean die error minus hardware-aware training's on the same placement.</summary>
    public double GapToHardwareAware(DeploymentRow row) =>
        row.Summary.Mean - Rows.First(r => r.OnDie == row.OnDie && r.Method == HardwareAware).Summary.Mean;

    private IEnumerable<DeploymentRow> Cheap(string onDie) =>
        Rows.Where(r => r.OnDie == onDie && r.Method != HardwareAware && r.FractionOfHardwareAware <= 0.02)
            .Where(_ => Rows.Any(r => r.OnDie == onDie && r.Method == HardwareAware));

    /// <summary>The rows as results.json's <c>deployment</c> list.</summary>
    public JsonArray ToJson() => new(Rows.Select(r => (JsonNode)r.ToJson()).ToArray());

    /// <summary>The fine-tuning curve and the best map-free row of each placement, beside the list.</summary>
    public JsonObject SummaryJson() => new()
    {
        ["finetune_curve"] = new JsonArray(Finetune.Select(p => (JsonNode)p.ToJson()).ToArray()),
        ["best_map_free_every_layer"] = Best("all"),
        ["best_map_free_first_layer"] = Best("first"),
    };

    private static JsonArray MethodNames(IEnumerable<DeploymentRow> rows) =>
        new(rows.Select(r => (JsonNode)r.Method).ToArray());

    private JsonObject? Closest(string onDie) => ClosestCheap(onDie) is { } row
        ? new JsonObject { ["method"] = row.Method, ["gap_to_hardware_aware"] = GapToHardwareAware(row) }
        : null;

    private JsonObject? Best(string onDie)
    {
        if (BestMapFree(onDie) is not { } row)
            return null;
        var software = Rows.First(r => r.OnDie == onDie && r.Method == "software");
        return new JsonObject
        {
            ["method"] = row.Method,
            ["gap_to_baseline"] = row.Summary.Mean - row.BaselineTestError,
            ["spread_reduction_against_software"] = software.Summary.Std / row.Summary.Std,
        };
    }

    /// <summary>
    /// timing.json: the seconds of every row and fine-tuning length, and the three targets, which depend on them (a
    /// step's cost decides whether it counts). Wall-clock measurements, so the one output a rerun does not reproduce.
    /// </summary>
    public JsonObject TimingJson() => new()
    {
        ["rows"] = new JsonArray(Rows.Select(r => (JsonNode)r.CostJson()).ToArray()),
        ["finetune_curve"] = new JsonArray(Finetune.Select(p => (JsonNode)new JsonObject
        {
            ["solution"] = p.Solution,
            ["on_die"] = p.OnDie,
            ["steps"] = p.Steps,
            ["seconds_per_die"] = p.SecondsPerDie,
        }).ToArray()),
        ["targets"] = new JsonObject
        {
            ["map_free_first_layer"] = MethodNames(MapFreeMeetingBothClaims("first")),
            ["map_free_every_layer"] = MethodNames(MapFreeMeetingBothClaims("all")),
            ["cheap_within_half_point_of_hardware_aware_all"] = MethodNames(CheapWithinHalfPoint("all")),
            ["cheap_within_half_point_of_hardware_aware_first"] = MethodNames(CheapWithinHalfPoint("first")),
            ["closest_cheap_all"] = Closest("all"),
            ["closest_cheap_first"] = Closest("first"),
        },
    };
}
