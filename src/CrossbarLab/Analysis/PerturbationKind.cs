namespace CrossbarLab.Analysis;

/// <summary>A kind of weight perturbation a sensitivity curve injects at increasing rates.</summary>
public enum PerturbationKind
{
    /// <summary>Each binary weight flips sign with probability rate (programming errors, retention flips).</summary>
    SignFlip,
    /// <summary>Defects drawn from a defect statistics scaled so that the mean fraction of defective devices is rate.</summary>
    Defects,
    /// <summary>Every device's conductance is multiplied by exp(rate·z), z standard normal: σ of ln G (device-to-device variation).</summary>
    ConductanceNoise,
}

/// <summary>Names of perturbation kinds on the command line and in JSON.</summary>
public static class PerturbationKinds
{
    /// <summary>Every kind, in report order.</summary>
    public static PerturbationKind[] All { get; } = [PerturbationKind.SignFlip, PerturbationKind.Defects, PerturbationKind.ConductanceNoise];

    /// <summary>"sign-flip", "defects" or "conductance-noise".</summary>
    public static string Name(this PerturbationKind kind) => kind switch
    {
        PerturbationKind.SignFlip => "sign-flip",
        PerturbationKind.Defects => "defects",
        _ => "conductance-noise",
    };

    /// <summary>What the rate of <paramref name="kind"/> measures, for axis labels.</summary>
    public static string RateLabel(this PerturbationKind kind) => kind switch
    {
        PerturbationKind.SignFlip => "fraction of weights flipped (%)",
        PerturbationKind.Defects => "mean fraction of defective devices (%)",
        _ => "conductance variation σ(ln G)",
    };

    /// <summary>Whether the kind's rate is a fraction (shown in %); conductance variation is a σ, shown as it is.</summary>
    public static bool RateIsFraction(this PerturbationKind kind) => kind != PerturbationKind.ConductanceNoise;

    /// <summary>A rate as a reader expects it: "2 %" for a fraction, "σ = 0.3" for conductance variation.</summary>
    public static string FormatRate(this PerturbationKind kind, double rate) => kind.RateIsFraction()
        ? (100 * rate).ToString("G4", System.Globalization.CultureInfo.InvariantCulture) + " %"
        : "σ = " + rate.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses a name of <see cref="Name"/>.</summary>
    public static PerturbationKind Parse(string name)
    {
        foreach (var kind in All) if (kind.Name() == name) return kind;
        throw new InvalidConfigurationException($"{SensitivityOptions.Section}.kinds", name,
            $"unknown perturbation '{name}': choose sign-flip, defects or conductance-noise.");
    }
}
