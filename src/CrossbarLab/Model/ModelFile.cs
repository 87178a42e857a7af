using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.IO;

namespace CrossbarLab.Model;

/// <summary>
/// Saves and loads a <see cref="BinaryNetwork"/> as JSON:
/// <c>{"format": "crossbarlab.model", "version": 2, "spec": {…NetworkSpec…}, "layers": [{"inputs", "outputs", "weights",
/// "offsets"?}], "checksum"}</c>, where a layer's weights are its latent weights, inputs × outputs row-major, and its
/// offsets (only with <see cref="NetworkSpec.HasOffsets"/>) and gains (only in a deployed network that has them) one per
/// output, all little-endian float32, base64-encoded.
/// The checksum (<see cref="DocumentChecksum"/>) covers the whole document, settings included, and is required.
/// </summary>
public static class ModelFile
{
    /// <summary>The value of the "format" field.</summary>
    public const string Format = "crossbarlab.model";

    /// <summary>The version this code writes and reads.</summary>
    public const int Version = 2;

    /// <summary>The largest model file read: a 784-4096-4096-10 network is about 120 MB of base64.</summary>
    public const long MaxBytes = 256L << 20;

    private const string Recreate = "train the model again (crossbar train writes model.json)";

    /// <summary>Writes the network atomically to <paramref name="path"/>.</summary>
    public static void Save(BinaryNetwork network, string path) => AtomicFile.WriteAllText(path, ToJson(network));

    /// <summary>The JSON text of a network.</summary>
    public static string ToJson(BinaryNetwork network)
    {
        var widths = network.Spec.Widths;
        var layers = new JsonArray();
        for (int l = 0; l < network.Weights.Length; l++)
        {
            var layer = new JsonObject
            {
                ["inputs"] = widths[l],
                ["outputs"] = widths[l + 1],
                ["weights"] = Base64(network.Weights[l]),
            };
            if (network.Spec.HasOffsets) layer["offsets"] = Base64(network.Offsets[l]);
            if (network.Gains[l].Length > 0) layer["gains"] = Base64(network.Gains[l]);
            layers.Add(layer);
        }
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["spec"] = JsonConventions.ToNode(network.Spec),
            ["layers"] = layers,
        };
        return DocumentChecksum.Seal(root).ToJsonString(JsonConventions.Options);
    }

    /// <summary>Reads and validates a model file.</summary>
    /// <exception cref="InvalidDataFileException">The file is missing, not JSON, of another format or version, or damaged.</exception>
    public static BinaryNetwork Load(string path) => FromJson(path, TextFile.Read(path, MaxBytes, "model file"));

    /// <summary>Parses model JSON; <paramref name="name"/> appears in error messages.</summary>
    public static BinaryNetwork FromJson(string name, string text)
    {
        JsonNode? root;
        try { root = JsonInput.Parse(text); }
        catch (JsonException e) { throw new InvalidDataFileException(name, $"not valid JSON ({e.Message}).", e); }
        if (root is not JsonObject obj) throw new InvalidDataFileException(name, "expected a JSON object at the top level.");
        if (Read<string>(name, obj, "format") != Format)
            throw new InvalidDataFileException(name, $"field 'format' must be '{Format}': this is not a CrossbarLab model file.");
        int version = Read<int>(name, obj, "version");
        if (version != Version)
            throw new InvalidDataFileException(name, $"model version {version} is not supported (this CrossbarLab reads version {Version}); {Recreate}.");
        DocumentChecksum.Verify(name, obj, Recreate);

        var spec = Spec(name, obj);
        if (obj["layers"] is not JsonArray layers || layers.Count != spec.LayerCount)
            throw new InvalidDataFileException(name, $"field 'layers' must be a list of {spec.LayerCount} layers for a {spec.Shape} network.");
        var widths = spec.Widths;
        var weights = new float[layers.Count][];
        var offsets = new float[layers.Count][];
        var gains = new float[layers.Count][];
        for (int l = 0; l < layers.Count; l++)
        {
            if (layers[l] is not JsonObject layer) throw new InvalidDataFileException(name, $"layer {l} is not an object.");
            int inputs = Read<int>(name, layer, "inputs");
            int outputs = Read<int>(name, layer, "outputs");
            if (inputs != widths[l] || outputs != widths[l + 1])
                throw new InvalidDataFileException(name, $"layer {l} is {inputs}×{outputs} but the spec {spec.Shape} needs {widths[l]}×{widths[l + 1]}.");
            weights[l] = Floats(name, layer, "weights", (long)inputs * outputs, l);
            int bad = Array.FindIndex(weights[l], x => !(x >= -1f && x <= 1f));
            if (bad >= 0) throw new InvalidDataFileException(name, $"layer {l}: weight {bad} is {weights[l][bad]}, outside the latent range [−1, 1].");
            offsets[l] = spec.HasOffsets ? Floats(name, layer, "offsets", outputs, l) : [];
            int badOffset = Array.FindIndex(offsets[l], x => !float.IsFinite(x));
            if (badOffset >= 0) throw new InvalidDataFileException(name, $"layer {l}: offset {badOffset} is {offsets[l][badOffset]}.");
            gains[l] = layer["gains"] is null ? [] : Floats(name, layer, "gains", outputs, l);
            int badGain = Array.FindIndex(gains[l], x => !float.IsFinite(x));
            if (badGain >= 0) throw new InvalidDataFileException(name, $"layer {l}: gain {badGain} is {gains[l][badGain]}.");
        }
        return new BinaryNetwork(spec, weights, offsets, gains);
    }

    private static NetworkSpec Spec(string name, JsonObject obj)
    {
        NetworkSpec? spec;
        try { spec = obj["spec"]?.Deserialize<NetworkSpec>(JsonConventions.Options); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        { throw new InvalidDataFileException(name, $"field 'spec' is malformed ({e.Message}).", e); }
        if (spec is null || spec.Hidden is null) throw new InvalidDataFileException(name, "field 'spec' is missing or incomplete.");
        try { spec.Validate(); }
        catch (InvalidConfigurationException e) { throw new InvalidDataFileException(name, $"field 'spec': {e.Message}", e); }
        return spec;
    }

    private static string Base64(float[] values) => Convert.ToBase64String(MemoryMarshal.AsBytes(values.AsSpan()));

    private static float[] Floats(string name, JsonObject layer, string field, long count, int l)
    {
        string text = Read<string>(name, layer, field);
        // A text far longer than the layer's size is refused before it is decoded.
        if ((long)text.Length > 4 * ((4 * count + 2) / 3) + 4)
            throw new InvalidDataFileException(name, $"layer {l}: '{field}' holds about {(long)text.Length * 3 / 16} values, expected {count}.");
        byte[] bytes;
        try { bytes = Convert.FromBase64String(text); }
        catch (FormatException e) { throw new InvalidDataFileException(name, $"layer {l}: '{field}' is not valid base64.", e); }
        if (bytes.Length != 4 * count)
            throw new InvalidDataFileException(name, $"layer {l}: '{field}' holds {bytes.Length} bytes, expected {4 * count} ({count} float32).");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private static T Read<T>(string name, JsonObject obj, string field)
    {
        try
        {
            var node = obj[field] ?? throw new InvalidDataFileException(name, $"field '{field}' is missing.");
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataFileException(name, $"field '{field}' has the wrong type (expected {typeof(T).Name}).", e);
        }
    }
}
