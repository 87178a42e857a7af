namespace CrossbarLab.Analysis;

/// <summary>The <c>analysis.sensitivity</c> section: which perturbations a sensitivity curve injects, at which rates, how often.</summary>
/// <param name="SignFlipRates">Fractions of binary weights flipped.</param>
/// <param name="DefectRates">Mean fractions of defective devices (the statistics' mix of kinds and die-to-die spread kept).</param>
/// <param name="NoiseLevels">σ of ln G of the conductance variation.</param>
/// <param name="Trials">Random draws per nonzero rate (rate 0 is exact and evaluated once).</param>
/// <param name="Kinds">The perturbations <c>crossbar analyze sensitivity</c> draws curves of (a reproduction draws every kind).</param>
public sealed record SensitivityOptions(double[] SignFlipRates, double[] DefectRates, double[] NoiseLevels, int Trials,
    PerturbationKind[] Kinds)
{
    /// <summary>The section's path in the configuration tree.</summary>
    public const string Section = "analysis.sensitivity";

    /// <summary>Defaults: rates from none to well past the reference population (1 % defective devices on average), 50 trials each.</summary>
    public static SensitivityOptions Default { get; } = new(
        [0, 0.01, 0.02, 0.05, 0.1, 0.2], [0, 0.0025, 0.005, 0.01, 0.02, 0.04], [0, 0.1, 0.2, 0.3, 0.5, 0.75], 50,
        PerturbationKinds.All);

    /// <summary>The rates of <paramref name="kind"/>.</summary>
    public double[] Rates(PerturbationKind kind) => kind switch
    {
        PerturbationKind.SignFlip => SignFlipRates,
        PerturbationKind.Defects => DefectRates,
        _ => NoiseLevels,
    };

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (Trials is < 2 or > 100_000)
            throw new InvalidConfigurationException($"{Section}.trials", Trials, "must be between 2 and 100,000 (an interval needs two).");
        if (Kinds is null || Kinds.Length == 0)
            throw new InvalidConfigurationException($"{Section}.kinds", null, "choose at least one of sign-flip, defects, conductance-noise.");
        foreach (var kind in PerturbationKinds.All)
        {
            string field = kind switch
            {
                PerturbationKind.SignFlip => "sign_flip_rates",
                PerturbationKind.Defects => "defect_rates",
                _ => "noise_levels",
            };
            var rates = Rates(kind);
            double max = kind == PerturbationKind.ConductanceNoise ? 5 : 1;
            if (rates is null || rates.Length == 0 || rates.Any(r => !(r >= 0 && r <= max)))
                throw new InvalidConfigurationException($"{Section}.{field}", rates,
                    $"needs at least one rate, each between 0 and {max}{(max == 1 ? " (a fraction: 0.01 = 1 %)" : "")}.");
        }
    }
}
