using System.Text.Json.Serialization;
using CrossbarLab.Data;
using CrossbarLab.Hardware;

namespace CrossbarLab.Model;

/// <summary>
/// The shape of a binary neural network: preprocessed MNIST inputs (Size² of them, ±1), hidden layers of sign neurons,
/// and 10 outputs whose column sums, times <see cref="OutputScale"/>, are the logits of a softmax.
/// </summary>
/// <param name="ImageSize">Side of the downsampled input image in pixels; the network has ImageSize² inputs.</param>
/// <param name="Threshold">Binarisation threshold, a fraction of full intensity in [0, 1].</param>
/// <param name="Hidden">Neurons per hidden layer, first to last.</param>
/// <param name="Outputs">Output neurons (classes).</param>
/// <param name="OutputScale">Factor (dimensionless) from an output column's sum of ±1 products to its softmax logit.</param>
/// <param name="Encoding">How every layer's binary inputs drive the rows: ±1 (every row carries current) or 0/1 (a row whose
/// input is 0 sits at the reference voltage and carries no current); hidden neurons output the same values.</param>
/// <param name="Offsets">Whether every neuron has a digital offset (bias) added after its ADC, trained with the weights; null
/// for the encoding's default (on with 0/1 inputs, whose neurons need a threshold; off with ±1).</param>
/// <param name="OnDie">Which layers sit on the die: all (default) or the first only; the others run digitally without defects.</param>
/// <param name="DigitalLayers">Weights of the layers off the die: binary (default) or real.</param>
public sealed record NetworkSpec(
    int ImageSize,
    double Threshold,
    int[] Hidden,
    int Outputs,
    float OutputScale,
    InputEncoding Encoding = InputEncoding.PlusMinusOne,
    bool? Offsets = null,
    OnDie OnDie = OnDie.All,
    DigitalLayers DigitalLayers = DigitalLayers.Binary)
{
    /// <summary>
    /// The paper-sized default: 10×10 binarised inputs, 90 hidden, 10 outputs = 9,900 weights = 19,800 devices in
    /// differential pairs, which fits the 20,000-MTJ array of the reference die (the paper does not publish its exact sizes).
    /// </summary>
    public static NetworkSpec Die { get; } = new(10, 0.25, [90], 10, 0.2f);

    /// <summary>A larger software network (784 inputs, 512 hidden) for comparison with the BNN literature.</summary>
    public static NetworkSpec Large { get; } = new(28, 0.3, [512], 10, 0.05f);

    /// <summary>Looks up a preset by name ("die" or "large").</summary>
    public static NetworkSpec Preset(string name) => name switch
    {
        "die" => Die,
        "large" => Large,
        _ => throw new InvalidConfigurationException(Section, name, "unknown network preset: choose die (100-90-10) or large (784-512-10)."),
    };

    /// <summary>Number of network inputs.</summary>
    [JsonIgnore] public int Inputs => ImageSize * ImageSize;

    /// <summary>Layer widths from input to output.</summary>
    [JsonIgnore] public int[] Widths => [Inputs, .. Hidden, Outputs];

    /// <summary>Number of weight layers.</summary>
    [JsonIgnore] public int LayerCount => Hidden.Length + 1;

    /// <summary>Total binary weights.</summary>
    [JsonIgnore] public long WeightCount
    {
        get { long n = 0; var w = Widths; for (int l = 0; l + 1 < w.Length; l++) n += (long)w[l] * w[l + 1]; return n; }
    }

    /// <summary>Devices needed when each weight is stored in a differential pair.</summary>
    [JsonIgnore] public long DifferentialDeviceCount => 2 * WeightCount;

    /// <summary>The preprocessing this network expects.</summary>
    [JsonIgnore] public Preprocessing Preprocessing => new(ImageSize, Threshold, Encoding);

    /// <summary>Whether neurons have digital offsets (the setting, or the encoding's default).</summary>
    [JsonIgnore] public bool HasOffsets => Offsets ?? Encoding == InputEncoding.ZeroOne;

    /// <summary>Weight layers on the die: all, or the first.</summary>
    [JsonIgnore] public int LayersOnDie => OnDie == OnDie.First ? 1 : LayerCount;

    /// <summary>Widths of the part of the network on the die (what a die's array must hold).</summary>
    [JsonIgnore] public int[] OnDieWidths => Widths[..(LayersOnDie + 1)];

    /// <summary>Whether layer <paramref name="layer"/> computes with real weights (a digital layer with real weights).</summary>
    public bool IsReal(int layer) => layer >= LayersOnDie && DigitalLayers == DigitalLayers.Real;

    /// <summary>The section's name in the configuration tree.</summary>
    public const string Section = "network";

    /// <summary>The most neurons a hidden layer may have.</summary>
    public const int MaxLayerWidth = 65536;

    /// <summary>The most hidden layers a network may have.</summary>
    public const int MaxHiddenLayers = 32;

    /// <summary>
    /// The most binary weights a network may have (a 784-4096-4096-10 network has 20 million): every layer then fits a
    /// 32-bit index, and its model file (128 MB of float32, 171 MB of base64) stays within the model reader's cap.
    /// </summary>
    public const long MaxWeights = 32_000_000;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (ImageSize is < 1 or > 28)
            throw new InvalidConfigurationException($"{Section}.image_size", ImageSize, "must be between 1 and 28 pixels (MNIST is 28×28).");
        if (!(Threshold >= 0 && Threshold <= 1))
            throw new InvalidConfigurationException($"{Section}.threshold", Threshold, "must be a fraction of full intensity in [0, 1].");
        if (Hidden is null || Hidden.Any(h => h < 1 || h > MaxLayerWidth))
            throw new InvalidConfigurationException($"{Section}.hidden", Hidden, "every hidden layer needs between 1 and 65,536 neurons.");
        if (Hidden.Length > MaxHiddenLayers)
            throw new InvalidConfigurationException($"{Section}.hidden", $"{Hidden.Length} layers",
                $"a network may have at most {MaxHiddenLayers} hidden layers.");
        if (Outputs != 10)
            throw new InvalidConfigurationException($"{Section}.outputs", Outputs, "MNIST has 10 classes.");
        // Computed in 64 bits: 65,536 × 65,536 overflows a 32-bit product.
        if (WeightCount > MaxWeights)
            throw new InvalidConfigurationException($"{Section}.hidden", Hidden,
                $"the network would have {WeightCount:N0} weights, more than the {MaxWeights:N0} this tool handles.");
        if (!(OutputScale > 0 && float.IsFinite(OutputScale)))
            throw new InvalidConfigurationException($"{Section}.output_scale", OutputScale, "must be a positive number.");
        if (!Enum.IsDefined(Encoding)) throw new InvalidConfigurationException($"{Section}.encoding", Encoding, "choose plus-minus-one or zero-one.");
        if (!Enum.IsDefined(OnDie)) throw new InvalidConfigurationException($"{Section}.on_die", OnDie, "choose all or first.");
        if (!Enum.IsDefined(DigitalLayers))
            throw new InvalidConfigurationException($"{Section}.digital_layers", DigitalLayers, "choose binary or real.");
    }

    /// <summary>Layer widths joined with dashes, e.g. "100-90-10".</summary>
    [JsonIgnore] public string Shape => string.Join("-", Widths);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Shape} BNN ({ImageSize}×{ImageSize} inputs at threshold {Threshold}, {Encoding.Symbol()} encoding{(HasOffsets ? " with offsets" : "")}, "
        + $"{(OnDie == OnDie.First ? $"first layer on the die, {DigitalLayers.ToString().ToLowerInvariant()} digital layers" : "every layer on the die")}, "
        + $"output scale {OutputScale}, {WeightCount:N0} weights)";

}
