using System.Text.Json.Nodes;
using CrossbarLab.Analysis;

namespace CrossbarLab.Results;

/// <summary>A model an analysis compared: its label, the file it came from, its shape.</summary>
/// <param name="Label">Name in legends and JSON.</param>
/// <param name="Path">Model file it was loaded from (empty for a model handed over in memory).</param>
/// <param name="Shape">Network shape, e.g. "100-90-10".</param>
public sealed record AnalyzedModelInfo(string Label, string Path, string Shape)
{
    /// <summary>The models as results.json lists them.</summary>
    public static JsonArray ToJson(IEnumerable<AnalyzedModelInfo> models) => new(models.Select(m => (JsonNode)new JsonObject
    {
        ["label"] = m.Label,
        ["path"] = m.Path,
        ["shape"] = m.Shape,
    }).ToArray());
}

/// <summary>What <c>crossbar analyze sensitivity</c> measured.</summary>
/// <param name="Seed">Seed of every draw.</param>
/// <param name="Trials">Draws per nonzero rate.</param>
/// <param name="Models">The models compared.</param>
/// <param name="Curves">Every curve (each kind, each model).</param>
public sealed record SensitivityRunResult(ulong Seed, int Trials, IReadOnlyList<AnalyzedModelInfo> Models, IReadOnlyList<SensitivityCurve> Curves)
{
    /// <summary>results.json of the command.</summary>
    public JsonObject ToJson() => new()
    {
        ["command"] = "analyze sensitivity",
        ["seed"] = Seed,
        ["trials"] = Trials,
        ["confidence"] = 0.95,
        ["models"] = AnalyzedModelInfo.ToJson(Models),
        ["curves"] = new JsonArray(Curves.Select(c => (JsonNode)AnalysisJson.Curve(c)).ToArray()),
    };
}

/// <summary>What <c>crossbar analyze landscape</c> measured.</summary>
/// <param name="Seed">Seed of the random directions.</param>
/// <param name="Space">The weight space perturbed.</param>
/// <param name="Models">The models compared.</param>
/// <param name="Landscapes">One landscape per model, in order.</param>
public sealed record LandscapeRunResult(ulong Seed, WeightSpace Space, IReadOnlyList<AnalyzedModelInfo> Models, IReadOnlyList<LandscapeResult> Landscapes)
{
    /// <summary>results.json of the command.</summary>
    public JsonObject ToJson() => new()
    {
        ["command"] = "analyze landscape",
        ["seed"] = Seed,
        ["space"] = Space.Name(),
        ["models"] = new JsonArray(Landscapes.Select((r, i) =>
        {
            var o = AnalysisJson.Landscape(r);
            o["path"] = Models[i].Path;
            return (JsonNode)o;
        }).ToArray()),
    };
}
