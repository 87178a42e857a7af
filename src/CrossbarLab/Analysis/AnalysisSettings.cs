namespace CrossbarLab.Analysis;

/// <summary>The <c>analysis</c> section: sensitivity curves and loss landscapes.</summary>
/// <param name="Sensitivity">Which perturbations, at which rates, how many trials.</param>
/// <param name="Landscape">Grid, radius and directions of the landscapes and the sharpness measure.</param>
public sealed record AnalysisSettings(SensitivityOptions Sensitivity, LandscapeOptions Landscape)
{
    /// <summary>The section's name in the configuration tree.</summary>
    public const string Section = "analysis";

    /// <summary>The defaults of both parts.</summary>
    public static AnalysisSettings Default { get; } = new(SensitivityOptions.Default, LandscapeOptions.Default);

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        Sensitivity.Validate();
        Landscape.Validate();
    }
}
