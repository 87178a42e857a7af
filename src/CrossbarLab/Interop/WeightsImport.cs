using System.Globalization;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Interop;

/// <summary>How one imported layer's weights were read.</summary>
/// <param name="Source">"latent" (CrossbarLab latent weights, as they are), "binary" (±1 weights, as they are) or
/// "real" (real weights divided by <paramref name="Scale"/> into [−1, 1]).</param>
/// <param name="Scale">The largest |w| of real weights, which they were divided by; 1 otherwise.</param>
public sealed record ImportedLayer(int Inputs, int Outputs, string Source, double Scale);

/// <summary>A model brought in from a weights file.</summary>
/// <param name="Network">The network, ready for model.json.</param>
/// <param name="Format">"npz" or "onnx".</param>
/// <param name="Layers">How each layer was read.</param>
/// <param name="Notes">What a user should know (binarised real weights, arithmetic that differs), one line each.
/// </param>
public sealed record ImportedNetwork(BinaryNetwork Network, string Format, IReadOnlyList<ImportedLayer> Layers,
    IReadOnlyList<string> Notes);

/// <summary>
/// Brings weights trained elsewhere into CrossbarLab (<c>crossbar import</c>): an npz with the documented array names
/// (<see cref="WeightsNpz"/>) or an ONNX chain (<see cref="OnnxModelReader"/>). ±1 weights are taken as they are,
/// latent weights too; real-valued weights become latent weights divided by their largest magnitude (the scale is
/// recorded), and a layer that computes with real weights (a real digital layer) keeps computing exactly the file's
/// function: its offsets are divided by the same scale and, for the output layer, the output scale multiplied by it.
/// The shapes must chain, end in 10 classes and fit the die array.
/// </summary>
public static class WeightsImport
{
    /// <summary>
    /// Reads <paramref name="path"/> (.npz or .onnx) into a model fitting <paramref name="geometry"/>.
    /// </summary>
    public static ImportedNetwork Import(string path, ImportSettings settings, ArrayGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var source = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".npz" => WeightsNpz.Read(path),
            ".onnx" => WeightsSource.FromOnnx(path, OnnxModelReader.Read(path)),
            _ => throw new InvalidDataFileException(path,
                "is neither an .npz (NumPy) nor an .onnx file; give weights in one of those (see docs/python.md)."),
        };
        CheckChain(source);
        var spec = Spec(source, settings);
        var notes = new List<string>(source.Notes);
        int count = source.Layers.Count;
        var latent = new float[count][];
        var offsets = new float[count][];
        var gains = new float[count][];
        var layers = new List<ImportedLayer>();
        float outputScale = spec.OutputScale;
        for (int l = 0; l < count; l++)
        {
            var layer = source.Layers[l];
            var (weights, kind, scale) = Latent(layer);
            latent[l] = weights;
            offsets[l] = spec.HasOffsets ? (float[]?)layer.Offsets?.Clone() ?? new float[layer.Outputs] : [];
            gains[l] = (float[]?)layer.Gains?.Clone() ?? [];
            layers.Add(new ImportedLayer(layer.Inputs, layer.Outputs, kind, scale));
            if (kind != "real")
                continue;
            if (spec.IsReal(l))
            {
                for (int j = 0; j < offsets[l].Length; j++)
                    offsets[l][j] = (float)(offsets[l][j] / scale);
                if (l == count - 1)
                    outputScale = (float)(outputScale * scale);
                notes.Add($"layer {l}: real weights divided by {Text(scale)} into [−1, 1] (offsets too); it " +
                    "computes with them, so it gives the file's outputs up to that factor.");
            }
            else
            {
                notes.Add($"layer {l}: real weights divided by {Text(scale)} into [−1, 1] as latent weights; the " +
                    "die computes with their signs.");
            }
        }
        spec = spec with { OutputScale = outputScale };
        Fit(spec, geometry);
        return new ImportedNetwork(new BinaryNetwork(spec, latent, offsets, gains), source.Format, layers, notes);
    }

    private static void CheckChain(WeightsSource source)
    {
        var layers = source.Layers;
        for (int l = 1; l < layers.Count; l++)
        {
            if (layers[l].Inputs != layers[l - 1].Outputs)
                throw new InvalidDataFileException(source.Path,
                    $"layer {l} has {layers[l].Inputs} inputs but layer {l - 1} has {layers[l - 1].Outputs} outputs.");
        }
        if (layers[^1].Outputs != 10)
            throw new InvalidDataFileException(source.Path,
                $"the last layer has {layers[^1].Outputs} outputs; MNIST has 10 classes.");
        if (layers.Count - 1 > NetworkSpec.MaxHiddenLayers)
            throw new InvalidDataFileException(source.Path,
                $"has {layers.Count} layers; at most {NetworkSpec.MaxHiddenLayers + 1} are supported.");
    }

    /// <summary>The network's spec: the file's where it says, the settings where it does not, else defaults.</summary>
    private static NetworkSpec Spec(WeightsSource source, ImportSettings settings)
    {
        var layers = source.Layers;
        var stated = source.Spec;
        int inputs = layers[0].Inputs;
        int root = (int)Math.Round(Math.Sqrt(inputs));
        int? square = root * root == inputs && root <= OnnxNetwork.SourceSize ? root : null;
        int size = Pick("image_size", settings.ImageSize, stated?.ImageSize ?? source.ImageSize, square)
            ?? throw new InvalidConfigurationException($"{ImportSettings.Section}.image_size", null,
                $"the first layer has {inputs} inputs, not the pixels of a square image of at most 28×28.");
        if (size * size != inputs)
            throw new InvalidConfigurationException($"{ImportSettings.Section}.image_size", size,
                $"the first layer of {source.Path} has {inputs} inputs, not {size}×{size}.");
        double threshold = Pick("threshold", settings.Threshold, stated?.Threshold ?? source.Threshold, null)
            ?? throw new InvalidConfigurationException($"{ImportSettings.Section}.threshold", null,
                $"{source.Path} does not say its binarisation threshold; give it (a fraction of full intensity).");
        var encoding = Pick("encoding", settings.Encoding, stated?.Encoding ?? source.Encoding, null)
            ?? InputEncoding.PlusMinusOne;
        float scale = Pick("output_scale", settings.OutputScale, stated?.OutputScale ?? source.OutputScale, null) ?? 1f;
        if (!(scale > 0 && float.IsFinite(scale)))
            throw new InvalidDataFileException(source.Path,
                $"its output scale {Text(scale)} is not positive; CrossbarLab's logits are sums times a positive " +
                "scale.");
        var onDie = Pick("on_die", settings.OnDie, stated?.OnDie, null) ?? OnDie.All;
        var digital = Pick("digital_layers", settings.DigitalLayers, stated?.DigitalLayers, null)
            ?? DigitalLayers.Binary;
        bool any = layers.Any(l => l.Offsets != null);
        bool? offsets = stated != null && stated.HasOffsets == any ? stated.Offsets : any;
        int[] hidden = layers.Take(layers.Count - 1).Select(l => l.Outputs).ToArray();
        var spec = new NetworkSpec(size, threshold, hidden, 10, scale, encoding, offsets, onDie, digital);
        try
        {
            spec.Validate();
        }
        catch (InvalidConfigurationException e)
        {
            throw new InvalidDataFileException(source.Path, e.Message, e);
        }
        return spec;
    }

    /// <summary>
    /// The setting where given, else what the file states, else the fallback; a setting that contradicts the file is
    /// refused.
    /// </summary>
    private static T? Pick<T>(string field, T? given, T? stated, T? fallback) where T : struct
    {
        if (given.HasValue && stated.HasValue && !given.Value.Equals(stated.Value))
            throw new InvalidConfigurationException($"{ImportSettings.Section}.{field}", Shown(given.Value),
                $"the weights file says {Shown(stated.Value)}; leave the setting out or give the file's value.");
        return given ?? stated ?? fallback;
    }

    private static string Shown<T>(T value) where T : struct => value switch
    {
        // Serialised as its own type (T), not as Enum, which the serializer would write as an empty object.
        Enum => IO.JsonConventions.ToNode(value)!.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A layer's latent weights, how they were read, and the scale real weights were divided by.</summary>
    private static (float[] Weights, string Kind, double Scale) Latent(SourceLayer layer)
    {
        var w = layer.Weights;
        if (layer.Latent)
            return ((float[])w.Clone(), "latent", 1);
        if (Array.TrueForAll(w, v => v is 1f or -1f))
            return ((float[])w.Clone(), "binary", 1);
        double largest = 0;
        foreach (float v in w)
            largest = Math.Max(largest, Math.Abs(v));
        if (largest == 0)
            return (new float[w.Length], "real", 1);
        var scaled = new float[w.Length];
        for (int k = 0; k < w.Length; k++)
            scaled[k] = Math.Clamp((float)(w[k] / largest), -1f, 1f);
        return (scaled, "real", largest);
    }

    private static void Fit(NetworkSpec spec, ArrayGeometry geometry)
    {
        try
        {
            EffectiveWeights.Mapping(spec, geometry);
        }
        catch (InvalidConfigurationException e)
        {
            throw new InvalidConfigurationException(
                $"{e.Message} An imported network can also put only its first layer on the die " +
                $"({ImportSettings.Section}.on_die first).");
        }
    }

    private static string Text(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
