using CrossbarLab.Results;

namespace CrossbarLab.Tests.Results;

public class DeploymentTargetsTests
{
    private const double Baseline = 0.12;

    private static DeploymentRow Row(string method, string onDie, double[] errors, double fraction, bool map,
        double[] software) =>
        new(method, onDie, Baseline, errors, [fraction, fraction], [fraction, fraction], map, "no",
            ErrorSummary.Of(software, Baseline).Std);

    /// <summary>
    /// Every layer: a loop step meets both claims (+0.40 points, no spread) at 1.5 % of hardware-aware time and 0.40
    /// points from it. First layer: calibration is the closest map-free step (+8.00 points, spread 0.01 against
    /// software's 0.1, so 10× smaller) and the closest cheap one (0.1 % of the time, +8.00 points from hardware-aware).
    /// </summary>
    [Fact]
    public void SaysWhatMeetsEachTargetAndWhatComesClosestWhereNothingDoes()
    {
        double[] softwareAll = [0.10, 0.50];
        double[] softwareFirst = [0.20, 0.40];
        var table = new DeploymentTable(
        [
            Row("software", "all", softwareAll, 0, false, softwareAll),
            Row("software+loop-100", "all", [0.124, 0.124], 0.015, false, softwareAll),
            Row(DeploymentTable.HardwareAware, "all", [0.12, 0.12], 1, true, softwareAll),
            Row("software", "first", softwareFirst, 0, false, softwareFirst),
            Row("software+calibration", "first", [0.19, 0.21], 0.001, false, softwareFirst),
            Row(DeploymentTable.HardwareAware, "first", [0.12, 0.12], 1, true, softwareFirst),
        ], []);

        var sentences = DeploymentTargets.Sentences(table);

        Assert.Equal("Map-free, first layer on the die, under 1 s per die, both claims: not met (closest: "
            + "software+calibration, +8.00 points above the baseline, spread 10.0× smaller).", sentences[0]);
        Assert.Equal("Map-free, every layer on the die, both claims: met by software+loop-100 (cheapest first).",
            sentences[1]);
        Assert.Equal("At most 2 % of hardware-aware training's time and within 0.5 point of it: every layer on the die "
            + "met by software+loop-100 (1.5 % of its time, +0.40 points from it); first layer not met (closest: "
            + "software+calibration, 0.1 % of its time, +8.00 points from it).", sentences[2]);
        Assert.StartsWith("Costs are this run's clock", sentences[3]);
    }
}
