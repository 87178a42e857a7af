using System.Text.Json.Nodes;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.IO;

namespace CrossbarLab.Results;

/// <summary>A drawn population of dies and the settings it was drawn with: <c>crossbar fab</c>'s summary.json.</summary>
/// <param name="Seed">Seed of every draw.</param>
/// <param name="Statistics">Defect statistics of the population.</param>
/// <param name="Device">Device model of every die.</param>
/// <param name="Geometry">Array of every die.</param>
/// <param name="Network">Shape of the network the dies were checked to hold ("100-90-10"), or null.</param>
/// <param name="DevicesUsedByNetwork">Devices that network occupies, or null.</param>
/// <param name="Dies">The dies.</param>
public sealed record FabSummary(ulong Seed, DefectStatistics Statistics, DeviceModel Device, ArrayGeometry Geometry,
    string? Network, int? DevicesUsedByNetwork, IReadOnlyList<Die> Dies)
{
    /// <summary>Mean fraction of defective devices over the dies.</summary>
    public double MeanDefectRate => Dies.Average(d => d.Defects.DefectRate);

    /// <summary>summary.json (and fab's results.json): settings, every die's defects, the mean rate, the statistics estimated back.</summary>
    public JsonObject ToJson()
    {
        var list = new JsonArray();
        foreach (var die in Dies)
        {
            list.Add(new JsonObject
            {
                ["name"] = die.Name,
                ["defects"] = DieFile.DefectCounts(die.Defects),
                ["defective_devices"] = die.Defects.DefectiveDevices,
                ["defect_rate"] = die.Defects.DefectRate,
            });
        }
        var root = new JsonObject
        {
            ["command"] = "fab",
            ["seed"] = Seed,
            ["statistics"] = JsonConventions.ToNode(Statistics),
            ["device"] = JsonConventions.ToNode(Device),
            ["geometry"] = JsonConventions.ToNode(Geometry),
            ["network"] = Network,
            ["devices_used_by_network"] = DevicesUsedByNetwork,
            ["dies"] = list,
            ["mean_defect_rate"] = MeanDefectRate,
        };
        if (Dies.Count >= 2) root["estimated_statistics"] = Estimated(DefectStatisticsEstimate.From(Dies));
        return root;
    }

    private static JsonObject Estimated(DefectStatisticsEstimate est)
    {
        var rates = new JsonObject();
        foreach (var (kind, e) in est.Rates) rates[DefectKinds.Name(kind)] = Interval(e);
        return new JsonObject
        {
            ["confidence"] = est.Confidence,
            ["point_defect_rates"] = rates,
            ["total_point_defect_rate"] = Interval(est.TotalRate),
            ["clean_die_fraction"] = Interval(est.CleanDieFraction),
            ["die_to_die_spread_sigma_ln"] = est.DieToDieSpread,
            ["row_line_failure_rate"] = Interval(est.RowLineFailureRate),
            ["column_line_failure_rate"] = Interval(est.ColumnLineFailureRate),
        };
    }

    private static JsonObject Interval(Estimate e) => new() { ["value"] = e.Value, ["low"] = e.Low, ["high"] = e.High };
}
