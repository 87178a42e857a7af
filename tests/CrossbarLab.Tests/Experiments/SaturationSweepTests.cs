using System.Text.Json.Nodes;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Results;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Experiments;

[Trait("data", "mnist")]
public class SaturationSweepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-sweep").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void OnePointPerValuePlusTheDeviceDerivedReference()
    {
        var tiny = TestConfigs.Tiny(2, dies: 3, k: 2);
        var config = tiny with { Experiment = tiny.Experiment with { SaturationValues = [2, 5] } };
        SaturationSweepResult result;
        using (var dir = RunDirectory.Prepare(_dir, force: true))
            result = new SaturationSweep(config, new CpuCompute()).Run(dir, resume: false);
        var points = result.Points;
        Assert.Equal([null, 2.0, 5.0], points.Select(p => p.Saturation));
        Assert.All(points, p => Assert.Equal(3, p.DieErrors.Length));
        Assert.Equal(3, result.Software.Length);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "results.json")))!;
        Assert.Equal(3, results["points"]!.AsArray().Count);
        Assert.Equal(points[1].DieErrors.Average(), (double)results["points"]![1]!["mean"]!, 12);
        Assert.Equal(result.BaselineTestError, (double)results["baseline_test_error"]!);
        Assert.Equal(points[1].DieErrors.Average() - result.BaselineTestError, (double)results["points"]![1]!["gap_to_baseline"]!, 12);
        Assert.Equal(result.Software.Average(), (double)results["software"]!["mean"]!, 12);
        var claims = StatisticsAwareClaims.Of(ErrorSummary.Of(result.Software), ErrorSummary.Of(points[2].DieErrors), result.BaselineTestError);
        Assert.Equal(claims.WithinGap, (bool)results["points"]![2]!["statistics_aware_within_2_percent"]!);
        Assert.Equal(claims.SpreadReduction, (double?)results["points"]![2]!["spread_reduction_software_over_statistics_aware"]);
        Assert.True(File.Exists(Path.Combine(_dir, "saturation-sweep.png")));
        var bad = config with { Experiment = config.Experiment with { SaturationValues = [-1] } };
        using var held = RunDirectory.Prepare(_dir, force: true);
        var e = Assert.Throws<InvalidConfigurationException>(() => new SaturationSweep(bad, new CpuCompute()).Run(held, false));
        Assert.Equal("experiment.saturation_values", e.Setting);
    }
}
