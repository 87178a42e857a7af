using CrossbarLab.Results;

namespace CrossbarLab.Tests.Results;

/// <summary>The deployment targets, on rows whose numbers are chosen by hand.</summary>
public class DeploymentTableTests
{
    // Software weights spread 10 points across three dies (std 0.1 as a fraction); the baseline is 12 %.
    private static DeploymentRow Row(string method, string onDie, double[] errors, double seconds, bool map,
        double haSeconds = 10) =>
        new(method, onDie, 0.12, errors, [seconds, seconds, seconds], [seconds / haSeconds, seconds / haSeconds,
            seconds / haSeconds], map, "no", SoftwareStd: 0.1);

    private static readonly DeploymentTable Table = new(
    [
        Row("software", "first", [0.10, 0.20, 0.30], 0, map: false),
        Row("software+refit", "first", [0.125, 0.13, 0.135], 0.5, map: false),     // +1 point, std 0.005: both claims
        Row("software+loop-100", "first", [0.125, 0.13, 0.135], 0.1, map: false),  // the same, cheaper
        Row("software+slow", "first", [0.12, 0.12, 0.12], 2.0, map: false),        // over 1 s per die
        Row("software+finetune-100", "first", [0.123, 0.124, 0.125], 0.15, map: true), // 1.5 % of HA, 0.4 point off it
        Row(DeploymentTable.HardwareAware, "first", [0.12, 0.12, 0.12], 10, map: true),
        Row("software", "all", [0.10, 0.20, 0.30], 0, map: false),
        Row("software+calibration", "all", [0.15, 0.16, 0.17], 0.01, map: false), // +4 points
        Row(DeploymentTable.HardwareAware, "all", [0.12, 0.12, 0.12], 10, map: true),
    ], []);

    [Fact]
    public void TheMapFreeFirstLayerTargetListsTheRowsUnderOneSecondMeetingBothClaimsCheapestFirst()
    {
        Assert.Equal(["software+loop-100", "software+refit"],
            Table.MapFreeMeetingBothClaims("first").Select(r => r.Method));
        Assert.Empty(Table.MapFreeMeetingBothClaims("all"));
        var targets = Table.TimingJson()["targets"]!;
        Assert.Equal(["software+loop-100", "software+refit"],
            targets["map_free_first_layer"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Empty(targets["map_free_every_layer"]!.AsArray());
        Assert.Equal("software+calibration", Table.BestMapFree("all")?.Method);
    }

    [Fact]
    public void TheCheapTargetNeedsAtMostTwoPercentOfTheTimeAndHalfAPoint()
    {
        Assert.Equal(["software+finetune-100"], Table.CheapWithinHalfPoint("first").Select(r => r.Method));
        Assert.Empty(Table.CheapWithinHalfPoint("all"));
        Assert.Equal("software+calibration", Table.ClosestCheap("all")?.Method);
        Assert.Equal(0.04, Table.GapToHardwareAware(Table.ClosestCheap("all")!), 12);
    }
}
