using System.Text.Json.Nodes;
using CrossbarLab.Compute;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Results;

namespace CrossbarLab.Tests.Experiments;

[Trait("data", "mnist")]
public class ScenarioSweepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-scenarios").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void TheDeclaredGridIsTwentyFourDistinctScenarios()
    {
        Assert.Equal(24, Scenario.Grid.Count);
        Assert.Equal(24, Scenario.Grid.Select(s => s.Key).Distinct().Count());
        // Few defects: about 0.1 % of devices, about 20 per 20,000-device die.
        var few = Scenario.Grid.First(s => s.Population == ScenarioPopulation.FewDefects).Apply(RunConfig.Default);
        Assert.Equal(0.001, few.Population.TotalPointRate, 6);
    }

    [Fact]
    public void EveryScenarioIsMeasuredOnTheSameDiesAndItsClaimsFollowFromItsErrors()
    {
        var config = TestConfigs.Tiny(3, dies: 3, k: 2);
        ScenarioSweepResult result;
        using (var dir = RunDirectory.Prepare(_dir, force: true))
            result = new ScenarioSweep(config, new CpuCompute()).Run(dir, resume: false);
        Assert.Equal(Scenario.Grid.Select(s => s.Key), result.Scenarios.Select(s => s.Switches.Key));
        foreach (var s in result.Scenarios)
        {
            Assert.Equal(3, s.Software.Length);
            Assert.Equal(3, s.StatisticsAwareCalibrated.Length);
            var claims = StatisticsAwareClaims.Of(ErrorSummary.Of(s.Software), ErrorSummary.Of(s.StatisticsAware),
                s.BaselineTestError);
            Assert.Equal(claims.WithinGap, s.Claims.WithinGap);
            Assert.Equal(claims.SpreadReduction, s.Claims.SpreadReduction);
        }
        // A scenario's population is its own: the few-defects dies have about a tenth of the reference dies' defects.
        double Rate(string key) => result.Scenarios.Single(s => s.Switches.Key == key).DieRates.Average();
        Assert.True(Rate("all-pm1-device-few-defects") < Rate("all-pm1-device-reference") / 3);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "results.json")))!;
        Assert.Equal(result.Closest.Switches.Key, (string)json["closest_to_paper"]!);
        Assert.Equal(24, json["scenarios"]!.AsArray().Count);
        Assert.True(File.Exists(Path.Combine(_dir, "scenarios.png")));
        Assert.True(File.Exists(Path.Combine(_dir, "report.html")));

        // Resuming a finished sweep trains nothing and writes the same results.
        string before = File.ReadAllText(Path.Combine(_dir, "results.json"));
        using (var dir = RunDirectory.Prepare(_dir, force: false, resume: true))
            new ScenarioSweep(config, new CpuCompute()).Run(dir, resume: true);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir, "results.json")));
    }
}
