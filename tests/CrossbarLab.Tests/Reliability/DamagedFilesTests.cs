using System.Text.Json.Nodes;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Reliability;

/// <summary>Table-driven damage for the statistics and checkpoint files (the other formats have theirs beside their readers).</summary>
public class DamagedFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-damage").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static string Stats(Action<JsonObject> change)
    {
        var j = CrossbarLab.IO.JsonConventions.ToNode(DefectStatistics.Reference)!.AsObject();
        change(j);
        return j.ToJsonString();
    }

    public static TheoryData<string, string, string> DamagedStatistics() => new()
    {
        { "empty", "", "empty" },
        { "binary garbage", "\u0000\u0001\u00ff", "not valid JSON" },
        { "truncated", Stats(_ => { })[..40], "not valid JSON" },
        { "array", "[0.01]", "expected a JSON object with the fields short_rate" },
        { "missing field", Stats(j => j.Remove("open_rate")), "missing open_rate: a statistics file gives all 8 fields" },
        { "unknown field", Stats(j => j["opne_rate"] = 0.1), "unknown field 'opne_rate' (did you mean 'open_rate'?)" },
        { "rate as text", Stats(j => j["short_rate"] = "1 %"), "short_rate must be a number" },
        { "percent instead of fraction", Stats(j => j["short_rate"] = 1.5), "fraction in [0, 1]" },
        { "negative rate", Stats(j => j["open_rate"] = -0.01), "fraction in [0, 1]" },
        { "rates above one in total", Stats(j => { j["short_rate"] = 0.6; j["open_rate"] = 0.6; }), "add up" },
        { "huge spread", Stats(j => j["die_to_die_spread_sigma_ln"] = 50), "spread" },
        { "all dies clean with defects", Stats(j => j["clean_die_fraction"] = 1.0), "clean_die_fraction 1" },
        { "NaN", Stats(_ => { }).Replace("0.008", "NaN"), "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(DamagedStatistics))]
    public void DamagedStatisticsFilesGiveClearErrors(string damage, string text, string expected)
    {
        string path = Path.Combine(_dir, "stats.json");
        File.WriteAllText(path, text);
        var e = Assert.Throws<InvalidDataFileException>(() => DefectStatistics.Load(path));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(path, e.Message);
        Assert.NotEmpty(damage);
    }

    private static readonly NetworkSpec Spec = new(3, 0.5, [4], 10, 0.2f);
    private static readonly TrainingOptions Options = new(Epochs: 2);

    private string Checkpoint(Action<JsonObject>? change = null, string? raw = null)
    {
        string path = Path.Combine(_dir, $"ckpt-{Guid.NewGuid():N}.json");
        var net = BinaryNetwork.Initialize(Spec, 1, 1f);
        new CrossbarLab.Training.Checkpoint(Spec, Options, 1, net, new Adam(net.Weights, 0.9f, 0.999f, 1e-8f), []).Save(path, "software: no defects");
        if (change != null) { var j = JsonNode.Parse(File.ReadAllText(path))!.AsObject(); change(j); File.WriteAllText(path, j.ToJsonString()); }
        if (raw != null) File.WriteAllText(path, raw);
        return path;
    }

    public static TheoryData<string> CheckpointDamages() => new()
    {
        "empty", "garbage", "truncated", "wrong format", "future version", "other seed", "other regime", "other spec",
        "changed weights", "short weights array", "missing adam moments", "bad base64", "changed history",
    };

    [Theory]
    [MemberData(nameof(CheckpointDamages))]
    public void DamagedCheckpointsAreRefusedClearly(string damage)
    {
        string path = damage switch
        {
            "empty" => Checkpoint(raw: ""),
            "garbage" => Checkpoint(raw: "\u0001\u0002\u0003"),
            "truncated" => Checkpoint(raw: File.ReadAllText(Checkpoint())[..100]),
            "wrong format" => Checkpoint(j => j["format"] = "crossbarlab.model"),
            "future version" => Checkpoint(j => j["version"] = 9),
            "other seed" => Checkpoint(j => j["seed"] = 99),
            "other regime" => Checkpoint(j => j["regime"] = "statistics-aware: K = 4"),
            "other spec" => Checkpoint(j => j["spec"]!["hidden"] = new JsonArray(5)),
            "changed weights" => Checkpoint(j => j["weights"]![0] = Convert.ToBase64String(new byte[4 * 36])),
            "short weights array" => Checkpoint(j => j["weights"]!.AsArray().RemoveAt(1)),
            "missing adam moments" => Checkpoint(j => j.Remove("adam_m")),
            "bad base64" => Checkpoint(j => j["adam_v"]![0] = "!!"),
            _ => Checkpoint(j => j["history"] = new JsonArray(new JsonObject { ["epoch"] = 1 })),
        };
        var e = Assert.Throws<InvalidDataFileException>(() => CrossbarLab.Training.Checkpoint.Load(path, Spec, Options, 1, "software: no defects"));
        Assert.StartsWith(path, e.Message);
    }

    private static int N(System.Collections.IEnumerable cases) => cases.Cast<object>().Count();

    [Fact]
    public void PrintsHowManyDamagedInputsEachFormatIsGiven()
    {
        // The table-driven cases of every format (the fuzz test adds 250 random mutations of each).
        var counts = new (string Format, int Cases)[]
        {
            ("idx", N(Tests.Data.IdxFileTests.Damaged()) + 2),
            ("model", N(Tests.Model.ModelFileTests.Damaged()) + 1),
            ("die", N(Tests.Hardware.DieFileTests.Damaged())),
            ("resistance-csv", N(Tests.Hardware.ResistanceMapTests.Damaged())),
            ("statistics", N(DamagedStatistics())),
            ("checkpoint", N(CheckpointDamages())),
        };
        foreach (var (format, cases) in counts) Console.WriteLine($"reliability: {format}: {cases} table-driven damaged inputs, each a clean error");
        Assert.All(counts, c => Assert.True(c.Cases >= 10, $"{c.Format} has only {c.Cases} damage cases"));
    }
}
