using System.Text.Json.Serialization;

namespace CrossbarLab.Experiments;

/// <summary>
/// The <c>inputs</c> section: files a run reads besides MNIST. They are part of the configuration so that a run's own
/// config.json re-runs it (paths are recorded absolute).
/// </summary>
/// <param name="Model">Model file (model.json) that <c>eval</c> evaluates.</param>
/// <param name="Models">Model files that <c>analyze</c> compares.</param>
/// <param name="Labels">Their names in legends and JSON, one per model (empty: the run folder's name).</param>
/// <param name="Dies">Die file, or folder of die-*.json files, that <c>eval</c> evaluates on.</param>
/// <param name="Die">Die file of a hardware-aware training or a deployment.</param>
/// <param name="Deployment">Deployment file (deployment.json of <c>deploy</c>) that <c>eval</c> evaluates on its own die.</param>
/// <param name="Weights">Weights file (.npz or .onnx) that <c>import</c> brings in.</param>
public sealed record InputFiles(string? Model = null, string[]? Models = null, string[]? Labels = null, string? Dies = null,
    string? Die = null, string? Deployment = null, string? Weights = null)
{
    /// <summary>The section's name in the configuration tree.</summary>
    public const string Section = "inputs";

    /// <summary>Model files of an analysis, never null.</summary>
    [JsonIgnore] public IReadOnlyList<string> ModelList => Models ?? [];

    /// <summary>Labels of an analysis, or null to derive them from the files.</summary>
    [JsonIgnore] public IReadOnlyList<string>? LabelList => Labels is { Length: > 0 } ? Labels : null;
}
