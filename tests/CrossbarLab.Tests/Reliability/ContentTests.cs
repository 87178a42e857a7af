using System.Text.Json.Nodes;
using CrossbarLab.Devices;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.IO;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 10: content the readers used to take on trust — nulls and wrong types inside lists, a field given
/// twice, a history shorter than its run, an output path that is the root folder — gives one clean error.
/// </summary>
[Collection("console")]
[Trait(Hazard.Trait, Hazard.Content)]
public class ContentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-content").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    private static string Die(Action<JsonObject> change)
    {
        var die = DieFile.ToJson(new Fab(DefectStatistics.Reference, DeviceModel.SttMram, new ArrayGeometry(2, 6, 6, 12)).MakeDie(0, 1));
        change(die);
        return DocumentChecksum.Seal(die).ToJsonString();
    }

    [Theory]
    [InlineData("[null]", "entry 0 is null")]
    [InlineData("[1, null]", "entry 1 is null")]
    [InlineData("[\"3\"]", "entry 0 is \"3\"")]
    [InlineData("[1.5]", "entry 0 is 1.5")]
    [InlineData("[[1]]", "entry 0 is [1]")]
    [InlineData("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]", "lists 13 lines")]
    public void LineListsHoldOnlyLineNumbers(string list, string expected)
    {
        string text = Die(d => d["failed_row_lines"] = JsonNode.Parse(list));
        var e = Assert.Throws<InvalidDataFileException>(() => DieFile.FromJson("die.json", text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TheRootFolderIsNotAnOutputFile()
    {
        string csv = P("map.csv");
        ResistanceMap.Export(DieFile.FromJson("d", Die(_ => { })), csv);
        Cli.AssertUserError(Cli.Run("die", "import", csv, "--tiles", "2", "--tile-rows", "6", "--tile-columns", "6", "--out", "/"),
            "names a folder");
    }

    [Fact]
    public void AFieldGivenTwiceInAConfigurationIsAUserError()
    {
        File.WriteAllText(P("config.json"), "{\"seed\": 1, \"seed\": 2}");
        Cli.AssertUserError(Cli.Run("config", "show", P("config.json")), "Duplicate property 'seed'");
    }

    [Fact]
    public void AFieldGivenTwiceInStatisticsIsRefusedRatherThanTheLastOneWinning()
    {
        var stats = JsonConventions.ToNode(DefectStatistics.Reference)!.ToJsonString();
        File.WriteAllText(P("stats.json"), stats.Replace("\"open_rate\"", "\"short_rate\": 0.3, \"open_rate\""));
        var e = Assert.Throws<InvalidDataFileException>(() => DefectStatistics.Load(P("stats.json")));
        Assert.Contains("Duplicate property 'short_rate'", e.Message);
    }

    [Theory]
    [InlineData("[]", "holds 0 epochs, the run has 2")]
    [InlineData("null", "holds 0 epochs")]
    [InlineData("[{\"epoch\": 1, \"train_loss\": 0.5, \"train_error\": 0.1, \"test_error\": 0.1, \"learning_rate\": 0.001, \"seconds\": 1}]",
        "holds 1 epochs, the run has 2")]
    [InlineData("[{\"epoch\": 1, \"train_loss\": 0.5, \"train_error\": 0.1, \"test_error\": 0.1, \"learning_rate\": 0.001, \"seconds\": 1}, "
        + "{\"epoch\": 3, \"train_loss\": 0.5, \"train_error\": 0.1, \"test_error\": 0.1, \"learning_rate\": 0.001, \"seconds\": 1}]",
        "record 2 is not epoch 2")]
    [InlineData("[{\"epoch\": 1, \"train_loss\": 0.5, \"train_error\": 0.1, \"test_error\": 7, \"learning_rate\": 0.001, \"seconds\": 1}, "
        + "{\"epoch\": 2, \"train_loss\": 0.5, \"train_error\": 0.1, \"test_error\": 0.1, \"learning_rate\": 0.001, \"seconds\": 1}]",
        "epoch 1 holds impossible values")]
    public void AFinishedStagesHistoryMustBeWhole(string text, string expected)
    {
        File.WriteAllText(P("software.history.json"), text);
        var e = Assert.Throws<InvalidDataFileException>(() => HistoryFile.Read(P("software.history.json"), epochs: 2));
        Assert.Contains(expected, e.Message);
        Assert.Contains("delete it and its model", e.Message);
    }

    [Fact]
    public void AFileWhereARunFolderIsExpectedIsAUserError()
    {
        File.WriteAllText(P("file"), "x");
        Cli.AssertUserError(Cli.Run("fab", "--dies", "1", "--network", "none", "--out", P("file")), "is a file, not a folder");
        Cli.AssertUserError(Cli.Run("config", "show", _dir), "is a folder, not a file");
    }
}
