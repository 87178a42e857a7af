using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Reporting;

namespace CrossbarLab.Experiments;

/// <summary>
/// One <c>crossbar fab</c> run: draws a population of dies and writes one die file each, summary.json (and the same
/// object as results.json) with every die's defects and the settings, and defect-rates.png.
/// </summary>
/// <param name="Statistics">Defect statistics of the population.</param>
/// <param name="Device">Device model of every die.</param>
/// <param name="Geometry">Array of every die.</param>
/// <param name="Dies">Number of dies.</param>
/// <param name="Seed">Seed of every draw.</param>
/// <param name="NetworkWidths">Widths of the network the dies must hold (checked; recorded with the devices it uses), or null for no check.</param>
public sealed record FabRun(DefectStatistics Statistics, DeviceModel Device, ArrayGeometry Geometry, int Dies, ulong Seed, int[]? NetworkWidths)
{
    /// <summary>Checks every setting (including that the network fits the array) before anything is written.</summary>
    public DifferentialMapping? Validate()
    {
        Statistics.Validate(); Device.Validate(); Geometry.Validate();
        if (Dies is < 1 or > 10_000) throw new InvalidConfigurationException($"--dies {Dies} must be between 1 and 10,000.");
        return NetworkWidths == null ? null : DifferentialMapping.Create(NetworkWidths, Geometry);
    }

    /// <summary>Makes the dies and writes the outputs.</summary>
    public IReadOnlyList<Die> Execute(RunDirectory output, IProgress<int>? progress = null)
    {
        var mapping = Validate();
        var fab = new Fab(Statistics, Device, Geometry);
        var dies = new List<Die>();
        for (int i = 0; i < Dies; i++)
        {
            var die = fab.MakeDie(i, Seed);
            DieFile.Save(die, output.FilePath(die.Name + ".json"));
            dies.Add(die);
            progress?.Report(i + 1);
        }
        var summary = Summary(dies, mapping);
        Json.Write(output.FilePath("summary.json"), summary);
        Json.Write(output.FilePath("results.json"), summary.DeepClone());
        DiePlots.DefectRates(dies, output.FilePath("defect-rates.png"));
        return dies;
    }

    /// <summary>The population summary: settings, every die's defects, the mean rate, and the statistics estimated back.</summary>
    public JsonObject Summary(IReadOnlyList<Die> dies, DifferentialMapping? mapping)
    {
        var list = new JsonArray();
        foreach (var die in dies)
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
            ["crossbarlab_version"] = TrainRun.Version,
            ["statistics"] = JsonSerializer.SerializeToNode(Statistics),
            ["device"] = JsonSerializer.SerializeToNode(Device),
            ["geometry"] = JsonSerializer.SerializeToNode(Geometry),
            ["network"] = NetworkWidths == null ? null : string.Join("-", NetworkWidths),
            ["devices_used_by_network"] = mapping?.UsedDevices,
            ["dies"] = list,
            ["mean_defect_rate"] = dies.Average(d => d.Defects.DefectRate),
        };
        if (dies.Count >= 2)
        {
            var est = DefectStatisticsEstimate.From(dies);
            var rates = new JsonObject();
            foreach (var (kind, e) in est.Rates) rates[DefectKinds.Name(kind)] = Interval(e);
            root["estimated_statistics"] = new JsonObject
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
        return root;
    }

    private static JsonObject Interval(Estimate e) => new() { ["value"] = e.Value, ["low"] = e.Low, ["high"] = e.High };
}
