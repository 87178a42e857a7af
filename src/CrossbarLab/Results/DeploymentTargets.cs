using System.Globalization;

namespace CrossbarLab.Results;

/// <summary>
/// The three deployment targets of a <see cref="DeploymentTable"/> in words, for the console and the report alike: each
/// says which methods meet it, or, when none does, which comes closest and by how much. Whether a step counts depends on
/// its cost, which is this run's clock, so the sentences end with that caveat.
/// </summary>
public static class DeploymentTargets
{
    /// <summary>One sentence per target, then the caveat about cost.</summary>
    public static IReadOnlyList<string> Sentences(DeploymentTable table) =>
    [
        "Map-free, first layer on the die, under 1 s per die, both claims: " + MapFree(table, "first") + ".",
        "Map-free, every layer on the die, both claims: " + MapFree(table, "all") + ".",
        "At most 2 % of hardware-aware training's time and within 0.5 point of it: every layer on the die "
            + Cheap(table, "all") + "; first layer " + Cheap(table, "first") + ".",
        "Costs are this run's clock: a method near the 1 s or 2 % limit may fall on the other side in another run.",
    ];

    private static string MapFree(DeploymentTable table, string onDie)
    {
        var met = table.MapFreeMeetingBothClaims(onDie).ToList();
        if (met.Count > 0)
            return "met by " + string.Join(", ", met.Select(r => r.Method)) + " (cheapest first)";
        var best = table.MapFreeTargetRows(onDie).OrderBy(r => r.Summary.Mean).FirstOrDefault();
        if (best == null)
            return "no map-free method";
        var software = table.Rows.First(r => r.OnDie == onDie && r.Method == "software");
        double reduction = software.Summary.Std / best.Summary.Std;
        return $"not met (closest: {best.Method}, {Points(best.Summary.Mean - best.BaselineTestError)} above the "
            + $"baseline, spread {reduction.ToString("0.0", CultureInfo.InvariantCulture)}× smaller)";
    }

    private static string Cheap(DeploymentTable table, string onDie)
    {
        var met = table.CheapWithinHalfPoint(onDie).ToList();
        if (met.Count > 0)
            return "met by " + string.Join(", ", met.Select(r => $"{r.Method} ({Cost(table, r)})"));
        return table.ClosestCheap(onDie) is { } closest
            ? $"not met (closest: {closest.Method}, {Cost(table, closest)})"
            : "not met (no method within 2 %)";
    }

    private static string Cost(DeploymentTable table, DeploymentRow row) =>
        $"{(100 * row.FractionOfHardwareAware).ToString("0.0", CultureInfo.InvariantCulture)} % of its time, "
        + $"{Points(table.GapToHardwareAware(row))} from it";

    private static string Points(double gap) =>
        (100 * gap).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " points";
}
