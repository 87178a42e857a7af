using System.Text.Json.Nodes;

namespace CrossbarLab.Tests.Cli;

[Collection("console")]
public class HardwareCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-hw").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData("weak", 2000.0, 1000.0, "+1.63")]
    [InlineData("strong", 100.0, 300.0, "+13.57")]
    public void TheShortPresetSetsTheDeviceAndDieShowPrintsTheSingleShortWeight(string preset, double shortOhms,
        double accessOhms, string weight)
    {
        var (code, _, err) = CrossbarCliTests.Run("fab", "--dies", "1", "--short", preset, "--out", P(preset));
        Assert.True(code == 0, err);
        var device = JsonNode.Parse(File.ReadAllText(P($"{preset}/config.json")))!["device"]!;
        Assert.Equal(shortOhms, (double)device["short_resistance_ohms"]!);
        Assert.Equal(accessOhms, (double)device["access_resistance_ohms"]!);
        var shown = CrossbarCliTests.Run("die", "show", P($"{preset}/die-00.json"));
        Assert.Contains($"a single short moves its weight to {weight} (programmed +1)", shown.Out);
    }

    [Fact]
    public void FabWritesDiesAndTheContractSummary()
    {
        var (code, stdout, err) = CrossbarCliTests.Run("fab", "--dies", "5", "--out", P("dies"), "--seed", "3");
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(P("dies/summary.json")))!;
        var dies = summary["dies"]!.AsArray();
        Assert.Equal(5, dies.Count);
        Assert.Equal("die-00", (string?)dies[0]!["name"]);
        Assert.NotNull(dies[0]!["defects"]!["short"]);
        double mean = dies.Average(d => (double)d!["defect_rate"]!);
        Assert.Equal(mean, (double)summary["mean_defect_rate"]!, 12);
        Assert.Equal(3000.0, (double)summary["device"]!["low_resistance_ohms"]!);   // effective settings recorded
        Assert.Equal(0.008, (double)summary["statistics"]!["short_rate"]!);
        Assert.True(File.Exists(P("dies/die-04.json")) && File.Exists(P("dies/defect-rates.png")) && File.Exists(P("dies/results.json")));
        Assert.Contains("mean defect rate", stdout);
    }

    [Fact]
    public void DieShowImportAndExportRoundTrip()
    {
        Assert.Equal(0, CrossbarCliTests.Run("fab", "--dies", "1", "--out", P("d"), "--short-rate", "0.02", "--clean-fraction", "0").Code);
        var show = CrossbarCliTests.Run("die", "show", P("d/die-00.json"));
        Assert.True(show.Code == 0, show.Err);
        Assert.Contains("short", show.Out);
        Assert.Contains("3,000 Ω", show.Out); // the device parameters in effect
        Assert.True(File.Exists(P("d/die-00-map.png")));
        // Showing the die again leaves its map as it is; a different file in its place is not overwritten.
        var again = CrossbarCliTests.Run("die", "show", P("d/die-00.json"));
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("already up to date", again.Out);
        File.WriteAllText(P("d/die-00-map.png"), "someone else's picture");
        Assert.Equal(1, CrossbarCliTests.Run("die", "show", P("d/die-00.json")).Code);
        Assert.Equal("someone else's picture", File.ReadAllText(P("d/die-00-map.png")));

        Assert.Equal(0, CrossbarCliTests.Run("die", "export", P("d/die-00.json"), "--out", P("map.csv")).Code);
        var import = CrossbarCliTests.Run("die", "import", P("map.csv"), "--out", P("imported.json"));
        Assert.True(import.Code == 0, import.Err);
        var a = JsonNode.Parse(File.ReadAllText(P("d/die-00.json")))!;
        var b = JsonNode.Parse(File.ReadAllText(P("imported.json")))!;
        Assert.Equal((string?)a["point_defects"], (string?)b["point_defects"]);
        Assert.Equal(1, CrossbarCliTests.Run("die", "import", P("map.csv"), "--out", P("imported.json")).Code);
    }

    [Theory]
    [InlineData("fab --short-rate 1.5", "--short-rate 1.5")]
    [InlineData("fab --dies 0", "--dies 0")]
    [InlineData("fab --tiles 3", "even number")]
    [InlineData("fab --network large", "does not fit the array")]
    [InlineData("fab --stats /nonexistent/stats.json", "not found")]
    [InlineData("die show /nonexistent/die.json", "not found")]
    [InlineData("die import /nonexistent/map.csv --out x.json", "not found")]
    public void BadHardwareInputGivesOneClearLine(string args, string expected)
    {
        var (code, _, err) = CrossbarCliTests.Run([.. args.Split(' '), .. args.StartsWith("fab") ? new[] { "--out", P("o") } : []]);
        Assert.Equal(1, code);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void StatisticsFileWithATypoIsRefused()
    {
        File.WriteAllText(P("s.json"), "{\"short_rate\": 0.01, \"opne_rate\": 0.001}");
        var (code, _, err) = CrossbarCliTests.Run("fab", "--stats", P("s.json"), "--out", P("o"));
        Assert.Equal(1, code);
        Assert.Contains("unknown field 'opne_rate' (did you mean 'open_rate'?)", err);
    }
}
