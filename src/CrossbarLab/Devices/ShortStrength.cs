namespace CrossbarLab.Devices;

/// <summary>
/// Named strengths of a shorted device. A short passes a current limited by what is left across the broken barrier and by
/// the access transistor in series (whose on-resistance its gate voltage sets); the presets change one of the two.
/// </summary>
public enum ShortStrength
{
    /// <summary>A barrier that breaks down only partly, leaving about 2 kΩ (STT-MRAM: a short moves its weight to about ±1.6).</summary>
    Weak,
    /// <summary>The device model's own values (STT-MRAM: 100 Ω across the short, a 1 kΩ access transistor; about ±6).</summary>
    Device,
    /// <summary>A stronger access transistor of 300 Ω (STT-MRAM: about ±14), e.g. a larger gate voltage.</summary>
    Strong,
}

/// <summary>The presets' values.</summary>
public static class ShortStrengths
{
    /// <summary>Resistance left across a weak short, ohms.</summary>
    public const double WeakShortOhms = 2_000;

    /// <summary>On-resistance of the strong access transistor, ohms.</summary>
    public const double StrongAccessOhms = 300;

    /// <summary><paramref name="device"/> with the short strength <paramref name="strength"/>.</summary>
    public static DeviceModel With(this DeviceModel device, ShortStrength strength) => strength switch
    {
        ShortStrength.Weak => device with { ShortResistanceOhms = WeakShortOhms },
        ShortStrength.Strong => device with { AccessResistanceOhms = StrongAccessOhms },
        _ => device,
    };

    /// <summary>The name used on the command line and in results ("weak", "device", "strong").</summary>
    public static string Name(this ShortStrength strength) => strength.ToString().ToLowerInvariant();
}
