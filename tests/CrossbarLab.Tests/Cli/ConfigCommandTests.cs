using System.Text.Json.Nodes;

namespace CrossbarLab.Tests.Cli;

/// <summary>A run is its config file: re-running a run's own config.json reproduces its results.json byte for byte.</summary>
[Collection("console")]
public class ConfigCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-config-cli").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    private void RunTwice(string name, params string[] args)
    {
        var first = CrossbarCliTests.Run([.. args, "--out", P(name)]);
        Assert.True(first.Code == 0, first.Err);
        string command = (string)JsonNode.Parse(File.ReadAllText(P($"{name}/config.json")))!["command"]!;
        var again = CrossbarCliTests.Run([.. command.Split(' '), "--config", P($"{name}/config.json"), "--out", P($"{name}-again")]);
        Assert.True(again.Code == 0, again.Err);
        Assert.Equal(File.ReadAllText(P($"{name}/results.json")), File.ReadAllText(P($"{name}-again/results.json")));
        Assert.Equal(File.ReadAllText(P($"{name}/config.json")), File.ReadAllText(P($"{name}-again/config.json")));
    }

    [Fact]
    public void FabRerunsFromItsConfig() => RunTwice("fab", "fab", "--dies", "3", "--short-rate", "0.02", "--seed", "4");

    [Fact]
    [Trait("data", "mnist")]
    public void TrainRerunsFromItsConfig() =>
        RunTwice("train", "train", "--regime", "statistics-aware", "--k", "3", "--epochs", "1", "--train-limit", "2000", "--seed", "6");

    [Fact]
    [Trait("data", "mnist")]
    public void ReproduceRerunsFromItsConfig() =>
        RunTwice("reproduce", "reproduce", "--quick", "--dies", "3", "--epochs", "1", "--k", "2");

    [Fact]
    [Trait("data", "mnist")]
    public void SweepsRerunFromTheirConfig()
    {
        RunTwice("saturation", "sweep", "saturation", "--quick", "--dies", "2", "--epochs", "1", "--k", "2", "--values", "3");
        RunTwice("rate", "sweep", "defect-rate", "--quick", "--dies", "2", "--epochs", "1", "--k", "2", "--rates", "0.001,0.01");
        RunTwice("scenarios", "sweep", "scenarios", "--quick", "--dies", "2", "--epochs", "1", "--k", "2");
    }

    [Fact]
    public void FlagsOverrideTheConfigFile()
    {
        File.WriteAllText(P("c.json"), """{"experiment": {"dies": 4}, "population": {"short_rate": 0.02}}""");
        var (code, _, err) = CrossbarCliTests.Run("fab", "--config", P("c.json"), "--dies", "2", "--out", P("f"));
        Assert.True(code == 0, err);
        var config = JsonNode.Parse(File.ReadAllText(P("f/config.json")))!;
        Assert.Equal(2, (int)config["experiment"]!["dies"]!);
        Assert.Equal(0.02, (double)config["population"]!["short_rate"]!);
        Assert.Equal(2, JsonNode.Parse(File.ReadAllText(P("f/results.json")))!["dies"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("""{"trainng": {"k": 3}}""", "did you mean 'training'?")]
    [InlineData("""{"training": {"k": 0}}""", "training.k 0: K must be between 1 and 4,096")]
    public void ABadConfigFileGetsOneLineNamingTheFieldAndTheFile(string json, string expected)
    {
        File.WriteAllText(P("bad.json"), json);
        // Both ways of reading a file: as a run's configuration, and shown.
        foreach (var args in new[] { new[] { "train", "--config", P("bad.json"), "--data", "/tmp" },
            ["config", "show", P("bad.json")] })
        {
            var (code, _, err) = CrossbarCliTests.Run(args);
            Assert.Equal(1, code);
            Assert.Contains(expected, err);
            Assert.Contains(P("bad.json"), err);
            Assert.Single(err.Trim().Split('\n'));
        }
    }

    [Fact]
    public void ShowListsWhatDiffersFromTheDefaultsFirst()
    {
        File.WriteAllText(P("c.json"), """{"training": {"k": 16}}""");
        var (code, stdout, err) = CrossbarCliTests.Run("config", "show", P("c.json"));
        Assert.True(code == 0, err);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("settings that differ from the defaults:", lines[0]);
        Assert.Equal("  training.k = 16   (default 32)", lines[1]);
        Assert.Equal("other settings:", lines[2]);
        Assert.Contains("  training.epochs = 30", lines);
    }

    [Fact]
    public void SchemaIsJson()
    {
        var (code, stdout, err) = CrossbarCliTests.Run("config", "schema");
        Assert.True(code == 0, err);
        Assert.Equal("object", (string?)JsonNode.Parse(stdout)!["type"]);
    }
}
