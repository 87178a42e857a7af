using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Interop;

/// <summary>
/// The <c>import</c> section: what <c>crossbar import</c> uses where the weights file does not say. Each field is null
/// to take the file's value (or the default named); a value the file states cannot be overridden with a different one.
/// </summary>
/// <param name="ImageSize">Side of the downsampled input image in pixels, 1 to 28 (default: the square root of the
/// first layer's inputs).</param>
/// <param name="Threshold">Binarisation threshold, a fraction of full intensity in [0, 1] (no default: a file without
/// preprocessing needs it).</param>
/// <param name="Encoding">Values of inputs and hidden neurons: plus-minus-one or zero-one (default: what the file's
/// activations show, else plus-minus-one).</param>
/// <param name="OutputScale">Logit per unit of output column sum, positive (default: the file's, else 1).</param>
/// <param name="OnDie">Which layers sit on the die: all or first (default all).</param>
/// <param name="DigitalLayers">Weights of layers off the die: binary or real (default binary). With real, those layers
/// compute with the file's real weights (scaled into [−1, 1]); with binary, with their signs.</param>
public sealed record ImportSettings(int? ImageSize = null, double? Threshold = null, InputEncoding? Encoding = null,
    float? OutputScale = null, OnDie? OnDie = null, DigitalLayers? DigitalLayers = null)
{
    /// <summary>The section's name in the configuration tree.</summary>
    public const string Section = "import";

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (ImageSize is < 1 or > 28)
            throw new InvalidConfigurationException($"{Section}.image_size", ImageSize,
                "must be between 1 and 28 pixels (MNIST is 28×28).");
        if (Threshold is double t && !(t >= 0 && t <= 1))
            throw new InvalidConfigurationException($"{Section}.threshold", t,
                "must be a fraction of full intensity in [0, 1].");
        if (OutputScale is float s && !(s > 0 && float.IsFinite(s)))
            throw new InvalidConfigurationException($"{Section}.output_scale", s, "must be a positive number.");
        if (Encoding is { } e && !Enum.IsDefined(e))
            throw new InvalidConfigurationException($"{Section}.encoding", e, "choose plus-minus-one or zero-one.");
        if (OnDie is { } o && !Enum.IsDefined(o))
            throw new InvalidConfigurationException($"{Section}.on_die", o, "choose all or first.");
        if (DigitalLayers is { } d && !Enum.IsDefined(d))
            throw new InvalidConfigurationException($"{Section}.digital_layers", d, "choose binary or real.");
    }
}
