using System.Text.Json.Nodes;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Results;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Experiments;

[Trait("data", "mnist")]
public class DefectRateSweepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-rate-sweep").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static RunConfig Small(double[] rates)
    {
        var tiny = TestConfigs.Tiny(3, dies: 4, k: 2).ForCommand("sweep defect-rate");
        return tiny with { Experiment = tiny.Experiment with { Rates = rates } };
    }

    private static DefectRateSweep Sweep(double[] rates) => new(Small(rates), new CpuCompute());

    [Fact]
    public void RateZeroGivesTheSoftwareSolutionAndHigherRatesAddDefectsToTheSameDies()
    {
        DefectRateSweepResult result;
        using (var dir = RunDirectory.Prepare(_dir, force: true))
            result = Sweep([0, 0.002, 0.02]).Run(dir, resume: false);
        var (baseline, points) = (result.BaselineTestError, result.Points);
        Assert.Equal([0, 0.002, 0.02], points.Select(p => p.Rate));
        // At rate 0 the K = 2 instances are clean, so statistics-aware training is software training, bit for bit.
        Assert.All(points[0].DieRates, r => Assert.Equal(0, r));
        Assert.Equal(points[0].Software, points[0].StatisticsAware);
        Assert.Equal(baseline, points[0].StatisticsAwareIdealError);
        Assert.All(points[0].Software, e => Assert.Equal(baseline, e));
        // Common random numbers: every die keeps its defects and gains more as the rate grows.
        for (int d = 0; d < 4; d++) Assert.True(points[1].DieRates[d] <= points[2].DieRates[d], $"die {d}");
        Assert.True(points[2].DieRates.Average() > 5 * points[1].DieRates.Average());

        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "results.json")))!;
        Assert.Equal(baseline, (double)results["baseline_test_error"]!);
        var high = results["points"]![2]!;
        var (sw, sa) = (ErrorSummary.Of(points[2].Software), ErrorSummary.Of(points[2].StatisticsAware));
        Assert.Equal(sa.Mean, (double)high["statistics_aware"]!["mean"]!, 12);
        Assert.Equal(sw.Std / sa.Std, (double)high["spread_reduction_software_over_statistics_aware"]!, 12);
        Assert.Equal(sa.Mean - baseline <= 0.02, (bool)high["statistics_aware_within_2_percent"]!);
        Assert.Equal(points[2].DieRates.Average(), (double)high["mean_die_defect_rate"]!, 12);
        Assert.Equal(4, high["software"]!["die_errors"]!.AsArray().Count);
        Assert.True(File.Exists(Path.Combine(_dir, "defect-rate-sweep.png")));
        Assert.True(File.Exists(Path.Combine(_dir, "defect-rate-spread.png")));
        Assert.Equal("sweep defect-rate", (string)JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "config.json")))!["command"]!);

        // Resuming a finished sweep loads every model and writes the same results.
        string before = File.ReadAllText(Path.Combine(_dir, "results.json"));
        using (var dir = RunDirectory.Prepare(_dir, force: false, resume: true))
            Sweep([0, 0.002, 0.02]).Run(dir, resume: true);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir, "results.json")));

        // Resuming with other settings would mix two experiments (finished models are loaded as they are): refused.
        using var again = RunDirectory.Prepare(_dir, force: false, resume: true);
        var e = Assert.Throws<InvalidConfigurationException>(() => Sweep([0, 0.003, 0.02]).Run(again, resume: true));
        Assert.Contains("other settings", e.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir, "results.json")));
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 0.01, -0.001 })]
    [InlineData(new[] { 0.6 })]
    [InlineData(new[] { double.NaN })]
    public void ImpossibleRatesAreRefusedBeforeAnyWork(double[] rates)
    {
        using var dir = RunDirectory.Prepare(_dir, force: true);
        var e = Assert.Throws<InvalidConfigurationException>(() => Sweep(rates).Run(dir, resume: false));
        Assert.Equal("experiment.rates", e.Setting);
        Assert.False(File.Exists(Path.Combine(_dir, "config.json")));
    }
}
