using CrossbarLab.Devices;

namespace CrossbarLab.Tests.Devices;

public class DeviceModelTests
{
    [Fact]
    public void MtjResistancesFollowFromRpAndTmr()
    {
        var m = DeviceModel.Mtj("t", 2_000, 1.5, 0, 0, 1_000, 100, 0.1);
        Assert.Equal(5_000, m.HighResistanceOhms, 9);
        Assert.Equal(1.5, m.Tmr, 9);
        Assert.Equal("P", m.LowStateName);
    }

    [Fact]
    public void CellConductancesIncludeTheAccessTransistorWhichBoundsAShort()
    {
        var m = DeviceModel.SttMram; // 3 kΩ / 7.5 kΩ, 1 kΩ transistor, 100 Ω short
        Assert.Equal(1 / 4_000.0, m.OnConductance, 12);
        Assert.Equal(1 / 8_500.0, m.OffConductance, 12);
        Assert.Equal(1 / 1_100.0, m.ShortConductance, 12);
        // Even a perfect short (0 Ω) cannot pass more than V/R_access: 0.1 V / 1 kΩ = 100 µA.
        var perfect = m with { ShortResistanceOhms = 0 };
        Assert.Equal(100e-6, perfect.ReadVoltageVolts * perfect.ShortConductance, 12);
    }

    [Fact]
    public void PresetsAreValidAndNamed()
    {
        DeviceModel.Preset("stt-mram").Validate();
        DeviceModel.Preset("rram").Validate();
        Assert.Equal("LRS", DeviceModel.Rram.LowStateName);
        Assert.Contains("stt-mram", Assert.Throws<InvalidConfigurationException>(() => DeviceModel.Preset("pcm")).Message);
    }

    public static TheoryData<DeviceModel, string> Impossible() => new()
    {
        { DeviceModel.SttMram with { LowResistanceOhms = -5 }, "device.low_resistance_ohms -5" },
        { DeviceModel.SttMram with { HighResistanceOhms = 2_000 }, "must exceed" },
        { DeviceModel.SttMram with { DeviceSpreadSigmaLn = double.NaN }, "spread" },
        { DeviceModel.SttMram with { ReadNoiseSigmaRelative = -0.1 }, "device.read_noise_sigma_relative" },
        { DeviceModel.SttMram with { ShortResistanceOhms = 5_000 }, "device.short_resistance_ohms" },
        { DeviceModel.SttMram with { AccessResistanceOhms = 0, ShortResistanceOhms = 0 }, "series resistance" },
        { DeviceModel.SttMram with { ReadVoltageVolts = 0 }, "device.read_voltage_volts 0" },
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public void ImpossibleValuesAreRejected(DeviceModel model, string expected) =>
        Assert.Contains(expected, Assert.Throws<InvalidConfigurationException>(model.Validate).Message);
}
