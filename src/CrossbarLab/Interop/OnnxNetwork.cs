using CrossbarLab.Data;

namespace CrossbarLab.Interop;

/// <summary>
/// A binary network as the ONNX graph computes it, from raw 28×28 MNIST pixels to logits: area-average downsampling to
/// ImageSize × ImageSize, the threshold, the encoding, the layers, and the output layer's sums times OutputScale.
/// Plain arrays only, so it does not depend on CrossbarLab's model types.
/// </summary>
/// <param name="ImageSize">Side of the downsampled image, 1 to 28; the first layer has ImageSize² inputs.</param>
/// <param name="Threshold">
/// Intensity in [0, 1] at or above which a downsampled pixel is on (compared in float32).
/// </param>
/// <param name="Encoding">How on/off pixels and hidden neurons become numbers.</param>
/// <param name="Layers">The layers, first to last; all but the last are hidden.</param>
/// <param name="OutputScale">Factor from the last layer's sums to the logits.</param>
/// <param name="Metadata">Key/value strings stored in the model (keys starting "crossbarlab." are reserved).</param>
public sealed record OnnxNetwork(
    int ImageSize,
    double Threshold,
    InputEncoding Encoding,
    IReadOnlyList<OnnxLayer> Layers,
    float OutputScale,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Side of the raw input images in pixels.</summary>
    public const int SourceSize = 28;

    /// <summary>Prefix of the metadata keys the exporter writes itself.</summary>
    public const string ReservedPrefix = "crossbarlab.";

    /// <summary>Throws an <see cref="ArgumentException"/> saying what is inconsistent.</summary>
    public void Validate()
    {
        if (ImageSize < 1 || ImageSize > SourceSize)
            throw new ArgumentException($"image size {ImageSize} must be between 1 and {SourceSize}.");
        if (!(Threshold >= 0 && Threshold <= 1))
            throw new ArgumentException($"threshold {Threshold} must be a fraction in [0, 1].");
        if (!Enum.IsDefined(Encoding))
            throw new ArgumentException($"encoding {Encoding} is not defined.");
        if (Layers is null || Layers.Count == 0)
            throw new ArgumentException("the network has no layers.");
        if (!float.IsFinite(OutputScale))
            throw new ArgumentException($"output scale {OutputScale} must be finite.");
        int inputs = ImageSize * ImageSize;
        for (int l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l] ?? throw new ArgumentException($"layer {l} is null.");
            layer.Validate(l);
            if (layer.Inputs != inputs)
                throw new ArgumentException($"layer {l} has {layer.Inputs} inputs but receives {inputs}.");
            if (layer.Hidden != (l < Layers.Count - 1))
                throw new ArgumentException(
                    $"layer {l} must be {(l < Layers.Count - 1 ? "hidden" : "the output layer (not hidden)")}.");
            inputs = layer.Outputs;
        }
        foreach (var (key, value) in Metadata ?? throw new ArgumentException(
            "metadata is null (pass an empty dictionary)."))
        {
            if (string.IsNullOrEmpty(key) || value is null)
                throw new ArgumentException("metadata keys must be non-empty and values non-null.");
            if (key.StartsWith(ReservedPrefix, StringComparison.Ordinal))
                throw new ArgumentException(
                    $"metadata key '{key}' is reserved (keys starting '{ReservedPrefix}' are written by the " +
                    "exporter).");
        }
    }
}
