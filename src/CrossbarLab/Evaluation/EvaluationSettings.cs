namespace CrossbarLab.Evaluation;

/// <summary>The <c>evaluation</c> section: how solutions are evaluated on dies.</summary>
/// <param name="Level">Effective weights (fast; the die's defects at nominal device values) or circuit level (every device's
/// conductance, read noise, ADCs).</param>
public sealed record EvaluationSettings(EvaluationLevel Level = EvaluationLevel.EffectiveWeights)
{
    /// <summary>The section's name in the configuration tree.</summary>
    public const string Section = "evaluation";

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Level)) throw new InvalidConfigurationException($"{Section}.level", Level, "choose effective-weights or circuit.");
    }
}
