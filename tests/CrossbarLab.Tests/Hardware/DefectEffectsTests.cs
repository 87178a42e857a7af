using CrossbarLab.Devices;
using CrossbarLab.Hardware;

namespace CrossbarLab.Tests.Hardware;

public class DefectEffectsTests
{
    // Hand-computed for the STT-MRAM preset: G_on = 1/4 kΩ = 250 µS, G_off = 1/8.5 kΩ ≈ 117.647 µS, Δ ≈ 132.353 µS,
    // G_short = 1/1.1 kΩ ≈ 909.091 µS.
    private static readonly DeviceModel M = DeviceModel.SttMram;
    private const double GOn = 1 / 4000.0, GOff = 1 / 8500.0, GShort = 1 / 1100.0, Delta = GOn - GOff;

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void HealthyCellsGiveExactlyPlusMinusOne(int sign) =>
        Assert.Equal(sign, DefectEffects.EffectiveWeight(M, DefectKind.None, DefectKind.None, sign));

    [Fact]
    public void AShortInThePositiveDevicePushesTheWeightUpBoundedByTheTransistor()
    {
        Assert.Equal((GShort - GOff) / Delta, DefectEffects.EffectiveWeight(M, DefectKind.Short, DefectKind.None, +1), 9);
        Assert.Equal((GShort - GOn) / Delta, DefectEffects.EffectiveWeight(M, DefectKind.Short, DefectKind.None, -1), 9);
        Assert.Equal(5.980, DefectEffects.EffectiveWeight(M, DefectKind.Short, DefectKind.None, +1), 3);
        Assert.Equal(-4.980, DefectEffects.EffectiveWeight(M, DefectKind.None, DefectKind.Short, +1), 3);
    }

    [Fact]
    public void OpenAndStuckDevicesFollowTheDifferentialReadout()
    {
        Assert.Equal(-GOff / Delta, DefectEffects.EffectiveWeight(M, DefectKind.Open, DefectKind.None, +1), 9);
        Assert.Equal(0, DefectEffects.EffectiveWeight(M, DefectKind.StuckParallel, DefectKind.None, -1), 9);     // both devices low
        Assert.Equal(1, DefectEffects.EffectiveWeight(M, DefectKind.StuckParallel, DefectKind.None, +1), 9);     // already low
        Assert.Equal(0, DefectEffects.EffectiveWeight(M, DefectKind.StuckAntiparallel, DefectKind.None, +1), 9); // both high
        Assert.Equal(0, DefectEffects.EffectiveWeight(M, DefectKind.Short, DefectKind.Short, +1), 9);
    }

    [Fact]
    public void SaturationOverridesSingleShortsOnly()
    {
        Assert.Equal(3, DefectEffects.EffectiveWeight(M, DefectKind.Short, DefectKind.None, -1, saturation: 3));
        Assert.Equal(-3, DefectEffects.EffectiveWeight(M, DefectKind.None, DefectKind.Short, +1, saturation: 3));
        Assert.Equal(-GOff / Delta, DefectEffects.EffectiveWeight(M, DefectKind.Open, DefectKind.None, +1, saturation: 3), 9);
    }
}
