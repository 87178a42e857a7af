using System.Text.Json.Nodes;
using CrossbarLab.Interop;

namespace CrossbarLab.Results;

/// <summary>What <c>crossbar import</c> brought in and how the imported model does.</summary>
/// <param name="Weights">Absolute path of the weights file.</param>
/// <param name="Format">"npz" or "onnx".</param>
/// <param name="Shape">The network's layer widths, e.g. "100-90-10".</param>
/// <param name="Layers">How each layer's weights were read (source and scale).</param>
/// <param name="Notes">What the user should know about the import, one line each.</param>
/// <param name="TestError">The imported model's MNIST test error with ideal weights.</param>
/// <param name="TestSamples">Test images evaluated.</param>
public sealed record ImportResult(string Weights, string Format, string Shape, IReadOnlyList<ImportedLayer> Layers,
    IReadOnlyList<string> Notes, double TestError, int TestSamples)
{
    /// <summary>results.json of <c>crossbar import</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["command"] = "import",
        ["weights"] = Weights,
        ["format"] = Format,
        ["shape"] = Shape,
        ["layers"] = new JsonArray(Layers.Select(l => (JsonNode)new JsonObject
        {
            ["inputs"] = l.Inputs,
            ["outputs"] = l.Outputs,
            ["source"] = l.Source,
            ["scale"] = l.Scale,
        }).ToArray()),
        ["notes"] = new JsonArray(Notes.Select(n => (JsonNode)n).ToArray()),
        ["test_error"] = TestError,
        ["test_samples"] = TestSamples,
    };
}
