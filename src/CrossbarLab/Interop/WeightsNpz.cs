using System.Globalization;
using System.Text.Json;
using CrossbarLab.Data;
using CrossbarLab.IO;
using CrossbarLab.Model;

namespace CrossbarLab.Interop;

/// <summary>
/// The npz form of a model (<c>crossbar export --format npz</c>), readable with <c>numpy.load</c> alone, and its
/// reading back (<c>crossbar import</c>). Per layer l: <c>layer{l}_latent</c> (float32, inputs × outputs),
/// <c>layer{l}_binary</c> (int8 ±1, sign(0) = +1), <c>layer{l}_offsets</c> and <c>layer{l}_gains</c> (float32,
/// outputs; when the network has them), <c>layer{l}_effective</c> (float32, inputs × outputs; with a die). Settings as
/// 0-d arrays (<c>image_size</c>, <c>threshold</c>, <c>encoding</c>, <c>input_off</c>, <c>output_scale</c>,
/// <c>tie_tolerance</c>, <c>layers</c>, <c>on_die_layers</c>), <c>real_layers</c> (bool per layer), the downsampling
/// as index and weight tables, and JSON strings <c>network</c> and <c>metadata</c>. docs/file-formats.md has the table.
/// </summary>
public static class WeightsNpz
{
    /// <summary>The value of the <c>format</c> entry.</summary>
    public const string Format = "crossbarlab.weights";

    /// <summary>The version of the layout this code writes.</summary>
    public const int Version = 1;

    /// <summary>The archive of <paramref name="export"/>.</summary>
    public static NpzArchive Write(ModelExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var network = export.Network;
        var spec = network.Spec;
        var terms = DownsamplingTerms.For(OnnxNetwork.SourceSize, OnnxNetwork.SourceSize, spec.ImageSize);
        var metadata = export.Metadata.Where(kv => kv.Key != "network").ToDictionary(kv => kv.Key, kv => kv.Value);
        var npz = new NpzArchive()
            .Add("format", NpyArray.Text(Format))
            .Add("version", Scalar(Version))
            .Add("network", NpyArray.Text(export.Metadata["network"]))
            .Add("metadata", NpyArray.Text(JsonSerializer.Serialize(metadata, JsonConventions.Compact)))
            .Add("image_size", Scalar(spec.ImageSize))
            .Add("threshold", new NpyArray(new[] { spec.Threshold }))
            .Add("encoding", NpyArray.Text(OnnxGraphBuilder.EncodingText(spec.Encoding)))
            .Add("input_off", new NpyArray(new[] { spec.Encoding.Off() }))
            .Add("output_scale", new NpyArray(new[] { spec.OutputScale }))
            .Add("tie_tolerance", new NpyArray(new[] { OnnxGraphBuilder.TieTolerance }))
            .Add("layers", Scalar(spec.LayerCount))
            .Add("on_die_layers", Scalar(spec.LayersOnDie))
            .Add("real_layers", NpyArray.Vector(Enumerable.Range(0, spec.LayerCount).Select(spec.IsReal).ToArray()))
            .Add("downsample_indices", new NpyArray(terms.Indices.SelectMany(t => t).ToArray(), terms.Count,
                spec.Inputs))
            .Add("downsample_weights", new NpyArray(terms.Weights.SelectMany(t => t).ToArray(), terms.Count,
                spec.Inputs))
            .Add("downsample_denominator", new NpyArray(new[] { terms.Denominator }));
        for (int l = 0; l < spec.LayerCount; l++)
            AddLayer(npz, export, l);
        if (export.InputRows is int[] rows)
            npz.Add("placement_rows", NpyArray.Vector((int[])rows.Clone()));
        return npz;
    }

    /// <summary>
    /// Reads the layers and stated settings of a weights npz (ours, or one made to the documented names).
    /// </summary>
    internal static WeightsSource Read(string path)
    {
        var npz = NpzArchive.Read(path);
        if (npz.TryGet("format", out var format) && TextOf(path, "format", format) == Format
            && (!npz.TryGet("version", out var version) || Number(path, "version", version) != Version))
            throw new InvalidDataFileException(path,
                $"is a CrossbarLab weights file of another layout version; this CrossbarLab reads version {Version}.");
        var layers = new List<SourceLayer>();
        for (int l = 0; HasLayer(npz, l); l++)
            layers.Add(ReadLayer(npz, path, l));
        if (layers.Count == 0)
            throw new InvalidDataFileException(path,
                "has no layer weights: expected arrays layer0_weights (or layer0_latent, layer0_binary), layer1_… " +
                $"each inputs × outputs; it holds: {Held(npz)}.");
        var spec = npz.TryGet("network", out var text) ? SpecFromJson(path, TextOf(path, "network", text)) : null;
        InputEncoding? encoding = npz.TryGet("encoding", out var e) ? ParseEncoding(path, TextOf(path, "encoding", e))
            : null;
        return new WeightsSource(path, "npz", layers, spec,
            npz.TryGet("image_size", out var size) ? WholeNumber(path, "image_size", size) : null,
            npz.TryGet("threshold", out var threshold) ? Number(path, "threshold", threshold) : null,
            encoding,
            npz.TryGet("output_scale", out var scale) ? (float)Number(path, "output_scale", scale) : null,
            []);
    }

    /// <summary>A network spec from its JSON (the <c>network</c> entry, or ONNX metadata of the same name).</summary>
    internal static NetworkSpec SpecFromJson(string path, string json)
    {
        NetworkSpec? spec;
        try
        {
            spec = JsonInput.Parse(json).Deserialize<NetworkSpec>(JsonConventions.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataFileException(path, $"its 'network' settings are not valid JSON ({e.Message}).", e);
        }
        if (spec?.Hidden is null)
            throw new InvalidDataFileException(path, "its 'network' settings are incomplete.");
        try
        {
            spec.Validate();
        }
        catch (InvalidConfigurationException e)
        {
            throw new InvalidDataFileException(path, $"its 'network' settings: {e.Message}", e);
        }
        return spec;
    }

    /// <summary>The encoding named <paramref name="text"/> (as in the metadata), or an error naming the file.</summary>
    internal static InputEncoding ParseEncoding(string path, string text) => text switch
    {
        "plus-minus-one" => InputEncoding.PlusMinusOne,
        "zero-one" => InputEncoding.ZeroOne,
        _ => throw new InvalidDataFileException(path,
            $"its encoding '{Shown(text)}' is neither 'plus-minus-one' nor 'zero-one'."),
    };

    private static void AddLayer(NpzArchive npz, ModelExport export, int l)
    {
        var network = export.Network;
        int inputs = network.Spec.Widths[l];
        int outputs = network.Spec.Widths[l + 1];
        string prefix = Name(l, "");
        npz.Add(prefix + "latent", new NpyArray((float[])network.Weights[l].Clone(), inputs, outputs));
        sbyte[] signs = Array.ConvertAll(network.Weights[l], w => w >= 0f ? (sbyte)1 : (sbyte)-1);
        npz.Add(prefix + "binary", new NpyArray(signs, inputs, outputs));
        if (network.Spec.HasOffsets)
            npz.Add(prefix + "offsets", NpyArray.Vector((float[])network.Offsets[l].Clone()));
        if (network.Gains[l].Length > 0)
            npz.Add(prefix + "gains", NpyArray.Vector((float[])network.Gains[l].Clone()));
        if (export.OnDie)
            npz.Add(prefix + "effective", new NpyArray((float[])export.Computed[l].Clone(), inputs, outputs));
    }

    private static string Name(int layer, string what) =>
        "layer" + layer.ToString(CultureInfo.InvariantCulture) + "_" + what;

    private static bool HasLayer(NpzArchive npz, int l) =>
        npz.TryGet(Name(l, "latent"), out _) || npz.TryGet(Name(l, "binary"), out _)
        || npz.TryGet(Name(l, "weights"), out _);

    private static SourceLayer ReadLayer(NpzArchive npz, string path, int l)
    {
        bool latent = npz.TryGet(Name(l, "latent"), out var weights);
        string name = latent ? Name(l, "latent") : npz.TryGet(Name(l, "binary"), out weights) ? Name(l, "binary")
            : Name(l, "weights");
        weights ??= npz[name];
        if (weights.Shape.Count != 2 || weights.Shape[0] < 1 || weights.Shape[1] < 1)
            throw new InvalidDataFileException(path,
                $"'{name}' has shape {weights.ShapeText}; a matrix of inputs × outputs was expected.");
        var values = Floats(path, name, weights);
        if (latent)
            CheckLatent(npz, path, l, values);
        int outputs = weights.Shape[1];
        var offsets = Vector(npz, path, Name(l, "offsets"), outputs);
        return new SourceLayer(weights.Shape[0], outputs, values, latent, offsets,
            Vector(npz, path, Name(l, "gains"), outputs));
    }

    /// <summary>Latent weights must lie in [−1, 1] and agree with the ±1 weights stored beside them.</summary>
    private static void CheckLatent(NpzArchive npz, string path, int l, float[] latent)
    {
        int bad = Array.FindIndex(latent, w => !(w >= -1f && w <= 1f));
        if (bad >= 0)
            throw new InvalidDataFileException(path,
                $"'{Name(l, "latent")}' element {bad} is {latent[bad]}, outside the latent range [−1, 1].");
        if (!npz.TryGet(Name(l, "binary"), out var binary))
            return;
        var signs = Floats(path, Name(l, "binary"), binary);
        if (signs.Length != latent.Length)
            throw new InvalidDataFileException(path,
                $"'{Name(l, "binary")}' has {signs.Length} elements but '{Name(l, "latent")}' has {latent.Length}.");
        bad = Enumerable.Range(0, signs.Length).FirstOrDefault(i => signs[i] != (latent[i] >= 0f ? 1f : -1f), -1);
        if (bad >= 0)
            throw new InvalidDataFileException(path,
                $"'{Name(l, "binary")}' element {bad} is {signs[bad]} but the sign of its latent weight is " +
                $"{(latent[bad] >= 0f ? "+1" : "−1")}: the file was edited; export it again.");
    }

    private static float[]? Vector(NpzArchive npz, string path, string name, int outputs)
    {
        if (!npz.TryGet(name, out var array))
            return null;
        if (array.Count != outputs || array.Shape.Count > 2)
            throw new InvalidDataFileException(path,
                $"'{name}' has shape {array.ShapeText}; ({outputs},) was expected, one per neuron.");
        return Floats(path, name, array);
    }

    /// <summary>A numeric array's values as float32, refusing strings, NaN and infinities.</summary>
    private static float[] Floats(string path, string name, NpyArray array)
    {
        if (array.Dtype == NpyDtype.Unicode)
            throw new InvalidDataFileException(path, $"'{name}' holds strings; numbers were expected.");
        FiniteValues.Require(array, path, $"'{name}'");
        var values = array.Dtype == NpyDtype.Float32 ? (float[])array.Get<float>().Clone()
            : Array.ConvertAll(array.ToDoubles(), v => (float)v);
        int bad = FiniteValues.IndexOfNonFinite(values);
        if (bad >= 0)
            throw new InvalidDataFileException(path,
                $"'{name}' element {bad} does not fit float32 (it becomes {FiniteValues.Describe(values[bad])}).");
        return values;
    }

    private static double Number(string path, string name, NpyArray array)
    {
        if (array.Dtype == NpyDtype.Unicode || array.Count != 1)
            throw new InvalidDataFileException(path,
                $"'{name}' must be one number, not a {array}.");
        FiniteValues.Require(array, path, $"'{name}'");
        return array.ToDoubles()[0];
    }

    private static int WholeNumber(string path, string name, NpyArray array)
    {
        double value = Number(path, name, array);
        if (value != Math.Floor(value) || value < 1 || value > OnnxNetwork.SourceSize)
            throw new InvalidDataFileException(path,
                $"'{name}' is {value}; a whole number from 1 to {OnnxNetwork.SourceSize} was expected.");
        return (int)value;
    }

    private static string TextOf(string path, string name, NpyArray array)
    {
        if (array.Dtype != NpyDtype.Unicode || array.Count != 1)
            throw new InvalidDataFileException(path, $"'{name}' must be one string, not a {array}.");
        return array.Get<string>()[0];
    }

    private static NpyArray Scalar(int value) => new(new[] { value });

    private static string Held(NpzArchive npz) =>
        npz.Count == 0 ? "nothing" : string.Join(", ", npz.Names.Take(12).Select(Shown))
            + (npz.Count > 12 ? ", …" : "");

    private static string Shown(string text) =>
        new(text.Take(60).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
