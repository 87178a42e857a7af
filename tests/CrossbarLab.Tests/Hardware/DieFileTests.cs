using System.Text.Json.Nodes;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;

namespace CrossbarLab.Tests.Hardware;

public class DieFileTests
{
    private static Die Sample() => new Fab(new DefectStatistics(0.02, 0.01, 0.005, 0.005, 0, 0, 0.01, 0.01), DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDie(2, 4);

    [Fact]
    public void RoundTripPreservesEverything()
    {
        var die = Sample();
        var back = DieFile.FromJson("d.json", DieFile.ToJson(die).ToJsonString());
        Assert.Equal(die.Name, back.Name);
        Assert.Equal(die.Provenance, back.Provenance);
        Assert.Equal(die.Geometry, back.Geometry);
        Assert.Equal(die.Device, back.Device);
        Assert.True(die.Defects.SameAs(back.Defects));
        Assert.Equal(die.LowOhms, back.LowOhms);
        Assert.Equal(die.HighOhms, back.HighOhms);
    }

    [Fact]
    public void RecordsTheEffectiveParametersAndCounts()
    {
        var json = DieFile.ToJson(Sample());
        Assert.Equal(3000.0, (double)json["device"]!["low_resistance_ohms"]!);
        Assert.Equal(25, (int)json["geometry"]!["tile_rows"]!);
        Assert.NotNull(json["defect_counts"]!["short"]);
    }

    /// <summary>A valid file changed by <paramref name="change"/>, its checksum recomputed (so the other checks are reached) unless <paramref name="reseal"/> is false.</summary>
    private static string Mutate(Action<JsonObject> change, bool reseal = true)
    {
        var j = DieFile.ToJson(Sample());
        change(j);
        if (reseal) CrossbarLab.IO.DocumentChecksum.Seal(j);
        return j.ToJsonString();
    }

    public static TheoryData<string, string, string> Damaged() => new()
    {
        { "not JSON", "{{{", "not valid JSON" },
        { "wrong format", Mutate(j => j["format"] = "crossbarlab.model"), "not a CrossbarLab die file" },
        { "future version", Mutate(j => j["version"] = 7), "version 7" },
        { "bad geometry", Mutate(j => j["geometry"]!["tiles"] = 3), "even number" },
        { "bad device", Mutate(j => j["device"]!["low_resistance_ohms"] = -1), "device.low_resistance_ohms -1" },
        { "short defect list", Mutate(j => j["point_defects"] = Convert.ToBase64String(new byte[10])), "holds 10 devices" },
        { "unknown defect code", Mutate(j => j["point_defects"] = Convert.ToBase64String(Enumerable.Repeat((byte)7, 20_000).ToArray())), "unknown defect code 7" },
        { "line out of range", Mutate(j => j["failed_column_lines"] = new JsonArray(5000)), "outside" },
        { "negative resistance", Mutate(j => j["low_ohms"] = Convert.ToBase64String(Enumerable.Repeat(BitConverter.GetBytes(-1f), 20_000).SelectMany(b => b).ToArray())), "positive and finite" },
        { "missing name", Mutate(j => j.Remove("name")), "'name' is missing" },
        { "bad base64", Mutate(j => j["high_ohms"] = "!!"), "malformed" },
        { "changed resistance", Mutate(j => j["low_ohms"] = Convert.ToBase64String(Enumerable.Repeat(BitConverter.GetBytes(3000f), 20_000).SelectMany(b => b).ToArray()), reseal: false), "checksum" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void DamagedDieFilesGiveClearErrors(string damage, string text, string expected)
    {
        var e = Assert.Throws<InvalidDataFileException>(() => DieFile.FromJson("d.json", text));
        Assert.Contains(expected, e.Message);
        Assert.NotEmpty(damage);
    }
}
