using CrossbarLab.Data;

namespace CrossbarLab.Interop;

/// <summary>
/// What <see cref="OnnxModelReader"/> found in an ONNX model: the layers, the encoding and output scale, and, for a
/// graph
/// CrossbarLab exported, its preprocessing (image size and threshold); for a plain chain that takes encoded inputs
/// directly, those two are null and the caller supplies them.
/// </summary>
/// <param name="Layers">The layers, first to last (all but the last hidden).</param>
/// <param name="Encoding">The encoding of inputs and hidden activations (±1 when nothing says otherwise).</param>
/// <param name="OutputScale">The scalar the last layer's sums are multiplied by (1 when the graph has none).</param>
/// <param name="ImageSize">Side of the downsampled image, or null when the graph has no preprocessing.</param>
/// <param name="Threshold">Binarisation threshold, or null when the graph has no preprocessing.</param>
/// <param name="Metadata">The model's metadata properties, without the reserved "crossbarlab." keys.</param>
/// <param name="Notes">
/// Where the graph's arithmetic differs from CrossbarLab's (e.g. ONNX Sign gives 0 at 0), one line each.
/// </param>
public sealed record OnnxImport(
    IReadOnlyList<OnnxLayer> Layers,
    InputEncoding Encoding,
    float OutputScale,
    int? ImageSize,
    double? Threshold,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<string> Notes)
{
    /// <summary>
    /// Whether the graph starts from raw images (CrossbarLab's preprocessing) rather than encoded inputs.
    /// </summary>
    public bool HasPreprocessing => ImageSize.HasValue;

    /// <summary>
    /// The network with its preprocessing: the graph's own, else <paramref name="imageSize"/> (default: the square root
    /// of the first layer's inputs, when that is a whole number up to 28) and <paramref name="threshold"/>.
    /// Throws <see cref="InvalidOperationException"/> when neither the graph nor the caller gives them.
    /// </summary>
    public OnnxNetwork ToNetwork(int? imageSize = null, double? threshold = null)
    {
        int inputs = Layers[0].Inputs;
        int root = (int)Math.Round(Math.Sqrt(inputs));
        int? square = root * root == inputs && root <= OnnxNetwork.SourceSize ? root : null;
        int size = ImageSize ?? imageSize ?? square
            ?? throw new InvalidOperationException(
                $"the first layer has {inputs} inputs, not a square image; pass the image size.");
        double t = Threshold ?? threshold
            ?? throw new InvalidOperationException("the graph takes encoded inputs and has no threshold; pass one.");
        var network = new OnnxNetwork(size, t, Encoding, Layers, OutputScale, Metadata);
        network.Validate();
        return network;
    }
}
