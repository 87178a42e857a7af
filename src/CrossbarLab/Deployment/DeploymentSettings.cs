namespace CrossbarLab.Deployment;

/// <summary>
/// The <c>deployment</c> section: the per-die steps <c>crossbar deploy</c> applies to one shared solution, in this order:
/// placement (needs the defect map), calibration (map-free), fine-tuning (needs the map, trains), chip-in-the-loop
/// fine-tuning (map-free, trains), refit (map-free: only what the die reports on training images).
/// </summary>
/// <param name="OnDie">Which layers sit on the die for this deployment: "all", "first", or null for the model's own.</param>
/// <param name="Calibrate">Per-die offset calibration (<see cref="OffsetCalibration"/>; images: <c>evaluation.calibration_images</c>).</param>
/// <param name="Refit">Chip-in-the-loop refit of the digital output stage (<see cref="OutputRefit"/>).</param>
/// <param name="Place">Defect-aware placement of inputs and hidden neurons (<see cref="PlacementSearch"/>).</param>
/// <param name="FinetuneSteps">Steps of hardware-aware fine-tuning on the die (0: none).</param>
/// <param name="RefitImages">Training images a refit runs through each die.</param>
/// <param name="LoopSteps">Steps of chip-in-the-loop fine-tuning (<see cref="LoopTuning"/>; map-free; 0: none).</param>
/// <param name="Probe">Fine-tune on the defective cells measured through the die's own outputs (<see cref="RowProbe"/>:
/// two programmings and one read per row of each on-die layer) instead of its defect map.</param>
public sealed record DeploymentSettings(string? OnDie = null, bool Calibrate = false, bool Refit = false, bool Place = false,
    int FinetuneSteps = 0, int RefitImages = OutputRefit.DefaultImages, int LoopSteps = 0, bool Probe = false)
{
    /// <summary>The section's name in the configuration tree.</summary>
    public const string Section = "deployment";

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (OnDie is not (null or "all" or "first"))
            throw new InvalidConfigurationException($"{Section}.on_die", OnDie, "choose all or first (or leave it out for the model's own).");
        if (FinetuneSteps is < 0 or > 1_000_000)
            throw new InvalidConfigurationException($"{Section}.finetune_steps", FinetuneSteps, "must be between 0 and 1,000,000.");
        if (LoopSteps is < 0 or > 1_000_000)
            throw new InvalidConfigurationException($"{Section}.loop_steps", LoopSteps, "must be between 0 and 1,000,000.");
        if (Probe && FinetuneSteps == 0)
            throw new InvalidConfigurationException($"{Section}.probe", Probe,
                "the probe measures the die for fine-tuning: give deployment.finetune_steps too.");
        if (RefitImages is < 10 or > 60_000)
            throw new InvalidConfigurationException($"{Section}.refit_images", RefitImages, "must be between 10 and 60,000 (the training images).");
    }

    /// <summary>The steps as a method name: "calibration", "placement+calibration+finetune-100", or "nothing".</summary>
    public string MethodName
    {
        get
        {
            var parts = new List<string>();
            if (Place) parts.Add("placement");
            if (Calibrate) parts.Add("calibration");
            if (Refit) parts.Add("refit");
            if (Probe) parts.Add("probe");
            if (FinetuneSteps > 0) parts.Add($"finetune-{FinetuneSteps}");
            if (LoopSteps > 0) parts.Add($"loop-{LoopSteps}");
            return parts.Count == 0 ? "nothing" : string.Join("+", parts);
        }
    }

    /// <summary>Whether a step needs the die's defect map (fine-tuning does not after a probe).</summary>
    public bool NeedsMap => Place || (FinetuneSteps > 0 && !Probe);

    /// <summary>What the steps train, in words ("no", "hardware-aware fine-tuning, 100 steps").</summary>
    public string Trains
    {
        get
        {
            var parts = new List<string>();
            if (FinetuneSteps > 0)
                parts.Add($"hardware-aware fine-tuning, {FinetuneSteps} steps{(Probe ? ", on probed cells" : "")}");
            if (LoopSteps > 0) parts.Add($"chip-in-the-loop fine-tuning, {LoopSteps} steps");
            if (Refit) parts.Add("a convex refit of the digital output stage");
            return parts.Count == 0 ? "no" : string.Join("; ", parts);
        }
    }
}
