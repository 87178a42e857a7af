using System.Text.Json.Nodes;
using CrossbarLab.Experiments;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Experiments;

public class ConfigFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-config").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string json)
    {
        string path = Path.Combine(_dir, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void TheDefaultsRoundTripThroughAFile()
    {
        var loaded = ConfigFile.Load(Write(ConfigFile.ToJson(RunConfig.Default)));
        Assert.Equal(ConfigFile.ToJson(RunConfig.Default), ConfigFile.ToJson(loaded));
    }

    [Fact]
    public void AFileGivesOnlyWhatItChangesAndEverythingElseKeepsItsDefault()
    {
        var config = ConfigFile.Load(Write("""{"training": {"k": 16, "regime": "statistics-aware"}, "seed": 7}"""));
        Assert.Equal(16, config.Training.K);
        Assert.Equal(Regime.StatisticsAware, config.Training.Regime);
        Assert.Equal(7UL, config.Seed);
        Assert.Equal(RunConfig.Default.Training.Epochs, config.Training.Epochs);
        Assert.Equal(RunConfig.Default.Population, config.Population);
        var changed = ConfigView.Fields(config).TakeWhile(f => f.Changed).Select(f => f.Path).ToList();
        Assert.Equal(["seed", "training.regime", "training.k"], changed);
    }

    [Theory]
    [InlineData("""{"training": {"kk": 16}}""", "unknown field 'training.kk' in training (did you mean 'training.k'?)")]
    [InlineData("""{"trainig": {}}""", "unknown field 'trainig' at the top level (did you mean 'training'?)")]
    [InlineData("""{"population": {"short_rates": 0.01}}""", "did you mean 'population.short_rate'?")]
    [InlineData("""{"training": {"regime": "statistic-aware"}}""", "is not one of software, hardware-aware, statistics-aware (did you mean 'statistics-aware'?)")]
    [InlineData("""{"training": {"k": "sixteen"}}""", "training.k")]
    [InlineData("""{"training": 3}""", "training must be an object")]
    [InlineData("""[1, 2]""", "expected a JSON object")]
    [InlineData("""{"seed": """, "not valid JSON")]
    public void MisspeltOrMistypedFieldsAreRefusedWithTheirPath(string json, string expected)
    {
        string path = Write(json);
        var e = Assert.Throws<InvalidDataFileException>(() => ConfigFile.Load(path));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Theory]
    [InlineData("training.k", 0)]
    [InlineData("training.epochs", 0)]
    [InlineData("experiment.dies", 0)]
    [InlineData("population.short_rate", 1.5)]
    [InlineData("array.tiles", 3)]
    [InlineData("bench.seconds", -1)]
    [InlineData("analysis.landscape.grid_points", 4)]
    public void ImpossibleValuesNameTheirSetting(string setting, double value)
    {
        var node = ConfigFile.DefaultsNode();
        ConfigFile.Set(node, setting, value);
        var e = Assert.Throws<InvalidConfigurationException>(() => ConfigFile.FromNode(node, "test").Validate());
        Assert.Equal(setting, e.Setting);
        Assert.StartsWith($"{setting} ", e.Message);
    }

    [Fact]
    public void TheSchemaDescribesEveryFieldFromItsDocComment()
    {
        var schema = ConfigSchema.Generate();
        var training = schema["properties"]!["training"]!;
        Assert.Equal(false, (bool?)training["additionalProperties"]);
        Assert.Contains("defect instances per step", (string?)training["properties"]!["k"]!["description"]);
        Assert.Contains("ohms", (string?)schema["properties"]!["device"]!["properties"]!["access_resistance_ohms"]!["description"]);
        var regimes = training["properties"]!["regime"]!["enum"]!.AsArray().Select(v => (string?)v).ToList();
        Assert.Equal(["software", "hardware-aware", "statistics-aware"], regimes);
        Assert.Equal(false, (bool?)schema["additionalProperties"]);
    }

    [Fact]
    public void AResumeWithOtherSettingsIsRefusedAndChangesNothing()
    {
        using var dir = CrossbarLab.IO.RunDirectory.Prepare(Path.Combine(_dir, "run"), force: false);
        var config = RunConfig.Default.ForCommand("reproduce");
        RunFolder.WriteConfig(dir, config, resume: false);
        string before = File.ReadAllText(dir.FilePath("config.json"));
        var other = config with { Training = config.Training with { K = 4 } };
        Assert.Throws<InvalidConfigurationException>(() => RunFolder.WriteConfig(dir, other, resume: true));
        Assert.Equal(before, File.ReadAllText(dir.FilePath("config.json")));
        // What does not change the numbers may differ: the backend asked for, the data folder.
        RunFolder.WriteConfig(dir, config with { Backend = "cpu", Data = "/elsewhere" }, resume: true);
    }
}
