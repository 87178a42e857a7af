namespace CrossbarLab.Evaluation;

/// <summary>The <c>evaluation</c> section: how solutions are evaluated on dies.</summary>
/// <param name="Level">Effective weights (fast; the die's defects at nominal device values) or circuit level (every device's
/// conductance, read noise, ADCs).</param>
/// <param name="Calibrate">Whether <c>eval</c> calibrates each on-die neuron's digital offset per die before evaluating
/// (map-free: calibration images run through the die; see Deployment.OffsetCalibration).</param>
/// <param name="CalibrationImages">Training images (the first N) a calibration runs through each die; never test images.</param>
public sealed record EvaluationSettings(EvaluationLevel Level = EvaluationLevel.EffectiveWeights, bool Calibrate = false,
    int CalibrationImages = 1000)
{
    /// <summary>The section's name in the configuration tree.</summary>
    public const string Section = "evaluation";

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Level)) throw new InvalidConfigurationException($"{Section}.level", Level, "choose effective-weights or circuit.");
        if (CalibrationImages is < 1 or > 60_000)
            throw new InvalidConfigurationException($"{Section}.calibration_images", CalibrationImages,
                "must be between 1 and 60,000 (the training images).");
    }
}
