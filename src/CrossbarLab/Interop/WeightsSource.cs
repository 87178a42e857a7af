using CrossbarLab.Data;
using CrossbarLab.Model;

namespace CrossbarLab.Interop;

/// <summary>One layer as a weights file holds it, before it becomes part of a model.</summary>
/// <param name="Weights">Inputs × outputs, row-major: latent weights, ±1 weights or real weights.</param>
/// <param name="Latent">Whether <paramref name="Weights"/> are CrossbarLab latent weights (in [−1, 1]).</param>
/// <param name="Offsets">Per-neuron offsets, or null.</param>
/// <param name="Gains">Per-neuron gains, or null.</param>
internal sealed record SourceLayer(int Inputs, int Outputs, float[] Weights, bool Latent, float[]? Offsets,
    float[]? Gains);

/// <summary>
/// What a weights file (npz or ONNX) holds: its layers and the settings it states; null where it says nothing.
/// </summary>
/// <param name="Format">"npz" or "onnx".</param>
/// <param name="Spec">The whole network spec, when the file was exported by CrossbarLab.</param>
/// <param name="Notes">Where the file's arithmetic differs from CrossbarLab's, one line each.</param>
internal sealed record WeightsSource(string Path, string Format, List<SourceLayer> Layers, NetworkSpec? Spec,
    int? ImageSize, double? Threshold, InputEncoding? Encoding, float? OutputScale, List<string> Notes)
{
    /// <summary>The layers and settings of an ONNX model read by <see cref="OnnxModelReader"/>.</summary>
    public static WeightsSource FromOnnx(string path, OnnxImport onnx)
    {
        var layers = onnx.Layers
            .Select(l => new SourceLayer(l.Inputs, l.Outputs, l.Weights, false, l.Offsets, l.Gains))
            .ToList();
        var spec = onnx.Metadata.TryGetValue("network", out var json) ? WeightsNpz.SpecFromJson(path, json) : null;
        // The encoding is known from the preprocessing or from the hidden layers' activations, not from one layer.
        InputEncoding? encoding = onnx.HasPreprocessing || layers.Count > 1 ? onnx.Encoding : null;
        return new WeightsSource(path, "onnx", layers, spec, onnx.ImageSize, onnx.Threshold, encoding,
            onnx.OutputScale, [.. onnx.Notes]);
    }
}
